using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator.Datasets;
using AdobeExportJobs.Emulator.Profiles;

namespace AdobeExportJobs.Emulator.Jobs;

/// <summary>
/// Moves jobs NEW → PROCESSING → SUCCEEDED/FAILED in the background. Each job is one async flow that awaits
/// timers, so thousands can run at once without a thread each. The export itself (selection and files) runs
/// when the job enters PROCESSING; the files become visible in the dataset folder at the moment the job turns
/// SUCCEEDED, and a cancelled job leaves nothing behind.
/// </summary>
internal sealed class JobRunner : IDisposable
{
    /// <summary>A dataset id containing this (any case) makes the job fail after processing — documented in README.md.</summary>
    public const string FailingDatasetMarker = "fail";

    private readonly EmulatorOptions _options;
    private readonly JobStore _store;
    private readonly ProfileExporter _exporter;
    private readonly ProfileStore _profiles;
    private readonly string _datasetRoot;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<long, Task> _running = new();

    // Exports are CPU work; capping how many run at once keeps cores free to answer requests while many jobs run.
    private readonly SemaphoreSlim _exportSlots = new(Math.Max(1, Environment.ProcessorCount / 2));

    public JobRunner(EmulatorOptions options, JobStore store, ProfileStore profiles, DatasetRootFolder datasetRoot)
    {
        _options = options;
        _profiles = profiles;
        _store = store;
        _exporter = new ProfileExporter(profiles);
        _datasetRoot = datasetRoot.Path;
    }

    public void Start(ExportJob job)
    {
        job.Cancellation = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
        var work = RunAsync(job);
        _running[job.Id] = work;
        work.ContinueWith(done => _running.TryRemove(KeyValuePair.Create(job.Id, done)), TaskContinuationOptions.ExecuteSynchronously);
    }

    public static void Stop(ExportJob job)
    {
        try { job.Cancellation?.Cancel(); }
        catch (ObjectDisposedException) { /* the job had already finished */ }
    }

    /// <summary>Stops every running job and waits for it. Their stored state stays as it is, so a restart resumes them.</summary>
    public async Task StopAllAsync()
    {
        _shutdown.Cancel();
        try { await Task.WhenAll(_running.Values.ToArray()); }
        catch (OperationCanceledException) { }
    }

    public void Dispose()
    {
        _shutdown.Cancel();
        _shutdown.Dispose();
    }

    private async Task RunAsync(ExportJob job)
    {
        var token = job.Cancellation.Token;
        var staging = Path.Combine(_datasetRoot, ".staging", job.Id.ToString());
        try
        {
            await Task.Yield();
            await DelayUntilAsync(job.CreationTime + job.DurationMs / 4, token);
            bool entered = _store.TryTransition(job, JobStatus.New, document =>
            {
                document["status"] = JobStatus.Processing;
                ((JsonObject)document["computeGatewayJobId"])["exportJob"] = Guid.NewGuid().ToString();
            });
            // A job resumed after a restart may already be PROCESSING; anything else means it was cancelled.
            if (!entered && _store.StatusOf(job) != JobStatus.Processing) return;

            long exportStart, exportEnd, writeStart, writeEnd;
            List<(string Staging, string Final)> files;
            ExportCounters counters;
            await _exportSlots.WaitAsync(token);
            try
            {
                exportStart = NowMs();
                var request = _store.RequestOf(job, _profiles);
                var batches = _exporter.Select(request, token);
                exportEnd = NowMs();
                if (job.DatasetId.Contains(FailingDatasetMarker, StringComparison.OrdinalIgnoreCase))
                {
                    files = null;
                    counters = null;
                    writeStart = writeEnd = exportEnd;
                }
                else
                {
                    writeStart = NowMs();
                    (files, counters) = await WriteStagingFilesAsync(job, request, batches, staging, token);
                    writeEnd = NowMs();
                }
            }
            finally
            {
                _exportSlots.Release();
            }

            if (files == null)
            {
                await DelayUntilAsync(job.CreationTime + job.DurationMs, token);
                _store.TryTransition(job, JobStatus.Processing, document => MarkFailed(job, document, exportStart, exportEnd));
                return;
            }

            await DelayUntilAsync(job.CreationTime + job.DurationMs, token);
            _store.TryTransition(job, JobStatus.Processing, document =>
            {
                // Publishing under the store's lock: a DELETE sees either no files and CANCELLED, or SUCCEEDED with files.
                foreach (var (stagingFile, finalFile) in files)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(finalFile)!);
                    File.Move(stagingFile, finalFile, overwrite: true);
                }
                MarkSucceeded(document, job, exportStart, exportEnd, writeStart, writeEnd, counters);
            });
        }
        catch (OperationCanceledException)
        {
            // Cancelled by DELETE (status already CANCELLED) or by shutdown (status kept, resumed on restart).
        }
        catch (Exception error)
        {
            _store.TryTransition(job, JobStatus.Processing, document =>
            {
                document["status"] = JobStatus.Failed;
                document["errors"] = new JsonArray(ErrorNode("0090000001", "Export failed: " + error.Message, error.GetType().FullName));
            });
        }
        finally
        {
            TryDeleteDirectory(staging);
            job.Cancellation.Dispose();
        }
    }

    /// <summary>Writes every batch as Parquet into the staging folder; returns where each file goes when published.</summary>
    private async Task<(List<(string Staging, string Final)> Files, ExportCounters Counters)> WriteStagingFilesAsync(
        ExportJob job, ExportRequest request, IReadOnlyList<ExportBatch> batches, string staging, CancellationToken token)
    {
        Directory.CreateDirectory(staging);
        var datasetFolder = Path.Combine(_datasetRoot, job.DatasetId);
        var shape = ExportShape.For(request, _profiles);
        var batchIds = job.BatchIds();
        var counters = new ExportCounters();
        var files = new List<(string, string)>();
        for (int i = 0; i < batches.Count; i++)
        {
            var written = await ParquetBatchWriter.WriteAsync(staging, batchIds[i], shape, Render(request, batches[i], counters, token),
                _options.ParquetRowsPerFile, token);
            files.AddRange(written.Select(path => (path, Path.Combine(datasetFolder, Path.GetFileName(path)))));
        }
        return (files, counters);
    }

    private async IAsyncEnumerable<JsonObject> Render(ExportRequest request, ExportBatch batch, ExportCounters counters,
        [EnumeratorCancellation] CancellationToken token)
    {
        int rendered = 0;
        foreach (var profile in batch.Profiles)
        {
            token.ThrowIfCancellationRequested();
            counters.Add(profile.PrimaryNamespace);
            yield return _exporter.Render(request, profile);
            // Give requests waiting for a thread their turn during long exports.
            if (++rendered % 256 == 0) await Task.Yield();
        }
    }

    private static void MarkSucceeded(JsonObject document, ExportJob job, long exportStart, long exportEnd, long writeStart, long writeEnd, ExportCounters counters)
    {
        long now = NowMs();
        document["status"] = JobStatus.Succeeded;
        var byNamespace = new JsonObject();
        foreach (var (ns, count) in counters.ByNamespace.OrderBy(p => p.Key, StringComparer.Ordinal)) byNamespace[ns] = count;
        document["metrics"] = new JsonObject
        {
            ["totalTime"] = JobStore.TimeSpanNode(job.CreationTime, now),
            ["profileExportTime"] = JobStore.TimeSpanNode(exportStart, exportEnd),
            ["aCPDatasetWriteTime"] = JobStore.TimeSpanNode(writeStart, writeEnd),
            ["totalExportedProfileCounter"] = counters.Total,
            ["exportedProfileByNamespaceCounter"] = byNamespace,
        };
        ((JsonObject)document["computeGatewayJobId"])["pushJob"] = Guid.NewGuid().ToString();
    }

    private static void MarkFailed(ExportJob job, JsonObject document, long exportStart, long exportEnd)
    {
        document["status"] = JobStatus.Failed;
        document["errors"] = new JsonArray(
            ErrorNode("0090000009", $"Error writing profiles to output path 'emulator://datasets/{job.DatasetId}'",
                "com.adobe.aep.unifiedprofile.common.logging.Logger"),
            ErrorNode("unknown", "Job aborted.", "org.apache.spark.SparkException: Job aborted."));
        document["metrics"] = new JsonObject
        {
            ["totalTime"] = JobStore.TimeSpanNode(job.CreationTime, NowMs()),
            ["profileExportTime"] = JobStore.TimeSpanNode(exportStart, exportEnd),
        };
    }

    private static JsonObject ErrorNode(string code, string message, string callStack) =>
        new() { ["code"] = code, ["msg"] = message, ["callStack"] = callStack };

    private static async Task DelayUntilAsync(long dueMs, CancellationToken token)
    {
        // Timers may fire a little early; a job never finishes before its announced duration.
        for (long wait = dueMs - NowMs(); wait > 0; wait = dueMs - NowMs()) await Task.Delay(TimeSpan.FromMilliseconds(wait), token);
        token.ThrowIfCancellationRequested();
    }

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static void TryDeleteDirectory(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private sealed class ExportCounters
    {
        public long Total { get; private set; }
        public Dictionary<string, long> ByNamespace { get; } = new(StringComparer.Ordinal);

        public void Add(string primaryNamespace)
        {
            Total++;
            ByNamespace[primaryNamespace] = ByNamespace.GetValueOrDefault(primaryNamespace) + 1;
        }
    }
}
