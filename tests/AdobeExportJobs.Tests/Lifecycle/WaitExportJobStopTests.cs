using System.Diagnostics;
using System.Management.Automation;
using AdobeExportJobs.Tests.Module;
using Xunit;
using Xunit.Abstractions;
using static AdobeExportJobs.Tests.Module.EngineAssert;

namespace AdobeExportJobs.Tests.Lifecycle;

/// <summary>
/// Ctrl+C during Wait-ExportJob, timed precisely in a hosted engine with the emulator in process. Everything else about
/// Wait-ExportJob is in tests/Pester/Wait-ExportJob.Tests.ps1.
/// </summary>
public class WaitExportJobStopTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Stopping_in_the_middle_of_a_wait_returns_promptly_and_leaks_nothing()
    {
        await using var server = await TestEmulator.StartAsync(o => o.MinJobDuration = o.MaxJobDuration = TimeSpan.FromSeconds(60));
        using var shell = new ModuleShell(server);
        Succeeded(shell.Run(ModuleShell.Connect));
        var created = await TestEmulator.CreateJobsAsync(server, 3);
        shell.Set("ids", created.Select(j => j.Id).ToArray());
        using var stop = new CancellationTokenSource();
        var waiting = shell.RunAsync("$ids | Wait-ExportJob; 'not reached'", cancellationToken: stop.Token);
        await Task.Delay(1500);
        Assert.False(waiting.IsCompleted);
        var clock = Stopwatch.StartNew();
        stop.Cancel();
        var r = await waiting.WaitAsync(TimeSpan.FromSeconds(20));
        clock.Stop();
        output.WriteLine($"stopped after {clock.ElapsedMilliseconds} ms");
        Assert.IsType<PipelineStoppedException>(r.TerminatingError);
        Assert.Empty(r.Output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {clock.Elapsed}");
        Assert.NotEmpty(r.Progress);

        // The engine is fine afterwards.
        var after = shell.Run("Get-ExportJob");
        Succeeded(after);
        Assert.Equal(3, after.Output.Count);
    }
}
