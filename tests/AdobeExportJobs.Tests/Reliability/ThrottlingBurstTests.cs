using System.Net;
using System.Net.Sockets;
using AdobeExportJobs.Client;
using AdobeExportJobs.Tests.Module;
using Xunit;
using Xunit.Abstractions;

namespace AdobeExportJobs.Tests.Reliability;

/// <summary>
/// Retries are bounded by time: with the default settings a burst of throttling or "unavailable" answers shorter than
/// the budget (five minutes) is ridden out, by reads and by creates, and a longer one ends at the budget with an error
/// that says so, here in virtual time with every setting at its default (minutes pass in milliseconds). The same in
/// real time, as a runbook meets it (20 s bursts side by side, a small budget), is in tests/Pester/Resilience.Tests.ps1.
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

    /// <summary>Everything at its default but the clock.</summary>
    private static ExportJobsClient VirtualTimeClient(string platform, string ims, VirtualClock clock) =>
        ScriptedHttpServer.ClientFor(platform, ims, configure: options => options.Clock = clock);

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
            Assert.InRange(clock.Now.TotalSeconds, burstSeconds, burstSeconds + 10);
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
        Assert.InRange(error.Retries, 8, AepSessionOptions.DefaultMaxRetries - 1);
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
    [InlineData(5_000_000)]
    [InlineData(3600)]
    public async Task A_wait_without_timeout_pauses_at_most_a_minute_for_a_Retry_After(double seconds)
    {
        var now = TimeSpan.Zero;
        var pauses = new List<TimeSpan>();
        int reads = 0;
        var waiter = new JobWaiter((id, _) => Interlocked.Increment(ref reads) == 1
            ? throw new AepApiException(AepErrorKind.HttpError, "throttled") { StatusCode = 429, RetryAfter = TimeSpan.FromSeconds(seconds) }
            : Task.FromResult(new Model.ExportJobRecord { Id = id, Status = "SUCCEEDED" }))
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
        public void OnFinished(Model.ExportJobRecord job) { }
        public void OnLost(long id, AepApiException error) { }
        public void OnPollFailed(long id, AepApiException error) { }
        public void OnRound(JobWaitProgress progress) { }
    }
}
