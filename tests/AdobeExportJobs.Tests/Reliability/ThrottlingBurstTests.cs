using System.Diagnostics;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using AdobeExportJobs.Client;
using AdobeExportJobs.Tests.Module;
using Xunit;
using Xunit.Abstractions;
using static AdobeExportJobs.Tests.Module.EngineAssert;

namespace AdobeExportJobs.Tests.Reliability;

/// <summary>
/// Retries are bounded by time: with the default settings a burst of throttling or "unavailable" answers shorter than
/// the budget (five minutes) is ridden out, by reads and by creates, and a longer one ends at the budget with an error
/// that says so. Real time for what a runbook meets (20 s bursts, a small budget); virtual time for the 10-minute burst.
/// </summary>
public class ThrottlingBurstTests
{
    private readonly ITestOutputHelper _output;

    public ThrottlingBurstTests(ITestOutputHelper output) => _output = output;

    private const string Job = "{\"id\":7,\"status\":\"NEW\",\"requestId\":\"r\"}";

    /// <summary>How a burst answers: the status, and the Retry-After header, if any.</summary>
    public static string BurstAnswer(string kind) => kind switch
    {
        "429 Retry-After 1" => ScriptedHttpServer.Answer(429, "Too Many Requests", "{\"error_code\":\"429050\",\"message\":\"Too many requests\"}", "application/json", "Retry-After: 1"),
        "429" => ScriptedHttpServer.Answer(429, "Too Many Requests", "{\"error_code\":\"429050\",\"message\":\"Too many requests\"}"),
        "503" => ScriptedHttpServer.Answer(503, "Service Unavailable", "<html><title>Service Unavailable</title></html>", "text/html"),
        "500" => ScriptedHttpServer.Answer(500, "Internal Server Error", "{\"title\":\"boom\",\"status\":500}"),
        _ => throw new ArgumentException(kind),
    };

    /// <summary>
    /// IMS always answers; the platform answers <paramref name="kind"/> from its first request until
    /// <paramref name="burst"/> has passed on <paramref name="now"/>, then creates (once) and reads job 7.
    /// </summary>
    private static ScriptedHttpServer BurstServer(string kind, TimeSpan burst, Func<TimeSpan> now, Counter counter)
    {
        TimeSpan? start = null;
        var gate = new object();
        return new ScriptedHttpServer(request =>
        {
            if (request.Path.StartsWith("/ims/")) return ScriptedHttpServer.TokenAnswer();
            lock (gate)
            {
                start ??= now();
                if (now() - start.Value < burst)
                {
                    counter.Refused++;
                    return BurstAnswer(kind);
                }
                if (request.Method == "POST") counter.Created++;
                return ScriptedHttpServer.Answer(200, "OK", Job);
            }
        });
    }

    internal sealed class Counter
    {
        public int Refused;
        public int Created;
    }

    [Fact]
    public async Task Default_settings_ride_out_a_20_s_burst_of_429_with_and_without_Retry_After_and_of_503()
    {
        var kinds = new[] { "429 Retry-After 1", "429", "503" };
        var wall = Stopwatch.StartNew();
        var runs = await Task.WhenAll(kinds.Select(kind => Task.Run(async () =>
        {
            var counter = new Counter();
            var clock = Stopwatch.StartNew();
            await using var server = BurstServer(kind, TimeSpan.FromSeconds(20), () => clock.Elapsed, counter);
            using var shell = new ModuleShell();
            shell.Set("Scripted", server.BaseAddress);
            shell.Set("Secret", TestEmulator.Secure("burst-secret"));
            // The runbook's way: default settings, and every error stops it.
            var r = shell.Run("""
                $ErrorActionPreference = 'Stop'
                Connect-Aep -ClientId c -ClientSecret $Secret -OrgId o -Sandbox prod -Endpoint $Scripted -ImsEndpoint $Scripted
                $job = New-ExportJob -DatasetId burst-ds
                Get-ExportJob -Id $job.Id
                """);
            return (Kind: kind, Run: r, Took: clock.Elapsed, counter.Refused, counter.Created, Posts: server.Requests.Count(q => q.Method == "POST" && !q.Path.StartsWith("/ims/")));
        })));

        foreach (var run in runs)
        {
            _output.WriteLine($"{run.Kind}: survived in {run.Took.TotalSeconds:0.0} s, {run.Refused} answers refused, {run.Posts} POSTs, {run.Created} job created");
        }
        _output.WriteLine($"three bursts side by side: {wall.Elapsed.TotalSeconds:0.0} s");
        foreach (var run in runs)
        {
            Succeeded(run.Run);
            Assert.Equal(7L, (long)Assert.Single(run.Run.Output).Properties["Id"].Value);
            Assert.Equal(1, run.Created);
            Assert.True(run.Refused >= 3, $"{run.Kind}: the burst refused only {run.Refused} requests");
            Assert.True(run.Took >= TimeSpan.FromSeconds(20), $"{run.Kind}: done in {run.Took}, before the burst ended");
            // The longest backoff step is 30 s: the create gets through within that of the burst's end.
            Assert.True(run.Took < TimeSpan.FromSeconds(55), $"{run.Kind}: took {run.Took}");
        }
    }

    [Fact]
    public async Task A_burst_longer_than_the_budget_ends_at_the_budget_with_a_clear_error()
    {
        var counter = new Counter();
        var clock = Stopwatch.StartNew();
        await using var server = BurstServer("429 Retry-After 1", TimeSpan.FromHours(1), () => clock.Elapsed, counter);
        using var shell = new ModuleShell();
        shell.Set("Scripted", server.BaseAddress);
        shell.Set("Secret", TestEmulator.Secure("burst-secret"));
        Succeeded(shell.Run("Connect-Aep -ClientId c -ClientSecret $Secret -OrgId o -Sandbox prod -Endpoint $Scripted -ImsEndpoint $Scripted -MaxRetryTimeSec 3"));
        var started = clock.Elapsed;

        var r = shell.Run("New-ExportJob -DatasetId burst-ds");

        var took = clock.Elapsed - started;
        var error = SingleError(r, "AepThrottled,AdobeExportJobs.Commands.NewExportJobCommand", ErrorCategory.LimitsExceeded, "burst-ds");
        var api = (AepApiException)error.Exception;
        Assert.Contains("the retry time budget of 3 s (-MaxRetryTimeSec) is spent", api.Message);
        Assert.Contains("429", api.Message);
        Assert.InRange(api.Retries, 3, 4);
        Assert.Equal(0, counter.Created);
        Assert.True(took >= TimeSpan.FromSeconds(3) && took < TimeSpan.FromSeconds(15), $"took {took}");
    }

    private static ExportJobsClient VirtualTimeClient(string platform, string ims, VirtualClock clock) =>
        // Everything at its default but the clock.
        ExportJobsClient.WithClientCredentials(new ExportJobsClientOptions
        {
            PlatformEndpoint = new Uri(platform),
            ImsEndpoint = new Uri(ims),
            ClientId = "burst-client",
            OrgId = "ORG@AdobeOrg",
            Sandbox = "prod",
            Clock = clock,
        }, TestEmulator.Secure("burst-secret"));

    public static TheoryData<string, string> Calls()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in new[] { "429 Retry-After 1", "429", "503" })
        {
            data.Add(kind, "get");
            data.Add(kind, "create");
        }
        data.Add("500", "get");
        return data;
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task In_virtual_time_default_settings_ride_out_bursts_up_to_the_budget_and_a_10_minute_burst_ends_at_300_s(string kind, string call)
    {
        foreach (var burstSeconds in new[] { 20, 30, 240 })
        {
            var clock = new VirtualClock();
            var counter = new Counter();
            await using var server = BurstServer(kind, TimeSpan.FromSeconds(burstSeconds), () => clock.Now, counter);
            using var client = VirtualTimeClient(server.BaseAddress, server.BaseAddress, clock);
            var job = call == "get" ? await client.GetAsync(7) : await client.CreateAsync(TestEmulator.Request());
            Assert.Equal(7, job.Id);
            Assert.InRange(clock.Now.TotalSeconds, burstSeconds, burstSeconds + 30);
            Assert.Equal(call == "create" ? 1 : 0, counter.Created);
        }

        var tenMinutes = new VirtualClock();
        var endless = new Counter();
        await using var throttling = BurstServer(kind, TimeSpan.FromMinutes(10), () => tenMinutes.Now, endless);
        using var patient = VirtualTimeClient(throttling.BaseAddress, throttling.BaseAddress, tenMinutes);
        var error = await Assert.ThrowsAsync<AepApiException>(() => call == "get" ? patient.GetAsync(7) : patient.CreateAsync(TestEmulator.Request()));

        _output.WriteLine($"{kind} {call}: 10-minute burst ended after {tenMinutes.Now.TotalSeconds:0.0} virtual s, {error.Retries} retries: {error.Message}");
        Assert.Equal(AepErrorKind.HttpError, error.Kind);
        Assert.Equal(int.Parse(kind[..3]), error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(300), tenMinutes.Now);
        Assert.Contains("the retry time budget of 300 s (-MaxRetryTimeSec) is spent", error.Message);
        Assert.Contains($"after {error.Retries} retries in 300 s", error.Message);
        Assert.Equal(0, endless.Created);
        // The count is a cap with room: time decided.
        Assert.InRange(error.Retries, 8, ExportJobsClientOptions.DefaultMaxRetries - 1);
    }

    [Theory]
    [InlineData("get")]
    [InlineData("create")]
    public async Task In_virtual_time_a_refused_connection_is_retried_until_the_budget_is_spent(string call)
    {
        // A port nobody listens on: every attempt fails before anything is sent, so even a create may be sent again.
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var ims = new ScriptedHttpServer(_ => ScriptedHttpServer.TokenAnswer());
        var clock = new VirtualClock();
        using var client = VirtualTimeClient($"http://127.0.0.1:{port}", ims.BaseAddress, clock);

        var error = await Assert.ThrowsAsync<AepApiException>(() => call == "get" ? client.GetAsync(7) : client.CreateAsync(TestEmulator.Request()));

        Assert.Equal(AepErrorKind.ConnectionFailed, error.Kind);
        Assert.False(error.RequestMayHaveBeenProcessed);
        Assert.Equal(TimeSpan.FromSeconds(300), clock.Now);
        Assert.Contains("the retry time budget of 300 s (-MaxRetryTimeSec) is spent", error.Message);
        Assert.True(error.Retries >= 8, $"{error.Retries} retries");
    }

    [Theory]
    [InlineData("Retry-After: 5000000")]
    [InlineData("Retry-After: 3600")]
    [InlineData("Retry-After: Fri, 31 Dec 9999 23:59:59 GMT")]
    public async Task An_absurd_Retry_After_is_cut_to_the_budget_and_never_throws(string header)
    {
        await using var server = new ScriptedHttpServer(request => request.Path.StartsWith("/ims/")
            ? ScriptedHttpServer.TokenAnswer()
            : ScriptedHttpServer.Answer(429, "Too Many Requests", "{}", "application/json", header));
        using var shell = new ModuleShell();
        shell.Set("Scripted", server.BaseAddress);
        shell.Set("Secret", TestEmulator.Secure("burst-secret"));
        Succeeded(shell.Run("Connect-Aep -ClientId c -ClientSecret $Secret -OrgId o -Sandbox prod -Endpoint $Scripted -ImsEndpoint $Scripted -MaxRetryTimeSec 2"));

        var clock = Stopwatch.StartNew();
        var get = shell.Run("Get-ExportJob -Id 5 -Verbose");
        var getTook = clock.Elapsed;
        var getError = SingleError(get, "AepThrottled,AdobeExportJobs.Commands.GetExportJobCommand", ErrorCategory.LimitsExceeded, 5L);
        Assert.Equal(1, ((AepApiException)getError.Exception).Retries);
        Assert.True(((AepApiException)getError.Exception).RetryAfter >= TimeSpan.FromSeconds(3600));
        Assert.Contains(get.Verbose, v => v.Message.Contains("cut to what is left of the retry time budget"));
        Assert.True(getTook >= TimeSpan.FromSeconds(1.9) && getTook < TimeSpan.FromSeconds(15), $"took {getTook}");

        // A wait with -Timeout ends at its timeout, whatever the server asks.
        clock.Restart();
        var wait = shell.Run("Wait-ExportJob -Id 5 -Timeout 3");
        var waitTook = clock.Elapsed;
        SingleError(wait, "ExportJobWaitTimeout,AdobeExportJobs.Commands.WaitExportJobCommand", ErrorCategory.OperationTimeout);
        Assert.True(waitTook < TimeSpan.FromSeconds(15), $"the wait took {waitTook}");
    }

    [Theory]
    [InlineData(5_000_000)]
    [InlineData(3600)]
    public async Task A_wait_without_timeout_pauses_at_most_a_minute_for_a_Retry_After(double seconds)
    {
        var now = TimeSpan.Zero;
        var pauses = new List<TimeSpan>();
        int reads = 0;
        var waiter = new JobWaiter((id, _) => Interlocked.Increment(ref reads) == 1
            ? throw new AepApiException(AepErrorKind.HttpError, "throttled") { StatusCode = 429, RetryAfter = TimeSpan.FromSeconds(seconds) }
            : Task.FromResult(new Model.ExportJob { Id = id, Status = "SUCCEEDED" }))
        {
            StartClock = () => () => now,
            Pause = (pause, _) =>
            {
                pauses.Add(pause);
                now += pause;
                return Task.CompletedTask;
            },
        };

        var result = await waiter.WaitAsync(new[] { 5L }, new NullObserver(), CancellationToken.None);

        Assert.Single(result.Finished);
        Assert.Equal(JobWaiter.MaxServerRequestedPause, Assert.Single(pauses));
    }

    private sealed class NullObserver : IJobWaitObserver
    {
        public void OnFinished(Model.ExportJob job) { }
        public void OnLost(long id, AepApiException error) { }
        public void OnPollFailed(long id, AepApiException error) { }
        public void OnRound(JobWaitProgress progress) { }
    }
}
