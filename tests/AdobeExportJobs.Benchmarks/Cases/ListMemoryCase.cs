using System.Diagnostics;

namespace AdobeExportJobs.Benchmarks.Cases;

/// <summary>
/// Does listing stream? Managed heap growth while Get-ExportJob -PageSize N pipes every job of a large list
/// (sandbox prod) vs a list a tenth that size (sandbox dev) into ForEach-Object. Inside the pipeline, ~20 evenly spaced
/// samples of GC.GetTotalMemory(forceFullCollection: true) catch what is live mid-stream; growth is the peak minus the
/// heap just before. Streaming keeps growth at about one page whatever the list length. The emulator runs in a child
/// process here (<see cref="EmulatorProcess"/>), so the measured heap is the engine's and the module's alone.
/// As a check that the method sees retention, the small list is also collected into a variable once.
/// </summary>
public static class ListMemoryCase
{
    private const double TargetRatio = 1.2;
    private const int Samples = 20;

    private const string SampledListing = """
        param($pageSize, $expected, $samples)
        $ProgressPreference = 'SilentlyContinue'
        $every = [Math]::Max(1, [int][Math]::Floor($expected / $samples))
        $before = [GC]::GetTotalMemory($true)
        $peak = $before
        $n = 0
        Get-ExportJob -PageSize $pageSize | ForEach-Object {
            $n++
            if ($n % $every -eq 0) {
                $now = [GC]::GetTotalMemory($true)
                if ($now -gt $peak) { $peak = $now }
            }
        }
        [pscustomobject]@{ Count = $n; Growth = $peak - $before }
        """;

    private const string RetainedListing = """
        param($pageSize)
        $ProgressPreference = 'SilentlyContinue'
        $before = [GC]::GetTotalMemory($true)
        $all = Get-ExportJob -PageSize $pageSize
        $growth = [GC]::GetTotalMemory($true) - $before
        [pscustomobject]@{ Count = $all.Count; Growth = $growth }
        $all = $null
        """;

    public static async Task<CaseResult> RunAsync(BenchmarkContext context)
    {
        var scale = context.Scale;
        await using var emulator = await EmulatorProcess.StartAsync();
        var server = emulator.Endpoint;
        var fill = Stopwatch.StartNew();
        using (var prod = new RawApi(server, "prod"))
        using (var dev = new RawApi(server, "dev"))
        {
            await prod.ConnectAsync();
            await dev.ConnectAsync();
            await Task.WhenAll(prod.CreateJobsAsync(scale.MemoryLargeJobs, "bench-memory"), dev.CreateJobsAsync(scale.MemorySmallJobs, "bench-memory"));
        }
        int total = scale.MemoryLargeJobs + scale.MemorySmallJobs;
        double fillRate = total / fill.Elapsed.TotalSeconds;
        context.Say($"list-memory: filled {total} jobs in {fill.Elapsed.TotalSeconds:F1} s ({fillRate:F0} creates/s); " +
                    $"client heap {Stats.Megabytes(GC.GetTotalMemory(true)):F0} MB");

        using var engine = new ModuleEngine(server, "dev");
        var large = new List<double>();
        var small = new List<double>();
        // Warm-up: first listing in the engine (compiles the script, grows pools) is not measured.
        Measure(engine, "dev", scale.PageSize, scale.MemorySmallJobs);
        for (int round = 0; round < scale.MemoryRounds; round++)
        {
            small.Add(Measure(engine, "dev", scale.PageSize, scale.MemorySmallJobs));
            large.Add(Measure(engine, "prod", scale.PageSize, scale.MemoryLargeJobs));
        }
        engine.Connect("dev");
        var retained = engine.Run($"& {{ {RetainedListing} }} {scale.PageSize}").Single();
        double retainedGrowth = Convert.ToDouble(retained.Properties["Growth"].Value);

        double value = Stats.Megabytes(Stats.Median(large)), baseline = Stats.Megabytes(Stats.Median(small));
        context.Say($"list-memory: growth {scale.MemoryLargeJobs} jobs {string.Join(", ", large.Select(b => $"{Stats.Megabytes(b):F2}"))} MB; " +
                    $"{scale.MemorySmallJobs} jobs {string.Join(", ", small.Select(b => $"{Stats.Megabytes(b):F2}"))} MB; collected {Stats.Megabytes(retainedGrowth):F1} MB");
        return new CaseResult
        {
            Name = "list-memory",
            Value = value,
            Baseline = baseline,
            Ratio = value / baseline,
            Unit = "MB growth",
            Target = $"ratio <= {TargetRatio}",
            Met = value / baseline <= TargetRatio,
            Notes = $"{scale.MemoryLargeJobs} vs {scale.MemorySmallJobs} jobs streamed with -PageSize {scale.PageSize} into ForEach-Object; " +
                    $"for contrast, collecting the {scale.MemorySmallJobs} into a variable grows the heap {Stats.Megabytes(retainedGrowth):F1} MB",
            Details =
            {
                ["largeJobs"] = scale.MemoryLargeJobs,
                ["smallJobs"] = scale.MemorySmallJobs,
                ["collectedSmallGrowthMB"] = Stats.Megabytes(retainedGrowth),
                ["fillCreatesPerSecond"] = fillRate,
            },
        };
    }

    private static double Measure(ModuleEngine engine, string sandbox, int pageSize, int expected)
    {
        engine.Connect(sandbox);
        var result = engine.Run($"& {{ {SampledListing} }} {pageSize} {expected} {Samples}").Single();
        int count = Convert.ToInt32(result.Properties["Count"].Value);
        if (count != expected) throw new InvalidOperationException($"listed {count} jobs in {sandbox}, expected {expected}");
        return Convert.ToDouble(result.Properties["Growth"].Value);
    }
}
