using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;
using AdobeExportJobs.Client;
using AdobeExportJobs.Emulator;
using AdobeExportJobs.Runner;
using AdobeExportJobs.Tests.Module;
using Xunit;
using static AdobeExportJobs.Tests.Module.EngineAssert;

namespace AdobeExportJobs.Tests.Reliability;

/// <summary>
/// The retry rules as a user meets them, in the hosted engine against the emulator: what is retried, how long each
/// wait is, what bounds the retries, and that every retry shows in the Verbose stream.
/// </summary>
public class RetryRulesTests : IAsyncLifetime
{
    private EmulatorServer _server;
    private long _job;

    public async Task InitializeAsync()
    {
        (_server, _job) = await TestEmulator.StartWithRunningJobAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private FaultOptions Faults => _server.Options.Faults;

    private long Requests(string method) => _server.Statistics.RequestsByMethod.GetValueOrDefault(method);

    private ModuleShell Connected(string extra = "")
    {
        var shell = new ModuleShell(_server);
        shell.Set("Job", _job);
        Succeeded(shell.Run(ModuleShell.Connect + " " + extra));
        // Fetch the token now, so the faults below meet platform calls only.
        Succeeded(shell.Run("Get-ExportJob -Id $Job"));
        return shell;
    }

    /// <summary>The waits announced in Verbose lines such as "...; retry 2 in 0.731 s (Retry-After)".</summary>
    private static List<(int Retry, double Seconds, bool RetryAfter)> Waits(HostedRunResult r) =>
        r.Verbose.Select(v => Regex.Match(v.Message, @"retry (\d+) in ([\d.]+) s( \(Retry-After\))?"))
            .Where(m => m.Success)
            .Select(m => (int.Parse(m.Groups[1].Value), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[3].Success))
            .ToList();

    [Theory]
    [InlineData(429)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(0)] // a dropped connection
    public void Reads_are_retried_through_each_passing_failure_and_each_retry_shows_in_Verbose(int status)
    {
        using var shell = Connected("-MaxRetries 20");
        Faults.RetryAfterSeconds = 0;
        if (status == 429) Faults.RateLimitShare = 0.5;
        else if (status == 0) Faults.DropShare = 0.5;
        else
        {
            Faults.ServerErrorStatuses = new() { status };
            Faults.ServerErrorShare = 0.5;
        }
        var r = shell.Run("1..8 | ForEach-Object { Get-ExportJob -Id $Job -Verbose }; Get-ExportJob -Verbose");
        Faults.Clear();

        Succeeded(r);
        Assert.Equal(9, r.Output.Count);
        var answer = status == 0 ? "-> no answer" : $"-> {status} ";
        var retried = r.Verbose.Where(v => v.Message.Contains(answer) && v.Message.Contains("; retry ")).ToList();
        Assert.NotEmpty(retried);
        var injected = _server.Statistics.FaultsInjected.GetValueOrDefault(status == 0 ? FaultKind.Drop : FaultKind.ForStatus(status));
        Assert.Equal(injected, retried.Count);
    }

    [Fact]
    public void A_500_is_retried_for_a_read_like_the_gateway_errors()
    {
        using var shell = Connected("-MaxRetries 2");
        Faults.ServerErrorStatuses = new() { 500 };
        Faults.ServerErrorShare = 1;
        var before = Requests("GET");
        var r = shell.Run("Get-ExportJob -Id $Job -Verbose");
        Faults.Clear();
        var error = SingleError(r, "AepServerError,AdobeExportJobs.Commands.GetExportJobCommand", ErrorCategory.ResourceUnavailable, _job);
        Assert.Equal(2, ((AepApiException)error.Exception).Retries);
        Assert.Equal(before + 3, Requests("GET"));
        Assert.Contains(r.Verbose, v => v.Message.Contains("-> 500 ") && v.Message.Contains("; retry 1"));
    }

    [Fact]
    public void Retries_stop_at_MaxRetries_with_one_request_more_than_retries()
    {
        using var shell = Connected("-MaxRetries 3");
        Faults.RateLimitShare = 1;
        Faults.RetryAfterSeconds = 0;
        var before = Requests("GET");
        var r = shell.Run("Get-ExportJob -Id $Job -Verbose");
        Faults.Clear();
        var error = SingleError(r, "AepThrottled,AdobeExportJobs.Commands.GetExportJobCommand", ErrorCategory.LimitsExceeded, _job);
        var api = (AepApiException)error.Exception;
        Assert.Equal(3, api.Retries);
        Assert.Equal(before + 4, Requests("GET"));
        Assert.Equal(new[] { 1, 2, 3 }, Waits(r).Select(w => w.Retry));
        Assert.Contains("after 3 retries", api.Message);
        Assert.Contains(r.Verbose, v => v.Message.Contains("retries exhausted"));
    }

    [Fact]
    public void Without_Retry_After_the_waits_back_off_exponentially_with_jitter()
    {
        using var shell = Connected("-MaxRetries 3");
        Faults.RateLimitShare = 1;
        Faults.RetryAfterSeconds = null;
        var r = shell.Run("Get-ExportJob -Id $Job -Verbose");
        Faults.Clear();
        SingleError(r, "AepThrottled,AdobeExportJobs.Commands.GetExportJobCommand", ErrorCategory.LimitsExceeded, _job);
        var waits = Waits(r);
        Assert.Equal(3, waits.Count);
        // Retry n waits a random point in the upper half of 0.5 s * 2^(n-1): [0.25, 0.5], [0.5, 1], [1, 2].
        foreach (var (retry, seconds, retryAfter) in waits)
        {
            Assert.False(retryAfter);
            double ceiling = 0.5 * Math.Pow(2, retry - 1);
            Assert.InRange(seconds, ceiling / 2 - 0.001, ceiling + 0.001);
        }
    }

    [Fact]
    public void Retry_After_in_seconds_is_waited_exactly()
    {
        using var shell = Connected("-MaxRetries 2");
        Faults.RateLimitShare = 1;
        Faults.RetryAfterSeconds = 1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = shell.Run("Get-ExportJob -Id $Job -Verbose");
        clock.Stop();
        Faults.Clear();
        var error = SingleError(r, "AepThrottled,AdobeExportJobs.Commands.GetExportJobCommand", ErrorCategory.LimitsExceeded, _job);
        Assert.Equal(TimeSpan.FromSeconds(1), ((AepApiException)error.Exception).RetryAfter);
        Assert.Equal(new[] { (1, 1.0, true), (2, 1.0, true) }, Waits(r));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"the two waits of a second took {clock.Elapsed}");
    }

    [Fact]
    public void A_Retry_After_past_the_total_retry_time_is_cut_to_what_is_left_of_it()
    {
        using var shell = Connected("-MaxRetryTimeSec 1");
        Faults.RateLimitShare = 1;
        Faults.RetryAfterSeconds = 30;
        var before = Requests("GET");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = shell.Run("Get-ExportJob -Id $Job -Verbose");
        clock.Stop();
        Faults.Clear();
        var error = SingleError(r, "AepThrottled,AdobeExportJobs.Commands.GetExportJobCommand", ErrorCategory.LimitsExceeded, _job);
        var api = (AepApiException)error.Exception;
        // One wait, to the end of the budget, then one last try.
        Assert.Equal(1, api.Retries);
        Assert.Equal(before + 2, Requests("GET"));
        Assert.Contains(r.Verbose, v => v.Message.Contains("(Retry-After 30 s, cut to what is left of the retry time budget)"));
        Assert.Contains("the retry time budget of 1 s (-MaxRetryTimeSec) is spent", api.Message);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9) && clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_is_waited_until_that_time()
    {
        int calls = 0;
        await using var scripted = new ScriptedHttpServer(request =>
        {
            if (request.Path.StartsWith("/ims/")) return ScriptedHttpServer.TokenAnswer();
            if (Interlocked.Increment(ref calls) > 1) return ScriptedHttpServer.Answer(200, "OK", "{\"id\":5,\"status\":\"NEW\"}");
            var at = DateTimeOffset.UtcNow.AddSeconds(3).ToString("r", CultureInfo.InvariantCulture);
            return ScriptedHttpServer.Answer(503, "Service Unavailable", "{}", "application/json", "Retry-After: " + at);
        });
        using var shell = new ModuleShell();
        shell.Set("Scripted", scripted.BaseAddress);
        shell.Set("Secret", TestEmulator.Secure("date-secret"));
        Succeeded(shell.Run("Connect-Aep -ClientId c -ClientSecret $Secret -OrgId o -Sandbox prod -Endpoint $Scripted -ImsEndpoint $Scripted"));
        var r = shell.Run("Get-ExportJob -Id 5 -Verbose");
        Succeeded(r);
        var wait = Assert.Single(Waits(r));
        Assert.True(wait.RetryAfter);
        // An HTTP date has whole seconds: the wait is what is left of the 3 s when the answer is read.
        Assert.InRange(wait.Seconds, 1.0, 3.0);
    }

    public static TheoryData<string, int> AmbiguousCreateFailures => new()
    {
        { "500", 500 },
        { "502", 502 },
        { "504", 504 },
        { "drop", 0 },
    };

    [Theory]
    [MemberData(nameof(AmbiguousCreateFailures))]
    public void A_create_that_may_have_reached_the_service_is_never_sent_again(string kind, int status)
    {
        Assert.Equal(kind, status == 0 ? "drop" : status.ToString());
        using var shell = Connected("-MaxRetries 5");
        var posts = Requests("POST");
        var created = _server.Statistics.JobsCreated;
        // Only the create fails: the lookup that follows must get through to prove nothing was made.
        Faults.RetryAfterSeconds = 0;
        if (status == 0) Faults.DropShare = 1;
        else
        {
            Faults.ServerErrorStatuses = new() { status };
            Faults.ServerErrorShare = 1;
        }
        var run = shell.RunAsync("New-ExportJob -DatasetId ambiguous-ds -Verbose");
        // The lookup is a GET; let it through as soon as the POST has been answered.
        SpinWait.SpinUntil(() => Requests("POST") > posts, TimeSpan.FromSeconds(10));
        Thread.Sleep(50);
        Faults.Clear();
        var r = run.GetAwaiter().GetResult();

        var error = SingleError(r, "ExportJobCreateOutcomeUnknown,AdobeExportJobs.Commands.NewExportJobCommand", ErrorCategory.InvalidResult, "ambiguous-ds");
        var api = (AepApiException)error.Exception;
        Assert.Equal(AepErrorKind.CreateOutcomeUnknown, api.Kind);
        Assert.True(api.RequestMayHaveBeenProcessed);
        Assert.Contains(api.RequestId, api.Message);
        Assert.Contains(api.RequestId, error.ErrorDetails.Message);
        Assert.Contains("Get-ExportJob", error.ErrorDetails.RecommendedAction);
        Assert.Equal(posts + 1, Requests("POST"));
        Assert.Equal(created, _server.Statistics.JobsCreated);
        Assert.Contains(r.Verbose, v => v.Message.Contains("lost its answer; looking for a job made by it"));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public void A_create_the_service_said_it_did_not_process_is_sent_again_and_made_once(int status)
    {
        using var shell = Connected("-MaxRetries 3");
        // The first create is refused and says to come back in a second; by then the faults are off.
        Faults.RetryAfterSeconds = 1;
        if (status == 429) Faults.RateLimitShare = 1;
        else
        {
            Faults.ServerErrorStatuses = new() { 503 };
            Faults.ServerErrorShare = 1;
        }
        var posts = Requests("POST");
        var created = _server.Statistics.JobsCreated;
        var run = shell.RunAsync("New-ExportJob -DatasetId refused-ds -Verbose");
        SpinWait.SpinUntil(() => Requests("POST") > posts, TimeSpan.FromSeconds(10));
        Thread.Sleep(50);
        Faults.Clear();
        var r = run.GetAwaiter().GetResult();
        Succeeded(r);
        Assert.Single(r.Output);
        Assert.True(Requests("POST") >= posts + 2);
        Assert.Contains(r.Verbose, v => v.Message.StartsWith("POST ") && v.Message.Contains($"-> {status} ") && v.Message.Contains("; retry 1"));
        Assert.Equal(created + 1, _server.Statistics.JobsCreated);
    }

    [Fact]
    public void A_cancel_is_retried_through_throttling_and_drops_and_cancels_once()
    {
        using var shell = Connected("-MaxRetries 20");
        Faults.RetryAfterSeconds = 0;
        Faults.RateLimitShare = 0.4;
        Faults.DropShare = 0.2;
        var r = shell.Run("Remove-ExportJob -Id $Job -Force -Verbose");
        Faults.Clear();
        Succeeded(r);
        Assert.Equal("CANCELLED", (string)shell.Run("(Get-ExportJob -Id $Job).Status").Output.Single().BaseObject);
        // Cancelling a cancelled job is done too: the service deletes it.
        Succeeded(shell.Run("Remove-ExportJob -Id $Job -Force"));
        var gone = shell.Run("Get-ExportJob -Id $Job");
        SingleError(gone, "ExportJobNotFound,AdobeExportJobs.Commands.GetExportJobCommand", ErrorCategory.ObjectNotFound, _job);
    }

    [Fact]
    public async Task A_cancel_whose_first_answer_was_lost_and_then_finds_no_job_is_done()
    {
        int deletes = 0;
        await using var scripted = new ScriptedHttpServer(request =>
        {
            if (request.Path.StartsWith("/ims/")) return ScriptedHttpServer.TokenAnswer();
            // The first DELETE is carried out, but its answer never arrives; the retry finds no job.
            return Interlocked.Increment(ref deletes) == 1
                ? null
                : ScriptedHttpServer.Answer(404, "Not Found", "{\"type\":\"https://ns.adobe.com/aep/errors/UPAPI-113000-404\",\"title\":\"Not found\",\"status\":404}");
        });
        using var shell = new ModuleShell();
        shell.Set("Scripted", scripted.BaseAddress);
        shell.Set("Secret", TestEmulator.Secure("cancel-secret"));
        Succeeded(shell.Run("Connect-Aep -ClientId c -ClientSecret $Secret -OrgId o -Sandbox prod -Endpoint $Scripted -ImsEndpoint $Scripted"));
        var r = shell.Run("Remove-ExportJob -Id 12 -Force -Verbose");
        Succeeded(r);
        Assert.Equal(2, deletes);
        // The client saw the lost answer itself (.NET resends a bodiless request out of sight, so the DELETE carries an empty body).
        Assert.Contains(r.Verbose, v => v.Message.StartsWith("DELETE ") && v.Message.Contains("-> no answer") && v.Message.Contains("; retry 1"));
        Assert.Contains(r.Verbose, v => v.Message.Contains("Job 12 is gone after a retried cancel"));
    }
}
