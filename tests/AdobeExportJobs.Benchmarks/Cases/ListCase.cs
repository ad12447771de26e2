using System.Diagnostics;

namespace AdobeExportJobs.Benchmarks.Cases;

/// <summary>
/// Jobs per second listing every job page by page: Get-ExportJob -PageSize N | Out-Null (progress on, as a user at a
/// console gets it) against a raw loop that GETs ?limit=N, parses each page with Newtonsoft and follows link.next, and
/// against the same loop written with Invoke-RestMethod in the engine (what a PowerShell user would write instead).
/// </summary>
public static class ListCase
{
    private const double TargetRatio = 0.8;

    private static int WarmupRounds(Scale scale) => scale.ListRounds > 1 ? 3 : 0;

    public static async Task<CaseResult> RunAsync(BenchmarkContext context)
    {
        var scale = context.Scale;
        await using var server = await BenchmarkContext.StartEmulatorAsync();
        using var raw = new RawApi(server);
        await raw.ConnectAsync();
        var fill = Stopwatch.StartNew();
        await raw.CreateJobsAsync(scale.ListJobs, "bench-list");
        context.Say($"list: filled {scale.ListJobs} jobs in {fill.Elapsed.TotalSeconds:F1} s ({scale.ListJobs / fill.Elapsed.TotalSeconds:F0} creates/s)");

        using var engine = new ModuleEngine(server);
        engine.Set("IrmHeaders", raw.HeadersForPowerShell());
        engine.Set("IrmFirst", $"{server.BaseAddress}{RawApi.JobsPath}?limit={scale.PageSize}");
        engine.Set("IrmBase", server.BaseAddress + "/data/core/ups");
        // Follows link.next (relative to the platform's .../data/core/ups, as the API reference says); emits every record.
        const string irmListing = "& { $url = $IrmFirst; do { $page = Invoke-RestMethod -Uri $url -Headers $IrmHeaders; $page.records; " +
                                  "$next = $page.link.next; $url = if ($next) { $IrmBase + $next } else { $null } } while ($url) }";
        string listing = $"Get-ExportJob -PageSize {scale.PageSize}";
        // Warm-up round of each, which also proves both see every job.
        int counted = Convert.ToInt32(engine.Run($"$n = 0; {listing} | ForEach-Object {{ $n++ }}; $n").Single().BaseObject);
        int rawCounted = await raw.CountAllAsync(scale.PageSize);
        int irmCounted = Convert.ToInt32(engine.Run($"@({irmListing}).Count").Single().BaseObject);
        if (counted != scale.ListJobs || rawCounted != scale.ListJobs || irmCounted != scale.ListJobs)
            throw new InvalidOperationException($"expected {scale.ListJobs} jobs; Get-ExportJob listed {counted}, the raw loop {rawCounted}, Invoke-RestMethod {irmCounted}");

        // Tiered JIT and PowerShell's script compiler need a few rounds before the code paths settle (the first rounds
        // run several times slower); the figures are for the settled state, as in a session that lists more than once.
        for (int warmup = 0; warmup < WarmupRounds(scale); warmup++)
        {
            await raw.CountAllAsync(scale.PageSize);
            engine.Run($"{listing} | Out-Null");
            engine.Run($"{irmListing} | Out-Null");
        }

        var irmRates = new List<double>();
        var moduleRates = new List<double>();
        var rawRates = new List<double>();
        var moduleCpu = new List<double>();
        var rawCpu = new List<double>();
        double pagesPerSecond = 0;
        for (int round = 0; round < scale.ListRounds; round++)
        {
            var cpu = CpuClock.Start();
            var clock = Stopwatch.StartNew();
            await raw.CountAllAsync(scale.PageSize);
            rawRates.Add(scale.ListJobs / clock.Elapsed.TotalSeconds);
            rawCpu.Add(cpu.Elapsed.TotalMilliseconds * 1000 / scale.ListJobs);
            pagesPerSecond = Math.Max(pagesPerSecond, Math.Ceiling(scale.ListJobs / (double)scale.PageSize) / clock.Elapsed.TotalSeconds);

            cpu = CpuClock.Start();
            clock.Restart();
            engine.Run($"{listing} | Out-Null");
            moduleRates.Add(scale.ListJobs / clock.Elapsed.TotalSeconds);
            moduleCpu.Add(cpu.Elapsed.TotalMilliseconds * 1000 / scale.ListJobs);

            clock.Restart();
            engine.Run($"{irmListing} | Out-Null");
            irmRates.Add(scale.ListJobs / clock.Elapsed.TotalSeconds);
        }
        context.RecordDemand("list", pagesPerSecond);
        context.Say($"list: module rounds {string.Join(", ", moduleRates.Select(r => r.ToString("F0")))} jobs/s; raw rounds {string.Join(", ", rawRates.Select(r => r.ToString("F0")))} jobs/s");

        // What a script that touches each object costs on top (the consumer, not the module).
        var forEach = Stopwatch.StartNew();
        engine.Run($"$n = 0; {listing} | ForEach-Object {{ $n++ }}");
        double forEachRate = scale.ListJobs / forEach.Elapsed.TotalSeconds;

        double value = Stats.Median(moduleRates), baseline = Stats.Median(rawRates), irm = Stats.Median(irmRates);
        return new CaseResult
        {
            Name = "list",
            Value = value,
            Baseline = baseline,
            Ratio = value / baseline,
            Unit = "jobs/s",
            Target = $"ratio >= {TargetRatio}",
            Met = value / baseline >= TargetRatio,
            Notes = $"{scale.ListJobs} jobs, pages of {scale.PageSize}, median of {scale.ListRounds} rounds; " +
                    $"Invoke-RestMethod loop {irm:F0} jobs/s (module / Invoke-RestMethod {value / irm:F2}); " +
                    $"wall per job {1e6 / value:F1} us vs raw {1e6 / baseline:F1} us; process CPU per job (client + emulator) {Stats.Median(moduleCpu):F1} us vs raw {Stats.Median(rawCpu):F1} us; " +
                    $"with | ForEach-Object {{ $n++ }} {forEachRate:F0} jobs/s",
            Details =
            {
                ["jobs"] = scale.ListJobs,
                ["pageSize"] = scale.PageSize,
                ["invokeRestMethodJobsPerSecond"] = irm,
                ["ratioToInvokeRestMethod"] = value / irm,
                ["moduleMicrosecondsPerJob"] = 1e6 / value,
                ["rawMicrosecondsPerJob"] = 1e6 / baseline,
                ["forEachObjectJobsPerSecond"] = forEachRate,
                ["moduleCpuMicrosecondsPerJob"] = Stats.Median(moduleCpu),
                ["rawCpuMicrosecondsPerJob"] = Stats.Median(rawCpu),
                ["medianRoundRatio"] = Stats.Median(moduleRates.Zip(rawRates, (m, r) => m / r)),
            },
        };
    }
}
