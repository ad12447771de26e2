using System.Text.Json;
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
/// One export job. Its wire form is <see cref="Json"/>, UTF-8, rebuilt by <see cref="Refresh"/> after each change of
/// <see cref="Document"/>; both are only read or changed under the store's lock. The parts echoed from the create body
/// (<see cref="EchoedParts"/>: fields, filter, additionalFields) can be as large as the body limit, so they live only in
/// <see cref="Json"/>: in <see cref="Document"/> they are null placeholders that keep their place in the property order.
/// The parsed request is not kept either: the runner reads it back from <see cref="Json"/> when the export runs.
/// </summary>
internal sealed class ExportJob
{
    public static readonly IReadOnlyList<string> EchoedParts = new[] { "fields", "filter", "additionalFields" };

    /// <summary>A job with its wire form already built, the echoed parts taken from <paramref name="echoSource"/>
    /// (the create body or the stored job).</summary>
    public ExportJob(long id, string orgId, string sandbox, long creationTime, long durationMs, string datasetId, JsonObject document,
        JsonElement echoSource, int sizeHint)
    {
        Id = id;
        OrgId = orgId;
        Sandbox = sandbox;
        CreationTime = creationTime;
        DurationMs = durationMs;
        DatasetId = datasetId;
        Document = document;
        Refresh(echoSource, sizeHint);
    }

    public long Id { get; }
    public string OrgId { get; }
    public string Sandbox { get; }
    public long CreationTime { get; }
    public long DurationMs { get; }
    public string DatasetId { get; }
    public JsonObject Document { get; }
    public byte[] Json { get; private set; }

    /// <summary>Cancelled by DELETE (after the status became CANCELLED) or by shutdown (status unchanged).</summary>
    public CancellationTokenSource Cancellation { get; set; }

    public JobKey Key => new(CreationTime, Id);
    public string Status => (string)Document["status"];

    /// <summary>True when <paramref name="source"/> has a value for the echoed part <paramref name="name"/>.</summary>
    public static bool HasEcho(JsonElement source, string name) =>
        source.ValueKind == JsonValueKind.Object && source.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>Serializes <see cref="Document"/>, taking each echoed part from <paramref name="echoSource"/>
    /// (the create body or a stored job), or from the current <see cref="Json"/> when none is given.</summary>
    public void Refresh(JsonElement? echoSource = null, int sizeHint = 0)
    {
        JsonDocument previous = null;
        try
        {
            if (echoSource == null && Json != null)
            {
                previous = JsonDocument.Parse(Json);
                echoSource = previous.RootElement;
            }
            using var buffer = new PooledBufferWriter(Math.Max(sizeHint, Json?.Length ?? 0) + 1024);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var (name, value) in Document)
                {
                    if (value is null && echoSource is { } source && EchoedParts.Contains(name) && HasEcho(source, name))
                    {
                        writer.WritePropertyName(name);
                        source.GetProperty(name).WriteTo(writer);
                        continue;
                    }
                    writer.WritePropertyName(name);
                    if (value is null) writer.WriteNullValue();
                    else value.WriteTo(writer);
                }
                writer.WriteEndObject();
            }
            Json = buffer.WrittenSpan.ToArray();
        }
        finally
        {
            previous?.Dispose();
        }
    }

    /// <summary>Batch ids in batch order: one per filter segment with segmentPerBatch, else the single batchId.</summary>
    public IReadOnlyList<string> BatchIds()
    {
        var destination = (JsonObject)Document["destination"];
        if (destination["batches"] is JsonArray batches) return batches.Select(b => (string)b["batchId"]).ToList();
        return new[] { (string)destination["batchId"] };
    }
}
