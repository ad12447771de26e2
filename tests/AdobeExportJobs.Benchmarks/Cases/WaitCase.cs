using System.Diagnostics;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Benchmarks.Cases;

/// <summary>
/// Wait-ExportJob on many jobs whose durations spread over 2–10 s (created over plain HTTP just before). The wall time
/// of the wait is compared with when the slowest job really finished (its metrics.totalTime end, from the emulator), and
/// the target allows one poll interval on top: the adaptive interval the waiter uses at that point of the wait
/// (JobWaiter.AdaptiveInterval, read from the module itself). Requests per job show what the wait costs the service.
/// </summary>
public static class WaitCase
{
    private const string TimedWait = """
        param($ids)
        $n = 0; $succeeded = 0
        Wait-ExportJob -Id $ids | ForEach-Object { $n++; if ($_.Status -eq 'SUCCEEDED') { $succeeded++ } }
        [pscustomobject]@{ Count = $n; Succeeded = $succeeded }
        """;

    public static async Task<CaseResult> RunAsync(BenchmarkContext context)
    {
        var scale = context.Scale;
        await using var server = await BenchmarkContext.StartEmulatorAsync(o =>
        {
            o.MinJobDuration = scale.WaitMinDuration;
            o.MaxJobDuration = scale.WaitMaxDuration;
        });
        using var raw = new RawApi(server);
        await raw.ConnectAsync();
        using var engine = new ModuleEngine(server);
        // The engine's token and compiled scripts are ready before the clock starts.
        long warm = await raw.CreateJobAsync("bench-wait-warmup");
        engine.Run($"Get-ExportJob -Id {warm} | Out-Null");

        var ids = await raw.CreateJobsAsync(scale.WaitJobs, "bench-wait");
        engine.Set("WaitIds", ids);
        long requestsBefore = server.Statistics.TotalRequests;
        long waitStartMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var clock = Stopwatch.StartNew();
        var outcome = engine.Run($"& {{ {TimedWait} }} $WaitIds").Single();
        double wall = clock.Elapsed.TotalSeconds;
        long requests = server.Statistics.TotalRequests - requestsBefore;

        int count = Convert.ToInt32(outcome.Properties["Count"].Value);
        int succeeded = Convert.ToInt32(outcome.Properties["Succeeded"].Value);
        var wanted = ids.ToHashSet();
        var finals = (await raw.ListAllAsync()).Where(job => wanted.Contains((long)job["id"])).ToList();
        long lastEndMs = finals.Max(job => (long?)job["metrics"]?["totalTime"]?["endTimeInMs"] ?? long.MaxValue);
        double slowest = (lastEndMs - waitStartMs) / 1000.0;
        double interval = Convert.ToDouble(engine.Run(
            $"([AdobeExportJobs.AepSession].Assembly.GetType('AdobeExportJobs.Client.JobWaiter'))::AdaptiveInterval([TimeSpan]::FromSeconds({slowest.ToString(System.Globalization.CultureInfo.InvariantCulture)})).TotalSeconds").Single().BaseObject);
        double nominalSlowest = finals.Max(job => ((long)job["metrics"]["totalTime"]["endTimeInMs"] - (long)job["creationTime"]) / 1000.0);

        context.RecordDemand("wait", requests / wall);
        bool allBack = count == ids.Length && succeeded == ids.Length;
        return new CaseResult
        {
            Name = "wait",
            Value = wall,
            Baseline = slowest,
            Ratio = wall / slowest,
            Unit = "s",
            Target = "value <= baseline + one poll interval; every job returned SUCCEEDED",
            Met = allBack && wall <= slowest + interval,
            Notes = $"{ids.Length} jobs of {scale.WaitMinDuration.TotalSeconds:0.#}-{scale.WaitMaxDuration.TotalSeconds:0.#} s; returned {count} ({succeeded} SUCCEEDED); " +
                    $"slowest job done {slowest:F2} s after the wait began (longest job ran {nominalSlowest:F2} s), poll interval then {interval:F2} s; " +
                    $"{requests} requests = {requests / (double)ids.Length:F2} per job",
            Details =
            {
                ["jobs"] = ids.Length,
                ["returned"] = count,
                ["succeeded"] = succeeded,
                ["pollIntervalSeconds"] = interval,
                ["overSlowestSeconds"] = wall - slowest,
                ["requests"] = requests,
                ["requestsPerJob"] = requests / (double)ids.Length,
            },
        };
    }
}
