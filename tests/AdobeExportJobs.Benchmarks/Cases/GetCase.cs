using System.Diagnostics;
using System.Management.Automation;

namespace AdobeExportJobs.Benchmarks.Cases;

/// <summary>
/// Latency of one Get-ExportJob -Id (a finished job with metrics and batches), timed inside the engine around each call,
/// against a raw HttpClient GET with the same headers plus a Newtonsoft parse, and against Invoke-RestMethod in the same
/// engine (what a PowerShell user would write instead). Blocks of each alternate so all see the same machine.
/// </summary>
public static class GetCase
{
    private const double TargetRatio = 1.3;
    private const int Blocks = 8;

    private const string TimedGets = """
        param($count)
        $clock = [System.Diagnostics.Stopwatch]::new()
        $times = [System.Collections.Generic.List[double]]::new()
        foreach ($i in 1..$count) {
            $clock.Restart()
            $null = COMMAND
            $clock.Stop()
            $times.Add($clock.Elapsed.TotalMilliseconds)
        }
        , $times
        """;

    public static async Task<CaseResult> RunAsync(BenchmarkContext context)
    {
        await using var server = await BenchmarkContext.StartEmulatorAsync(o =>
        {
            o.MinJobDuration = TimeSpan.FromMilliseconds(100);
            o.MaxJobDuration = TimeSpan.FromMilliseconds(200);
        });
        using var raw = new RawApi(server);
        await raw.ConnectAsync();
        long id = await raw.CreateJobAsync("bench-get");
        while ((string)(await raw.GetJobAsync(id))["status"] != "SUCCEEDED") await Task.Delay(50);

        using var engine = new ModuleEngine(server);
        engine.Set("IrmHeaders", raw.HeadersForPowerShell());
        engine.Set("IrmUri", $"{server.BaseAddress}{RawApi.JobsPath}/{id}");
        const string irmGet = "Invoke-RestMethod -Uri $IrmUri -Headers $IrmHeaders";
        var seen = engine.Run($"(Get-ExportJob -Id {id}).Status").Single().ToString();
        if (seen != "SUCCEEDED") throw new InvalidOperationException($"Get-ExportJob saw job {id} as {seen}");
        int perBlock = Math.Max(1, context.Scale.GetCalls / Blocks);
        // Warm-up: tiered JIT, connection pools, the engine's compiled script, the token cache.
        for (int warmup = 0; warmup < 3; warmup++)
        {
            await RawBlockAsync(raw, id, perBlock);
            ModuleBlock(engine, id, perBlock);
            TimedBlock(engine, irmGet, perBlock);
        }

        var rawTimes = new List<double>();
        var moduleTimes = new List<double>();
        // The same timing loop around a module cmdlet that sends nothing: what calling any cmdlet costs in the engine.
        var engineTimes = new List<double>();
        var irmTimes = new List<double>();
        TimedBlock(engine, "Get-AepSession", perBlock);
        long requestsBefore = server.Statistics.TotalRequests;
        var clock = Stopwatch.StartNew();
        TimeSpan rawCpu = TimeSpan.Zero, moduleCpu = TimeSpan.Zero;
        for (int block = 0; block < Blocks; block++)
        {
            var cpu = CpuClock.Start();
            rawTimes.AddRange(await RawBlockAsync(raw, id, perBlock));
            rawCpu += cpu.Elapsed;
            cpu = CpuClock.Start();
            moduleTimes.AddRange(ModuleBlock(engine, id, perBlock));
            moduleCpu += cpu.Elapsed;
            engineTimes.AddRange(TimedBlock(engine, "Get-AepSession", perBlock));
            irmTimes.AddRange(TimedBlock(engine, irmGet, perBlock));
        }
        context.RecordDemand("get", (server.Statistics.TotalRequests - requestsBefore) / clock.Elapsed.TotalSeconds);

        double value = Stats.Median(moduleTimes), baseline = Stats.Median(rawTimes), engineCall = Stats.Median(engineTimes), irm = Stats.Median(irmTimes);
        double moduleCpuUs = moduleCpu.TotalMilliseconds * 1000 / moduleTimes.Count, rawCpuUs = rawCpu.TotalMilliseconds * 1000 / rawTimes.Count;
        return new CaseResult
        {
            Name = "get",
            Value = value,
            Baseline = baseline,
            Ratio = value / baseline,
            Unit = "ms (median)",
            Target = $"ratio <= {TargetRatio}",
            Met = value / baseline <= TargetRatio,
            Notes = $"{moduleTimes.Count} calls each; Invoke-RestMethod {irm:F3} ms (module / Invoke-RestMethod {value / irm:F2}); module p90 {Stats.Percentile(moduleTimes, 0.9):F3} ms, raw p90 {Stats.Percentile(rawTimes, 0.9):F3} ms; " +
                    $"extra per call {(value - baseline) * 1000:F0} us, of which calling a cmdlet at all (Get-AepSession, no I/O) {engineCall * 1000:F0} us; " +
                    $"process CPU per call (client + emulator) {moduleCpuUs:F0} us vs raw {rawCpuUs:F0} us",
            Details =
            {
                ["moduleP90Ms"] = Stats.Percentile(moduleTimes, 0.9),
                ["rawP90Ms"] = Stats.Percentile(rawTimes, 0.9),
                ["invokeRestMethodMs"] = irm,
                ["ratioToInvokeRestMethod"] = value / irm,
                ["extraMicroseconds"] = (value - baseline) * 1000,
                ["calls"] = moduleTimes.Count,
                ["engineCallMs"] = engineCall,
                ["moduleCpuMicrosecondsPerCall"] = moduleCpuUs,
                ["rawCpuMicrosecondsPerCall"] = rawCpuUs,
            },
        };
    }

    private static async Task<List<double>> RawBlockAsync(RawApi raw, long id, int count)
    {
        var times = new List<double>(count);
        for (int i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var job = await raw.GetJobAsync(id);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if ((long)job["id"] != id) throw new InvalidOperationException("raw GET returned another job");
        }
        return times;
    }

    private static List<double> ModuleBlock(ModuleEngine engine, long id, int count) =>
        TimedBlock(engine, $"Get-ExportJob -Id {id}", count);

    private static List<double> TimedBlock(ModuleEngine engine, string command, int count)
    {
        var output = engine.Run($"& {{ {TimedGets.Replace("COMMAND", command)} }} {count}");
        var times = ((System.Collections.IEnumerable)output.Single().BaseObject).Cast<object>().Select(Convert.ToDouble).ToList();
        if (times.Count != count) throw new InvalidOperationException($"expected {count} timings, got {times.Count}");
        return times;
    }
}
