using System.Diagnostics;
using System.Management.Automation;
using AdobeExportJobs.Client;
using AdobeExportJobs.Tests.Module;
using Xunit;
using Xunit.Abstractions;

namespace AdobeExportJobs.Tests.Lifecycle;

public class WaitExportJobTests(ITestOutputHelper output)
{
    private static Action<AdobeExportJobs.Emulator.EmulatorOptions> Durations(double minSeconds, double maxSeconds) => o =>
    {
        o.MinJobDuration = TimeSpan.FromSeconds(minSeconds);
        o.MaxJobDuration = TimeSpan.FromSeconds(maxSeconds);
    };

    [Fact]
    public async Task New_piped_to_Wait_returns_the_SUCCEEDED_job_with_a_progress_bar_that_completes()
    {
        await using var env = await Connected.StartAsync(Durations(1.0, 1.2));
        var r = env.RunClean("New-ExportJob -DatasetId piped | Wait-ExportJob");
        var job = Assert.Single(r.Output);
        Assert.Equal("SUCCEEDED", Jobs.Status(job));
        Assert.Equal("AdobeExportJobs.ExportJob", job.TypeNames[0]);
        Assert.True(Jobs.Model(job).ExportedProfiles > 0);
        var running = r.Progress.Where(p => p.RecordType == ProgressRecordType.Processing).ToList();
        Assert.NotEmpty(running);
        Assert.All(running, p => Assert.StartsWith("0 of 1 finished", p.StatusDescription));
        Assert.Contains(running, p => p.StatusDescription.Contains("PROCESSING 1") || p.StatusDescription.Contains("NEW 1"));
        Assert.Contains(running, p => p.CurrentOperation.Contains(Jobs.Id(job).ToString()));
        Assert.Equal(ProgressRecordType.Completed, r.Progress.Last().RecordType);
    }

    [Fact]
    public async Task A_FAILED_job_is_returned_with_an_error_carrying_its_errors_and_ErrorAction_Stop_ends_the_script()
    {
        await using var env = await Connected.StartAsync(Durations(0.3, 0.4));
        var r = env.Run("New-ExportJob -DatasetId will-fail-here | Wait-ExportJob");
        Assert.Equal("FAILED", Jobs.Status(Assert.Single(r.Output)));
        var error = Jobs.SingleError(r, "ExportJobFailed");
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        var failed = Assert.IsType<ExportJobFailedException>(error.Exception);
        Assert.Equal(2, failed.Errors.Count);
        Assert.Contains(failed.Errors, e => e.CallStack == "org.apache.spark.SparkException: Job aborted.");
        Assert.Contains("Job aborted", error.ToString());
        Assert.Equal(failed.Job.Id, Jobs.Id((PSObject)error.TargetObject));

        var stop = env.Run("New-ExportJob -DatasetId fail-again | Wait-ExportJob -ErrorAction Stop; 'after the wait'");
        Assert.NotNull(stop.TerminatingError);
        Assert.DoesNotContain(stop.Output, o => o.BaseObject is string);
    }

    [Fact]
    public async Task Fifty_jobs_are_waited_for_together_in_about_the_time_of_the_slowest()
    {
        await using var env = await Connected.StartAsync(Durations(1.0, 3.0));
        var created = await TestEmulator.CreateJobsAsync(env.Server, 50);
        env.Shell.Set("ids", created.Select(j => j.Id).ToArray());
        var requestsBefore = env.Server.Statistics.RequestsByMethod.GetValueOrDefault("GET");
        var clock = Stopwatch.StartNew();
        var r = env.RunClean("$ids | Wait-ExportJob");
        clock.Stop();
        var jobs = r.Output.Select(Jobs.Model).ToList();
        Assert.Equal(created.Select(j => j.Id).Order(), jobs.Select(j => j.Id).Order());
        Assert.All(jobs, j => Assert.Equal("SUCCEEDED", j.Status));
        var durations = jobs.Select(j => j.Duration!.Value).ToList();
        var sum = TimeSpan.FromTicks(durations.Sum(d => d.Ticks));
        var slowest = durations.Max();
        var gets = env.Server.Statistics.RequestsByMethod.GetValueOrDefault("GET") - requestsBefore;
        output.WriteLine($"50 jobs: wait {clock.Elapsed.TotalSeconds:F2} s, slowest job {slowest.TotalSeconds:F2} s, sum {sum.TotalSeconds:F1} s, {gets} GETs");
        Assert.True(clock.Elapsed < sum / 2, $"waited {clock.Elapsed} for jobs whose durations add up to {sum}");
        // Jobs are emitted as they finish: the ones seen first finished no later than the ones seen last.
        Assert.True(jobs.First().UpdateTime <= jobs.Last().UpdateTime);
    }

    [Fact]
    public async Task Timeout_reports_each_job_still_running_as_an_OperationTimeout_error()
    {
        await using var env = await Connected.StartAsync(Durations(60, 60));
        var created = await TestEmulator.CreateJobsAsync(env.Server, 2);
        env.Shell.Set("ids", created.Select(j => j.Id).ToArray());
        var clock = Stopwatch.StartNew();
        var r = env.Run("Wait-ExportJob -Id $ids -Timeout 1");
        clock.Stop();
        Assert.Empty(r.Output);
        Assert.Equal(2, r.Errors.Count);
        Assert.All(r.Errors, e =>
        {
            Assert.StartsWith("ExportJobWaitTimeout,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.OperationTimeout, e.CategoryInfo.Category);
            Assert.IsType<TimeoutException>(e.Exception);
            Assert.Contains(Jobs.Status((PSObject)e.TargetObject), new[] { "NEW", "PROCESSING" });
        });
        Assert.Equal(created.Select(j => j.Id), r.Errors.Select(e => Jobs.Id((PSObject)e.TargetObject)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"a 1 s timeout took {clock.Elapsed}");
    }

    [Fact]
    public async Task Any_returns_as_soon_as_one_job_finishes()
    {
        await using var env = await Connected.StartAsync(Durations(60, 60));
        var created = await TestEmulator.CreateJobsAsync(env.Server, 3);
        env.Shell.Set("ids", created.Select(j => j.Id).ToArray());
        var waiting = env.Shell.RunAsync("$ids | Wait-ExportJob -Any");
        await Task.Delay(700);
        using (var client = TestEmulator.Client(env.Server)) await client.CancelAsync(created[1].Id);
        var r = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(r.Succeeded, Connected.Describe(r));
        var job = Assert.Single(r.Output);
        Assert.Equal(created[1].Id, Jobs.Id(job));
        Assert.Equal("CANCELLED", Jobs.Status(job));
    }

    [Fact]
    public async Task Stopping_in_the_middle_of_a_wait_returns_promptly_and_leaks_nothing()
    {
        await using var env = await Connected.StartAsync(Durations(60, 60));
        var created = await TestEmulator.CreateJobsAsync(env.Server, 3);
        env.Shell.Set("ids", created.Select(j => j.Id).ToArray());
        using var stop = new CancellationTokenSource();
        var waiting = env.Shell.RunAsync("$ids | Wait-ExportJob; 'not reached'", cancellationToken: stop.Token);
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
        Assert.Equal(3, env.RunClean("Get-ExportJob").Output.Count);
    }

    [Fact]
    public async Task An_unknown_id_is_a_not_found_error_while_the_other_jobs_are_still_waited_for()
    {
        await using var env = await Connected.StartAsync(Durations(0.3, 0.5));
        var created = await TestEmulator.CreateJobsAsync(env.Server, 1);
        env.Shell.Set("id", created[0].Id);
        var r = env.Run("Wait-ExportJob -Id 987654, $id");
        Assert.Equal("SUCCEEDED", Jobs.Status(Assert.Single(r.Output)));
        var error = Jobs.SingleError(r, "ExportJobNotFound");
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(987654L, error.TargetObject);
    }

    [Fact]
    public async Task Ids_bind_by_value_and_by_the_JobId_property_and_duplicates_are_waited_for_once()
    {
        await using var env = await Connected.StartAsync(Durations(0.2, 0.3));
        var created = await TestEmulator.CreateJobsAsync(env.Server, 2);
        env.Shell.Set("a", created[0].Id);
        env.Shell.Set("b", created[1].Id);
        var r = env.RunClean("@($a, [pscustomobject]@{ JobId = $b }, \"$a\") | Wait-ExportJob -PollInterval 0.1");
        Assert.Equal(created.Select(j => j.Id).Order(), r.Output.Select(Jobs.Id).Order());
    }

    [Theory]
    [InlineData("-Timeout -1", "InvalidTimeout")]
    [InlineData("-PollInterval 0", "InvalidPollInterval")]
    [InlineData("-PollInterval '00:00:00'", "InvalidPollInterval")]
    public async Task Bad_durations_are_refused(string parameters, string errorId)
    {
        await using var env = await Connected.StartAsync();
        var r = env.Run($"Wait-ExportJob -Id 1 {parameters}");
        var error = Assert.Single(r.Errors.Concat(r.TerminatingError is IContainsErrorRecord c ? new[] { c.ErrorRecord } : Array.Empty<ErrorRecord>()));
        Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(0, env.Server.Statistics.RequestsByMethod.GetValueOrDefault("GET"));
    }

    [Fact]
    public async Task Timeout_takes_seconds_or_a_TimeSpan()
    {
        await using var env = await Connected.StartAsync(Durations(60, 60));
        var created = await TestEmulator.CreateJobsAsync(env.Server, 1);
        env.Shell.Set("id", created[0].Id);
        var r = env.Run("Wait-ExportJob -Id $id -Timeout '00:00:00.5'; Wait-ExportJob -Id $id -TimeoutSec 0");
        Assert.Equal(2, r.Errors.Count);
        Assert.All(r.Errors, e => Assert.StartsWith("ExportJobWaitTimeout,", e.FullyQualifiedErrorId));
    }
}
