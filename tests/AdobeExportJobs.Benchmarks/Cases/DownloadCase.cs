using System.Diagnostics;
using System.Net.Http.Headers;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Benchmarks.Cases;

/// <summary>
/// Saving an export's Parquet files: Save-ExportJobFile against a raw HttpClient stream copy of the same files (the
/// same listing calls, the same four downloads at a time, straight to disk), alternating in the same run, as MB/s.
/// Then memory: the managed heap growth while Save-ExportJobFile saves an export ten times larger than another, sampled
/// with forced full collections on a thread of its own (the emulator runs in a child process, so the heap is the
/// engine's and the module's alone). Streaming keeps the growth the same whatever the export's size.
/// </summary>
public static class DownloadCase
{
    private const double TargetRatio = 0.9;
    private const double TargetGrowthRatio = 1.2;
    private const int Parallel = 4;
    private const string DatasetId = "bench-download";

    /// <summary>All profiles, every field: the largest files the emulator writes.</summary>
    private static readonly string FullExport = new JObject
    {
        ["destination"] = new JObject { ["datasetId"] = DatasetId },
        ["schema"] = new JObject { ["name"] = "_xdm.context.profile" },
    }.ToString(Newtonsoft.Json.Formatting.None);

    public static async Task<CaseResult> RunAsync(BenchmarkContext context)
    {
        var scale = context.Scale;
        await using var emulator = await EmulatorProcess.StartAsync("--urls", "http://127.0.0.1:0",
            "--profile-count", scale.DownloadProfiles.ToString(), "--parquet-rows-per-file", scale.DownloadRowsPerFile.ToString(),
            "--min-job-duration", "10ms", "--max-job-duration", "20ms");
        var server = emulator.Endpoint;
        using var large = new RawApi(server, "prod");
        using var small = new RawApi(server, "dev");
        await large.ConnectAsync();
        await small.ConnectAsync();
        var fill = Stopwatch.StartNew();
        var largeIds = await large.CreateJobsAsync(scale.DownloadLargeJobs, DatasetId, concurrency: 2, body: FullExport);
        var smallIds = await small.CreateJobsAsync(scale.DownloadSmallJobs, DatasetId, concurrency: 2, body: FullExport);
        await WaitSucceededAsync(large, largeIds);
        await WaitSucceededAsync(small, smallIds);
        var largeFiles = await RawFiles.ListAsync(large, server.BaseAddress, largeIds);
        var smallFiles = await RawFiles.ListAsync(small, server.BaseAddress, smallIds);
        long largeBytes = largeFiles.Sum(f => f.Length), smallBytes = smallFiles.Sum(f => f.Length);
        context.Say($"download: {largeIds.Length} + {smallIds.Length} exports written in {fill.Elapsed.TotalSeconds:F1} s: " +
                    $"{largeFiles.Count} files, {Stats.Megabytes(largeBytes):F1} MB and {smallFiles.Count} files, {Stats.Megabytes(smallBytes):F1} MB");

        var root = Path.Combine(Path.GetTempPath(), "aej-bench-download-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var engine = new ModuleEngine(server, "prod");
            engine.Set("LargeIds", largeIds);
            engine.Set("SmallIds", smallIds);
            string Save(string ids, string folder) => $"$ProgressPreference = 'SilentlyContinue'; Save-ExportJobFile -Id {ids} -Path '{folder}' -ThrottleLimit {Parallel}";

            // Warm-up on the small export: JIT, connection pools, the engine's compiled script.
            engine.Connect("dev");
            engine.Run(Save("$SmallIds", Path.Combine(root, "warm-module")));
            await RawFiles.CopyAllAsync(small, smallFiles, Path.Combine(root, "warm-raw"), Parallel);
            Check(Path.Combine(root, "warm-module"), smallFiles);
            Check(Path.Combine(root, "warm-raw"), smallFiles);
            engine.Connect("prod");

            var moduleRates = new List<double>();
            var rawRates = new List<double>();
            for (int round = 0; round < scale.DownloadRounds; round++)
            {
                var rawFolder = Path.Combine(root, $"raw-{round}");
                var clock = Stopwatch.StartNew();
                await RawFiles.CopyAllAsync(large, largeFiles, rawFolder, Parallel);
                rawRates.Add(Stats.Megabytes(largeBytes) / clock.Elapsed.TotalSeconds);
                Check(rawFolder, largeFiles);
                Directory.Delete(rawFolder, recursive: true);

                var moduleFolder = Path.Combine(root, $"module-{round}");
                clock.Restart();
                engine.Run(Save("$LargeIds", moduleFolder));
                moduleRates.Add(Stats.Megabytes(largeBytes) / clock.Elapsed.TotalSeconds);
                Check(moduleFolder, largeFiles);
                Directory.Delete(moduleFolder, recursive: true);
            }

            // Memory: the same command on the small and the large export, each into a fresh folder.
            engine.Connect("dev");
            double smallGrowth = HeapGrowth(engine, Save("$SmallIds", Path.Combine(root, "memory-small")));
            engine.Connect("prod");
            double largeGrowth = HeapGrowth(engine, Save("$LargeIds", Path.Combine(root, "memory-large")));
            Check(Path.Combine(root, "memory-large"), largeFiles);

            double value = Stats.Median(moduleRates), baseline = Stats.Median(rawRates), ratio = value / baseline;
            double growthRatio = largeGrowth / Math.Max(smallGrowth, 1);
            context.Say($"download: Save-ExportJobFile {string.Join(", ", moduleRates.Select(r => $"{r:F1}"))} MB/s; raw {string.Join(", ", rawRates.Select(r => $"{r:F1}"))} MB/s; " +
                        $"heap growth {Stats.Megabytes(largeGrowth):F2} MB ({Stats.Megabytes(largeBytes):F0} MB saved) vs {Stats.Megabytes(smallGrowth):F2} MB ({Stats.Megabytes(smallBytes):F0} MB saved)");
            return new CaseResult
            {
                Name = "download",
                Value = value,
                Baseline = baseline,
                Ratio = ratio,
                Unit = "MB/s",
                Target = $"ratio >= {TargetRatio}; heap growth {scale.DownloadLargeJobs / scale.DownloadSmallJobs}x export <= {TargetGrowthRatio}x",
                Met = ratio >= TargetRatio && growthRatio <= TargetGrowthRatio,
                Notes = $"{largeFiles.Count} Parquet files, {Stats.Megabytes(largeBytes):F1} MB, {Parallel} at a time: Save-ExportJobFile -Id (listing included) vs HttpClient " +
                        $"GET + CopyToAsync to a FileStream; heap growth {Stats.Megabytes(largeGrowth):F2} MB vs {Stats.Megabytes(smallGrowth):F2} MB for a tenth of it (ratio {growthRatio:F2})",
                Details =
                {
                    ["exportMB"] = Stats.Megabytes(largeBytes),
                    ["files"] = largeFiles.Count,
                    ["smallExportMB"] = Stats.Megabytes(smallBytes),
                    ["moduleMBps"] = value,
                    ["rawMBps"] = baseline,
                    ["largeGrowthMB"] = Stats.Megabytes(largeGrowth),
                    ["smallGrowthMB"] = Stats.Megabytes(smallGrowth),
                    ["growthRatio"] = growthRatio,
                },
            };
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    private static async Task WaitSucceededAsync(RawApi raw, IEnumerable<long> ids)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        foreach (var id in ids)
        {
            while (true)
            {
                var status = (string)(await raw.GetJobAsync(id))["status"];
                if (status == "SUCCEEDED") break;
                if (status is "FAILED" or "CANCELLED") throw new InvalidOperationException($"export job {id} ended {status}");
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"export job {id} is still {status}");
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Every file is there, with its size; the saved bytes themselves are checked by the Pester and xunit tests.</summary>
    private static void Check(string root, IReadOnlyList<RawFile> files)
    {
        foreach (var file in files)
        {
            var path = Path.Combine(root, file.JobId.ToString(), file.BatchId, file.Name);
            var info = new FileInfo(path);
            if (!info.Exists || info.Length != file.Length) throw new InvalidOperationException($"{path}: {(info.Exists ? info.Length + " bytes" : "missing")}, expected {file.Length} bytes");
        }
    }

    /// <summary>
    /// The peak of the live managed heap above where it stood before, while <paramref name="save"/> runs: sampled (with a
    /// forced full collection) on the pipeline thread each time a file is saved, while the other downloads are in flight,
    /// and every 20 ms on a thread of its own, so a short save is sampled as often as a long one.
    /// </summary>
    private static double HeapGrowth(ModuleEngine engine, string save)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        long peak = before;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                long now = GC.GetTotalMemory(forceFullCollection: true);
                if (now > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, now);
                try { await Task.Delay(20, stop.Token); }
                catch (OperationCanceledException) { }
            }
        });
        var sampled = engine.Run($"$peak = 0L; {save} -PassThru | ForEach-Object {{ $now = [GC]::GetTotalMemory($true); if ($now -gt $peak) {{ $peak = $now }} }}; $peak");
        stop.Cancel();
        sampler.Wait();
        long inPipeline = Convert.ToInt64(sampled.Single().BaseObject);
        return Math.Max(Interlocked.Read(ref peak), inPipeline) - before;
    }
}

internal sealed record RawFile(long JobId, string BatchId, string Name, long Length, string Url);

/// <summary>The baseline: the Data Access calls a careful script makes with a bare HttpClient and the same headers.</summary>
internal static class RawFiles
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromMinutes(5),
    };

    /// <summary>The files of the jobs: GET the job, its batch's file sets, each set's files.</summary>
    public static async Task<List<RawFile>> ListAsync(RawApi raw, string baseAddress, IEnumerable<long> ids)
    {
        var files = new List<RawFile>();
        foreach (var id in ids)
        {
            var job = await raw.GetJobAsync(id);
            var batchId = (string)job["destination"]!["batchId"];
            var sets = await GetAsync(raw, $"{baseAddress}/data/foundation/export/batches/{batchId}/files?limit=100");
            foreach (var set in (JArray)sets["data"]!)
            {
                var details = await GetAsync(raw, $"{baseAddress}/data/foundation/export/files/{(string)set["dataSetFileId"]}");
                foreach (var file in (JArray)details["data"]!)
                    files.Add(new RawFile(id, batchId, (string)file["name"], long.Parse((string)file["length"]!), (string)file["_links"]!["self"]!["href"]));
            }
        }
        return files;
    }

    /// <summary>Downloads every file to root/jobId/batchId/name, <paramref name="parallel"/> at a time: GET, then CopyToAsync to a FileStream.</summary>
    public static async Task CopyAllAsync(RawApi raw, IReadOnlyList<RawFile> files, string root, int parallel)
    {
        // The listing is part of what Save-ExportJobFile -Id does, so the baseline does it too.
        await ListAsync(raw, new Uri(files[0].Url).GetLeftPart(UriPartial.Authority), files.Select(f => f.JobId).Distinct());
        int next = -1;
        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < files.Count)
            {
                var file = files[i];
                var path = Path.Combine(root, file.JobId.ToString(), file.BatchId, file.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var request = Request(raw, file.Url);
                using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                await using var target = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
                await response.Content.CopyToAsync(target);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(Worker)));
    }

    private static async Task<JObject> GetAsync(RawApi raw, string url)
    {
        using var request = Request(raw, url);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"GET {url}: {(int)response.StatusCode} {body}");
        return JObject.Parse(body);
    }

    private static HttpRequestMessage Request(RawApi raw, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (System.Collections.DictionaryEntry header in raw.HeadersForPowerShell())
        {
            if ((string)header.Key == "Accept") continue;
            request.Headers.TryAddWithoutValidation((string)header.Key, (string)header.Value);
        }
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        return request;
    }
}
