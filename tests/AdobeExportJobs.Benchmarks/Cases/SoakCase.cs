using System.Collections.Concurrent;
using System.Diagnostics;
using AdobeExportJobs.Emulator;

namespace AdobeExportJobs.Benchmarks.Cases;

/// <summary>
/// A night of runbooks through a bad service: several engines (each its own runspace and session, like parallel
/// runbooks) create jobs with New-ExportJob, wait for them with Wait-ExportJob and delete them with Remove-ExportJob,
/// batch after batch, while the emulator answers 30 % of platform calls 429 (Retry-After 1 s), 10 % 503, drops 5 % of
/// connections and revokes every token after a few seconds. Reported: unresolved errors (expected 0), duplicate jobs by request id
/// (expected 0), and the managed heap at the start, after the first round and at the end (no growth beyond a bound).
/// The engines connect with Connect-Aep's default settings: each call retries until its time budget (300 s) is spent,
/// which is what a runbook should use.
/// </summary>
public static class SoakCase
{
    private const double GrowthBoundMB = 16;

    // A create whose answer was lost ends as ExportJobCreateOutcomeUnknown (the module never risks a second job); the
    // runbook then does what that error recommends: look for the request id, and create again only if no job has it.
    private const string Batch = """
        param($prefix, $count)
        $ProgressPreference = 'SilentlyContinue'
        $recovered = 0
        $created = @(foreach ($i in 1..$count) {
            $job = $null
            for ($attempt = 1; $attempt -le 5 -and $null -eq $job; $attempt++) {
                $job = New-ExportJob -DatasetId "$prefix-$i" -SegmentId 52c26d0d-45f2-47a2-ab30-ed06abc981ff -Field identities.id -ErrorVariable createError
                if ($null -ne $job -or $createError[0].FullyQualifiedErrorId -notlike 'ExportJobCreateOutcomeUnknown,*') { break }
                $recovered++
                $lostRequest = $createError[0].Exception.RequestId
                $job = Get-ExportJob -Limit 200 | Where-Object { $_.RequestId -eq $lostRequest }
            }
            if ($null -ne $job) { $job }
        })
        $finished = @($created | Wait-ExportJob)
        $finished | Remove-ExportJob -Force
        [pscustomobject]@{ Created = $created.Count; Finished = $finished.Count; Succeeded = @($finished | Where-Object Status -eq 'SUCCEEDED').Count; Recovered = $recovered }
        """;

    public static async Task<CaseResult> RunAsync(BenchmarkContext context)
    {
        var scale = context.Scale;
        await using var server = await BenchmarkContext.StartEmulatorAsync(o =>
        {
            o.MinJobDuration = TimeSpan.FromMilliseconds(500);
            o.MaxJobDuration = TimeSpan.FromSeconds(2);
        });
        int workers = scale.SoakWorkers;
        int batchesPerWorker = (int)Math.Ceiling(scale.SoakJobs / (double)(workers * scale.SoakBatch));
        var engines = (await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Factory.StartNew(
            () => new ModuleEngine(server, "prod"),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)))).ToList();
        try
        {
            var faults = server.Options.Faults;
            faults.RateLimitShare = 0.30 * scale.SoakFaultScale;
            faults.RetryAfterSeconds = 1;
            faults.ServerErrorShare = 0.10 * scale.SoakFaultScale;
            faults.ServerErrorStatuses = new List<int> { 503 };
            faults.DropShare = 0.05 * scale.SoakFaultScale;
            faults.TokenEarlyExpiry = TimeSpan.FromSeconds(5);
            server.Statistics.Reset();
            var mix = FormattableString.Invariant(
                $"faults: {faults.RateLimitShare:P0} 429 (Retry-After 1 s), {faults.ServerErrorShare:P0} 503, {faults.DropShare:P0} drops, tokens revoked after {faults.TokenEarlyExpiry?.TotalSeconds} s");

            double startMB = HeapMB();
            double afterFirstRoundMB = double.NaN;
            int created = 0, finished = 0, succeeded = 0, errorCount = 0, recovered = 0;
            var errorKinds = new ConcurrentDictionary<string, int>();
            var clock = Stopwatch.StartNew();
            int remaining = scale.SoakJobs;
            for (int round = 0; round < batchesPerWorker && remaining > 0; round++)
            {
                var sizes = Enumerable.Range(0, workers).Select(w => Math.Max(0, Math.Min(scale.SoakBatch, remaining - w * scale.SoakBatch))).ToArray();
                remaining -= sizes.Sum();
                var runs = engines.Select((engine, w) => Task.Factory.StartNew(
                    () => sizes[w] == 0 ? null : engine.RunUnchecked($"& {{ {Batch} }} soak-{round}-{w} {sizes[w]}"),
                    CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();
                foreach (var result in await Task.WhenAll(runs))
                {
                    if (result == null) continue;
                    foreach (var error in result.Errors) errorKinds.AddOrUpdate(error.FullyQualifiedErrorId.Split(',')[0], 1, (_, n) => n + 1);
                    errorCount += result.Errors.Count;
                    if (result.TerminatingError != null)
                    {
                        errorCount++;
                        errorKinds.AddOrUpdate("terminating: " + result.TerminatingError.GetType().Name, 1, (_, n) => n + 1);
                    }
                    var summary = result.Output.LastOrDefault();
                    if (summary == null) continue;
                    created += Convert.ToInt32(summary.Properties["Created"].Value);
                    finished += Convert.ToInt32(summary.Properties["Finished"].Value);
                    succeeded += Convert.ToInt32(summary.Properties["Succeeded"].Value);
                    recovered += Convert.ToInt32(summary.Properties["Recovered"].Value);
                }
                if (round == 0) afterFirstRoundMB = HeapMB();
                context.Say($"soak: round {round + 1}/{batchesPerWorker}: {created} created, {succeeded} succeeded, {errorCount} errors, {clock.Elapsed.TotalSeconds:F0} s");
            }
            double seconds = clock.Elapsed.TotalSeconds;
            // Outcome-unknown creates the runbook settled as documented are not failures; everything else is.
            int unresolved = errorCount - recovered;
            faults.Clear();
            double endMB = HeapMB();

            var stats = server.Statistics;
            int duplicates = stats.JobsCreatedByRequestId.Values.Count(n => n > 1);
            long made = stats.JobsCreated;
            // Jobs the service made that no New-ExportJob returned (a create whose answer was lost and never found).
            long orphans = Math.Max(0, made - created);
            double growth = endMB - afterFirstRoundMB;
            var faultText = string.Join(", ", stats.FaultsInjected.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"));
            var errorText = errorKinds.IsEmpty ? "none" : string.Join(", ", errorKinds.OrderByDescending(p => p.Value).Select(p => $"{p.Key} x{p.Value}"));
            return new CaseResult
            {
                Name = "soak",
                Value = unresolved,
                Baseline = 0,
                Ratio = null,
                Unit = "errors",
                Target = $"errors = 0, duplicates = 0, all {scale.SoakJobs} SUCCEEDED, heap growth after round 1 <= {GrowthBoundMB} MB",
                Met = unresolved == 0 && duplicates == 0 && succeeded == scale.SoakJobs && orphans == 0 && growth <= GrowthBoundMB,
                Notes = $"{mix}; {scale.SoakJobs} jobs by {workers} engines in batches of {scale.SoakBatch}, {seconds:F0} s; created {created}, succeeded {succeeded}, " +
                        $"service made {made} (duplicates {duplicates}, orphans {orphans}); {recovered} outcome-unknown creates settled by the documented lookup; error records: {errorText}; injected: {faultText}, tokens issued {stats.TokensIssued}; " +
                        $"heap {startMB:F1} MB at start, {afterFirstRoundMB:F1} after round 1, {endMB:F1} at end",
                Details =
                {
                    ["jobs"] = scale.SoakJobs,
                    ["created"] = created,
                    ["finished"] = finished,
                    ["succeeded"] = succeeded,
                    ["errorRecords"] = errorCount,
                    ["outcomeUnknownSettled"] = recovered,
                    ["duplicates"] = duplicates,
                    ["orphans"] = orphans,
                    ["requests"] = stats.TotalRequests,
                    ["faults"] = stats.TotalFaultsInjected,
                    ["tokensIssued"] = stats.TokensIssued,
                    ["heapStartMB"] = startMB,
                    ["heapAfterFirstRoundMB"] = afterFirstRoundMB,
                    ["heapEndMB"] = endMB,
                    ["heapGrowthMB"] = growth,
                    ["seconds"] = seconds,
                },
            };
        }
        finally
        {
            foreach (var engine in engines) engine.Dispose();
        }
    }

    private static double HeapMB() => Stats.Megabytes(GC.GetTotalMemory(forceFullCollection: true));
}
