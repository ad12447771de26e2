using System.Text.Json.Nodes;

namespace AdobeExportJobs.Emulator.Jobs;

public static class JobStatus
{
    public const string New = "NEW";
    public const string Processing = "PROCESSING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string Cancelled = "CANCELLED";

    public static readonly IReadOnlyList<string> All = new[] { New, Processing, Succeeded, Failed, Cancelled };

    public static bool IsFinished(string status) => status is Succeeded or Failed or Cancelled;
}

/// <summary>The sort key and list cursor of a job: creation time in ms, then id; the wire form is "creationTimeMs_id".</summary>
public readonly record struct JobKey(long CreationTime, long Id) : IComparable<JobKey>
{
    public static readonly JobKey Oldest = new(long.MinValue, long.MinValue);

    /// <summary>Newest first: a key that sorts earlier is newer.</summary>
    public int CompareTo(JobKey other)
    {
        int byTime = other.CreationTime.CompareTo(CreationTime);
        return byTime != 0 ? byTime : other.Id.CompareTo(Id);
    }

    public override string ToString() => $"{CreationTime}_{Id}";

    public static bool TryParse(string text, out JobKey key)
    {
        key = default;
        var parts = (text ?? "").Split('_');
        if (parts.Length != 2 || !long.TryParse(parts[0], System.Globalization.NumberStyles.None, null, out var time)
            || !long.TryParse(parts[1], System.Globalization.NumberStyles.None, null, out var id)) return false;
        key = new JobKey(time, id);
        return true;
    }
}

/// <summary>
/// One export job. <see cref="Document"/> is its wire form and the source of truth; it is only read or changed
/// under the store's lock, and <see cref="Json"/> caches its serialization for cheap listing.
/// </summary>
internal sealed class ExportJob
{
    public long Id { get; init; }
    public string OrgId { get; init; }
    public string Sandbox { get; init; }
    public long CreationTime { get; init; }
    public long DurationMs { get; init; }
    public string RequestBody { get; init; }
    public ExportRequest Request { get; init; }
    public JsonObject Document { get; init; }
    public string Json { get; private set; }

    /// <summary>Cancelled by DELETE (after the status became CANCELLED) or by shutdown (status unchanged).</summary>
    public CancellationTokenSource Cancellation { get; set; }

    public JobKey Key => new(CreationTime, Id);
    public string Status => (string)Document["status"];
    public string DatasetId => Request.DatasetId;

    public void Refresh() => Json = Document.ToJsonString();

    /// <summary>Batch ids in batch order: one per filter segment with segmentPerBatch, else the single batchId.</summary>
    public IReadOnlyList<string> BatchIds()
    {
        var destination = (JsonObject)Document["destination"];
        if (destination["batches"] is JsonArray batches) return batches.Select(b => (string)b["batchId"]).ToList();
        return new[] { (string)destination["batchId"] };
    }
}
