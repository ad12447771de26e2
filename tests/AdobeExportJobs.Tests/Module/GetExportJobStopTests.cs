using System.Diagnostics;
using System.Management.Automation;
using AdobeExportJobs.Emulator;
using AdobeExportJobs.Model;
using Xunit;
using static AdobeExportJobs.Tests.Module.EngineAssert;

namespace AdobeExportJobs.Tests.Module;

/// <summary>
/// Ctrl+C during Get-ExportJob, timed precisely in a hosted engine with the emulator in process (its faults switched
/// mid-test). Everything else about Get-ExportJob is in tests/Pester/Get-ExportJob.Tests.ps1.
/// </summary>
public class GetExportJobStopTests : IAsyncLifetime
{
    private EmulatorServer _server;
    private List<ExportJobRecord> _jobs;

    /// <summary>Newest first, as the list returns them.</summary>
    private long[] NewestFirst => _jobs.Select(j => j.Id).Reverse().ToArray();

    private long ListCalls => _server.Statistics.RequestsByMethod.TryGetValue("GET", out var n) ? n : 0;

    public async Task InitializeAsync()
    {
        _server = await TestEmulator.StartAsync();
        _jobs = await TestEmulator.CreateJobsAsync(_server, 9);
        await TestEmulator.WaitAllFinishedAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Ctrl_C_stops_a_listing_that_waits_on_a_slow_server_at_once()
    {
        using var shell = ModuleShell.Connected(_server);
        _server.Options.Faults.SlowShare = 1;
        _server.Options.Faults.SlowDelay = TimeSpan.FromSeconds(60);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
            var watch = Stopwatch.StartNew();
            var r = await shell.RunAsync("Get-ExportJob", cancellationToken: cts.Token);
            watch.Stop();
            Assert.IsType<PipelineStoppedException>(r.TerminatingError);
            Assert.Empty(r.Output);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"stopping took {watch.Elapsed}");
        }
        finally
        {
            _server.Options.Faults.Clear();
        }
    }

    [Fact]
    public async Task Ctrl_C_in_the_middle_of_paging_stops_it()
    {
        using var shell = ModuleShell.Connected(_server);
        var before = ListCalls;
        _server.Options.Faults.SlowShare = 1;
        _server.Options.Faults.SlowDelay = TimeSpan.FromMilliseconds(300);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            var r = await shell.RunAsync("Get-ExportJob -PageSize 1", cancellationToken: cts.Token);
            Assert.IsType<PipelineStoppedException>(r.TerminatingError);
            Assert.InRange(r.Output.Count, 0, 3);
            await Task.Delay(700);
            Assert.InRange(ListCalls - before, 1, 4);
        }
        finally
        {
            _server.Options.Faults.Clear();
        }
    }
}
