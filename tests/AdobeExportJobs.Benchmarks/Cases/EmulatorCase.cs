namespace AdobeExportJobs.Benchmarks.Cases;

/// <summary>
/// The emulator's own capacity: requests per second with 200 concurrent clients listing and creating
/// (<see cref="EmulatorLoadBenchmark"/>). Its baseline is the highest request rate any other case of this run drove
/// the emulator at; a ratio well above 1 means the emulator was never what limited those cases.
/// </summary>
public static class EmulatorCase
{
    public static async Task<CaseResult> RunAsync(BenchmarkContext context)
    {
        var scale = context.Scale;
        var load = await EmulatorLoadBenchmark.RunAsync(scale.EmulatorClients, scale.EmulatorTime);
        context.Say(load.ToString());
        var (demand, demandCase) = context.PeakDemand;
        double? baseline = demand > 0 ? demand : null;
        return new CaseResult
        {
            Name = "emulator",
            Value = load.RequestsPerSecond,
            Baseline = baseline,
            Ratio = baseline is null ? null : load.RequestsPerSecond / baseline,
            Unit = "req/s",
            Target = "errors = 0, duplicates = 0, ratio > 1 (capacity above the busiest case's demand)",
            Met = load.Errors == 0 && load.DuplicateCreates == 0 && (baseline is null || load.RequestsPerSecond > baseline),
            Notes = $"{load.Clients} clients, {load.Requests} requests, errors {load.Errors}, duplicates {load.DuplicateCreates}, " +
                    $"p50 {load.P50Milliseconds:F1} ms p99 {load.P99Milliseconds:F1} ms" +
                    (baseline is null ? "; no other case ran, so no demand to compare with" : $"; baseline = {demandCase} case's request rate with one client"),
            Details =
            {
                ["clients"] = load.Clients,
                ["requests"] = load.Requests,
                ["errors"] = load.Errors,
                ["duplicates"] = load.DuplicateCreates,
                ["p50Ms"] = load.P50Milliseconds,
                ["p99Ms"] = load.P99Milliseconds,
            },
        };
    }
}
