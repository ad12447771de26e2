using System.Diagnostics;
using System.Management.Automation;
using AdobeExportJobs.Client;
using AdobeExportJobs.Emulator;
using AdobeExportJobs.Runner;
using AdobeExportJobs.Tests.Module;
using Xunit;

namespace AdobeExportJobs.Tests.Reliability;

/// <summary>
/// A server that holds every answer for a minute must not hold a cmdlet for a minute: each call ends at the session's
/// per-request timeout (times its safe retries) with a clear ErrorRecord, and Ctrl+C ends any of them at once.
/// The bounds asserted are loose (several times the expected time) and far below the server's delay: they catch hangs, not slowness.
/// </summary>
public class TimeoutAndStopTests : IAsyncLifetime
{
    private static readonly TimeSpan ServerDelay = TimeSpan.FromSeconds(60);

    private EmulatorServer _server;
    private long _runningJob;

    public async Task InitializeAsync()
    {
        (_server, _runningJob) = await TestEmulator.StartWithRunningJobAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Connected, with the token fetched already: the slow answers below hit the platform calls only.</summary>
    private ModuleShell Connected(string extra) => ModuleShell.Connected(_server, extra, warmJobId: _runningJob);

    private void HoldEveryAnswer()
    {
        _server.Options.Faults.SlowShare = 1;
        _server.Options.Faults.SlowDelay = ServerDelay;
    }

    public static TheoryData<string, string, ErrorCategory> SlowCalls => new()
    {
        { "Get-ExportJob -Id $Job", "AepRequestTimeout", ErrorCategory.OperationTimeout },
        { "Get-ExportJob -Status NEW", "AepRequestTimeout", ErrorCategory.OperationTimeout },
        { "Remove-ExportJob -Id $Job -Force", "AepRequestTimeout", ErrorCategory.OperationTimeout },
        // The create is never sent again after a timeout; looking for it times out too, so its outcome stays unknown.
        { "New-ExportJob -DatasetId slow-ds", "ExportJobCreateOutcomeUnknown", ErrorCategory.InvalidResult },
    };

    [Theory]
    [MemberData(nameof(SlowCalls))]
    public void Each_call_ends_at_its_timeout_and_its_retries_with_a_clear_error(string script, string errorId, ErrorCategory category)
    {
        using var shell = Connected("-RequestTimeoutSec 1 -MaxRetries 1");
        HoldEveryAnswer();
        var clock = Stopwatch.StartNew();
        var r = shell.Run(script + " -Verbose");
        clock.Stop();

        var error = EngineAssert.SingleError(r, errorId, category);
        Assert.Contains("timed out after 1 s", error.Exception.Message);
        var api = Assert.IsAssignableFrom<AepApiException>(error.Exception);
        Assert.Contains(api.RequestId, error.Exception.Message);
        Assert.Contains(r.Verbose, v => v.Message.Contains("timed out after 1 s; retry 1"));
        // At most: create 1 s + the lookup's 2 attempts of 1 s + backoff.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Wait_ExportJob_ends_at_its_own_Timeout_even_when_each_read_would_take_longer()
    {
        using var shell = Connected("-RequestTimeoutSec 30 -MaxRetries 4");
        HoldEveryAnswer();
        var clock = Stopwatch.StartNew();
        var r = shell.Run("Wait-ExportJob -Id $Job -Timeout 2");
        clock.Stop();

        var error = Assert.Single(r.Errors);
        Assert.StartsWith("ExportJobWaitTimeout,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.Contains("-Timeout 00:00:02", error.Exception.Message);
        Assert.Null(r.TerminatingError);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    public static TheoryData<string> StoppableCalls => new()
    {
        "Get-ExportJob -Id $Job",
        "Get-ExportJob",
        "New-ExportJob -DatasetId stopped-ds",
        "Remove-ExportJob -Id $Job -Force",
        "Wait-ExportJob -Id $Job",
    };

    [Theory]
    [MemberData(nameof(StoppableCalls))]
    public async Task Ctrl_C_ends_a_call_waiting_on_a_held_answer_at_once(string script)
    {
        using var shell = Connected("-RequestTimeoutSec 120");
        HoldEveryAnswer();
        var heldBefore = _server.Statistics.FaultsInjected.GetValueOrDefault(FaultKind.Slow);
        using var ctrlC = new CancellationTokenSource();
        var run = shell.RunAsync(script, cancellationToken: ctrlC.Token);
        // Stop once the request is held by the server, i.e. the cmdlet is inside its await.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_server.Statistics.FaultsInjected.GetValueOrDefault(FaultKind.Slow) == heldBefore && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(_server.Statistics.FaultsInjected.GetValueOrDefault(FaultKind.Slow) > heldBefore, "the request never reached the server");

        ctrlC.Cancel();
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.Same(run, finished);
        var r = await run;
        Assert.IsType<PipelineStoppedException>(r.TerminatingError);
        Assert.Empty(r.Output);

        // The engine is usable again at once.
        _server.Options.Faults.Clear();
        Assert.True(shell.Run("Get-ExportJob -Id $Job").Succeeded);
    }
}
