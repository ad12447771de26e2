using System.Text.Json;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator.Profiles;

namespace AdobeExportJobs.Emulator.Jobs;

/// <summary>One list page: the records' wire forms (shared with the jobs, not copies), the key of the last one,
/// and whether more records follow it.</summary>
internal sealed record JobPage(IReadOnlyList<byte[]> Records, JobKey? Last, bool More);

internal enum DeleteOutcome { NotFound, Cancelled, Removed }

/// <summary>
/// All jobs of all orgs and sandboxes, indexed per (org, sandbox) newest first. One lock guards everything;
/// every change is written through to the persistence before the lock is released, so the store and the
/// database never disagree about an answer already given.
/// </summary>
internal sealed class JobStore
{
    private readonly object _gate = new();
    private readonly Dictionary<long, ExportJob> _jobs = new();
    private readonly Dictionary<(string Org, string Sandbox), SortedSet<JobKey>> _scopes = new();
    private readonly Dictionary<string, long> _jobIdByBatchId = new(StringComparer.Ordinal);
    private readonly IJobPersistence _persistence;
    private long _lastId;
    private long _lastCreationTime;

    public JobStore(IJobPersistence persistence) => _persistence = persistence;

    public int Count { get { lock (_gate) return _jobs.Count; } }

    /// <summary>Loads persisted jobs; returns the unfinished ones so the caller can resume them.</summary>
    public IReadOnlyList<ExportJob> Load(ProfileStore profiles)
    {
        var unfinished = new List<ExportJob>();
        lock (_gate)
        {
            foreach (var stored in _persistence.LoadAll())
            {
                var request = ExportRequest.Parse(JsonNode.Parse(stored.RequestBody), profiles, out _, out _);
                if (request == null) continue; // a body that no longer validates (e.g. another seed's policy) is skipped
                // The job's own form must still describe an export (it is what the runner reads).
                if (ExportRequest.Parse(JsonNode.Parse(stored.Document), profiles, out _, out _) == null) continue;
                using var storedDocument = JsonDocument.Parse(stored.Document);
                var document = JsonNode.Parse(stored.Document).AsObject();
                foreach (var name in ExportJob.EchoedParts)
                {
                    if (ExportJob.HasEcho(storedDocument.RootElement, name)) document[name] = null;
                }
                var job = new ExportJob(stored.Id, stored.OrgId, stored.Sandbox, stored.CreationTime, stored.DurationMs, request.DatasetId, document,
                    storedDocument.RootElement, stored.Document.Length);
                Index(job);
                _lastId = Math.Max(_lastId, job.Id);
                _lastCreationTime = Math.Max(_lastCreationTime, job.CreationTime);
                if (!JobStatus.IsFinished(job.Status)) unfinished.Add(job);
            }
        }
        return unfinished;
    }

    /// <summary>A new job; the parts of the job that echo the body are taken from <paramref name="body"/>, which is kept
    /// (for a restart) only by the persistence.</summary>
    public ExportJob Create(string orgId, string sandbox, ExportRequest request, JsonElement body, ReadOnlyMemory<byte> bodyBytes,
        string requestId, string profileInstanceId, Func<long, long> durationForId)
    {
        lock (_gate)
        {
            long id = ++_lastId;
            // Creation times never go backwards, so "newest first" and the cursor agree with the id order.
            long now = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), _lastCreationTime);
            _lastCreationTime = now;
            var job = new ExportJob(id, orgId, sandbox, now, durationForId(id), request.DatasetId,
                NewDocument(id, orgId, request, body, requestId, profileInstanceId, now), body, bodyBytes.Length);
            _persistence.Insert(job, bodyBytes);
            Index(job);
            return job;
        }
    }

    public byte[] GetJson(string orgId, string sandbox, long id)
    {
        lock (_gate) return Find(orgId, sandbox, id)?.Json;
    }

    /// <summary>Up to <paramref name="limit"/> jobs strictly older than <paramref name="after"/>, newest first.</summary>
    public JobPage List(string orgId, string sandbox, int limit, JobKey? after, string status)
    {
        lock (_gate)
        {
            var records = new List<byte[]>();
            if (!_scopes.TryGetValue((orgId, sandbox), out var keys)) return new JobPage(records, null, false);
            IEnumerable<JobKey> range = after is { } cursor ? keys.GetViewBetween(cursor, JobKey.Oldest).Where(k => k != cursor) : keys;
            JobKey? last = null;
            foreach (var key in range)
            {
                var job = _jobs[key.Id];
                if (status != null && job.Status != status) continue;
                if (records.Count == limit) return new JobPage(records, last, true);
                records.Add(job.Json);
                last = key;
            }
            return new JobPage(records, last, false);
        }
    }

    /// <summary>DELETE: a NEW or PROCESSING job becomes CANCELLED (the caller stops its work); a finished one is removed.</summary>
    public DeleteOutcome Delete(string orgId, string sandbox, long id, out ExportJob job)
    {
        lock (_gate)
        {
            job = Find(orgId, sandbox, id);
            if (job == null) return DeleteOutcome.NotFound;
            if (JobStatus.IsFinished(job.Status))
            {
                _jobs.Remove(id);
                _scopes[(orgId, sandbox)].Remove(job.Key);
                foreach (var batchId in job.BatchIds()) _jobIdByBatchId.Remove(batchId);
                _persistence.Delete(id);
                return DeleteOutcome.Removed;
            }
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var document = job.Document;
            document["status"] = JobStatus.Cancelled;
            document["updateTime"] = now;
            var metrics = document["metrics"] as JsonObject ?? new JsonObject();
            metrics["totalTime"] = TimeSpanNode(job.CreationTime, now);
            document["metrics"] = metrics;
            job.Refresh();
            _persistence.Update(job);
            return DeleteOutcome.Cancelled;
        }
    }

    /// <summary>Applies a state change if the job is still stored and still in <paramref name="expectedStatus"/>;
    /// <paramref name="change"/> runs under the lock, so a concurrent DELETE either wins entirely or not at all.</summary>
    public bool TryTransition(ExportJob job, string expectedStatus, Action<JsonObject> change)
    {
        lock (_gate)
        {
            if (!_jobs.TryGetValue(job.Id, out var current) || !ReferenceEquals(current, job) || job.Status != expectedStatus) return false;
            change(job.Document);
            job.Document["updateTime"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            job.Refresh();
            _persistence.Update(job);
            return true;
        }
    }

    /// <summary>What the job exports, read back from its wire form (which holds every part of the request).</summary>
    public ExportRequest RequestOf(ExportJob job, ProfileStore profiles)
    {
        byte[] json;
        lock (_gate) json = job.Json;
        return ExportRequest.Parse(JsonNode.Parse(json), profiles, out _, out var problem)
            ?? throw new InvalidOperationException("The job no longer describes a valid export: " + problem);
    }

    /// <summary>The dataset a batch was written to, when the batch belongs to a SUCCEEDED job of this org and sandbox
    /// (the Data Access API serves only those); null otherwise.</summary>
    public string FindPublishedBatch(string orgId, string sandbox, string batchId)
    {
        lock (_gate)
        {
            if (batchId == null || !_jobIdByBatchId.TryGetValue(batchId, out var id)) return null;
            var job = Find(orgId, sandbox, id);
            return job?.Status == JobStatus.Succeeded ? job.DatasetId : null;
        }
    }

    public string StatusOf(ExportJob job)
    {
        lock (_gate) return job.Status;
    }

    public IReadOnlyDictionary<string, int> CountByStatus()
    {
        lock (_gate) return _jobs.Values.GroupBy(j => j.Status).ToDictionary(g => g.Key, g => g.Count());
    }

    public static JsonObject TimeSpanNode(long startMs, long endMs) => new()
    {
        ["startTimeInMs"] = startMs,
        ["endTimeInMs"] = endMs,
        ["totalTimeInMs"] = endMs - startMs,
    };

    private ExportJob Find(string orgId, string sandbox, long id) =>
        _jobs.TryGetValue(id, out var job) && job.OrgId == orgId && job.Sandbox == sandbox ? job : null;

    private void Index(ExportJob job)
    {
        _jobs[job.Id] = job;
        if (!_scopes.TryGetValue((job.OrgId, job.Sandbox), out var keys)) _scopes[(job.OrgId, job.Sandbox)] = keys = new SortedSet<JobKey>();
        keys.Add(job.Key);
        foreach (var batchId in job.BatchIds()) _jobIdByBatchId[batchId] = job.Id;
    }

    private static JsonObject NewDocument(long id, string orgId, ExportRequest request, JsonElement body, string requestId,
        string profileInstanceId, long now)
    {
        var destination = new JsonObject { ["datasetId"] = request.DatasetId, ["segmentPerBatch"] = request.SegmentPerBatch };
        if (request.SegmentPerBatch && request.Segments.Count > 0)
        {
            var batches = new JsonArray();
            foreach (var segment in request.Segments)
            {
                batches.Add(new JsonObject
                {
                    ["segmentId"] = segment.SegmentId,
                    ["segmentNs"] = segment.SegmentNs ?? "ups",
                    ["status"] = new JsonArray(segment.Statuses.Select(s => (JsonNode)s).ToArray()),
                    ["batchId"] = NewBatchId(),
                });
            }
            destination["batches"] = batches;
        }
        else
        {
            destination["batchId"] = NewBatchId();
        }

        var document = new JsonObject
        {
            ["id"] = id,
            ["jobType"] = "BATCH",
            ["destination"] = destination,
        };
        // Null placeholders: the echoed parts are copied from the body into the job's wire form (see ExportJob).
        if (ExportJob.HasEcho(body, "fields")) document["fields"] = null;
        document["schema"] = new JsonObject { ["name"] = request.SchemaName };
        document["imsOrgId"] = orgId;
        document["status"] = JobStatus.New;
        document["filter"] = ExportJob.HasEcho(body, "filter") ? null : new JsonObject();
        if (ExportJob.HasEcho(body, "additionalFields")) document["additionalFields"] = null;
        document["mergePolicy"] = new JsonObject { ["id"] = request.MergePolicy.Id, ["version"] = request.MergePolicyVersion };
        document["profileInstanceId"] = profileInstanceId;
        document["metrics"] = new JsonObject { ["totalTime"] = new JsonObject { ["startTimeInMs"] = now } };
        document["computeGatewayJobId"] = new JsonObject { ["exportJob"] = "" };
        document["creationTime"] = now;
        document["updateTime"] = now;
        document["requestId"] = requestId;
        return document;
    }

    private static string NewBatchId() => Guid.NewGuid().ToString("N");
}
