using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator.Jobs;

namespace AdobeExportJobs.Emulator.Profiles;

/// <summary>One batch of an export: which segment it is for (null: all segments in one batch) and its profiles.</summary>
public sealed record ExportBatch(SegmentFilter Segment, IReadOnlyList<SyntheticProfile> Profiles);

/// <summary>Applies a create body's filters to the store and renders exported profiles as XDM-like JSON.</summary>
public sealed class ProfileExporter(ProfileStore store)
{
    /// <summary>
    /// Selects the profiles of each batch. A profile qualifies when it passes every filter:
    /// profile records present (unless emptyProfiles), merged update time after fromIngestTimestamp,
    /// and a segment membership matching the segment filter (id, namespace when given, one of the statuses)
    /// whose qualification time lies within segmentQualificationTime (inclusive bounds).
    /// Without filter.segments, every profile qualifies; a qualification window then needs any membership inside it.
    /// </summary>
    public IReadOnlyList<ExportBatch> Select(ExportRequest request, CancellationToken cancellationToken = default)
    {
        var candidates = new List<SyntheticProfile>();
        for (int i = 0; i < store.Profiles.Count; i++)
        {
            if ((i & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            var profile = store.Profiles[i];
            if (profile.HasOnlyEvents && !request.EmptyProfiles) continue;
            if (request.FromIngestTimestamp is { } from && profile.MergedUpdateTime <= from) continue;
            candidates.Add(profile);
        }

        if (request.Segments.Count == 0)
        {
            var all = request.QualificationStart == null && request.QualificationEnd == null
                ? candidates
                : candidates.Where(p => p.Memberships.Any(m => InQualificationWindow(request, m))).ToList();
            return new[] { new ExportBatch(null, all) };
        }
        if (request.SegmentPerBatch)
        {
            return request.Segments
                .Select(segment => new ExportBatch(segment, candidates.Where(p => IsMember(request, segment, p)).ToList()))
                .ToList();
        }
        var union = candidates.Where(p => request.Segments.Any(segment => IsMember(request, segment, p))).ToList();
        return new[] { new ExportBatch(null, union) };
    }

    private static bool IsMember(ExportRequest request, SegmentFilter segment, SyntheticProfile profile) =>
        profile.Memberships.Any(m =>
            m.SegmentId == segment.SegmentId
            && (segment.SegmentNs == null || m.SegmentNs == segment.SegmentNs)
            && segment.Statuses.Contains(m.Status)
            && InQualificationWindow(request, m));

    private static bool InQualificationWindow(ExportRequest request, SegmentMembership membership) =>
        (request.QualificationStart == null || membership.QualificationTime >= request.QualificationStart)
        && (request.QualificationEnd == null || membership.QualificationTime <= request.QualificationEnd);

    /// <summary>The profile's attributes merged by the policy: dotted path → winning value.</summary>
    public static IReadOnlyDictionary<string, object> Merge(SyntheticProfile profile, MergePolicyDefinition policy)
    {
        IEnumerable<ProfileRecord> byPriority = policy.Kind == MergePolicyKind.DataSetPrecedence
            ? profile.Records.OrderBy(r => PrecedenceOf(r.DatasetId)).ThenByDescending(r => r.IngestTime)
            : profile.Records.OrderByDescending(r => r.IngestTime);
        var merged = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var record in byPriority)
        {
            foreach (var (path, value) in record.Attributes) merged.TryAdd(path, value);
        }
        return merged;
    }

    private static int PrecedenceOf(string datasetId)
    {
        int index = ProfileStore.SourceDatasets.ToList().IndexOf(datasetId);
        return index < 0 ? int.MaxValue : index;
    }

    /// <summary>The events an export includes with a profile: ingested after filter.fromIngestTimestamp and
    /// eventList's fromIngestTimestamp, and before its toIngestTimestamp (all bounds exclusive).</summary>
    public static IEnumerable<ExperienceEvent> SelectEvents(ExportRequest request, SyntheticProfile profile)
    {
        if (request.EventList == null) return Enumerable.Empty<ExperienceEvent>();
        return profile.Events.Where(e =>
            (request.FromIngestTimestamp == null || e.IngestTime > request.FromIngestTimestamp)
            && (request.EventList.FromIngestTimestamp == null || e.IngestTime > request.EventList.FromIngestTimestamp)
            && (request.EventList.ToIngestTimestamp == null || e.IngestTime < request.EventList.ToIngestTimestamp));
    }

    /// <summary>One exported line: the merged profile, projected on <c>fields</c>, with its events when eventList asks for them.</summary>
    public JsonObject Render(ExportRequest request, SyntheticProfile profile)
    {
        var document = new JsonObject { ["_id"] = profile.Id };
        var identities = new JsonArray();
        foreach (var identity in profile.Identities)
        {
            identities.Add(new JsonObject
            {
                ["id"] = identity.Id,
                ["namespace"] = new JsonObject { ["code"] = identity.Namespace },
                ["primary"] = identity.Primary,
            });
        }
        document["identities"] = identities;
        foreach (var (path, value) in Merge(profile, request.MergePolicy)) SetPath(document, path, value);

        var membership = new JsonObject();
        foreach (var m in profile.Memberships)
        {
            if (membership[m.SegmentNs] is not JsonObject byNamespace) membership[m.SegmentNs] = byNamespace = new JsonObject();
            byNamespace[m.SegmentId] = new JsonObject
            {
                ["status"] = m.Status,
                ["lastQualificationTime"] = m.QualificationTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            };
        }
        if (membership.Count > 0) document["segmentMembership"] = membership;

        var projected = request.Fields.Count == 0 ? document : FieldProjection.Apply(document, request.Fields);
        if (request.EventList != null)
        {
            var events = new JsonArray();
            foreach (var e in SelectEvents(request, profile))
            {
                var rendered = new JsonObject
                {
                    ["_id"] = e.Id,
                    ["eventType"] = e.EventType,
                    ["timestamp"] = e.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                };
                foreach (var (path, value) in e.Fields) SetPath(rendered, path, value);
                events.Add(request.EventList.Fields.Count == 0 ? rendered : FieldProjection.Apply(rendered, request.EventList.Fields));
            }
            projected["timeSeriesEvents"] = events;
        }
        return projected;
    }

    private static void SetPath(JsonObject target, string dottedPath, object value)
    {
        var parts = dottedPath.Split('.');
        var current = target;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            if (current[parts[i]] is not JsonObject next) current[parts[i]] = next = new JsonObject();
            current = next;
        }
        current[parts[^1]] = value switch
        {
            string text => JsonValue.Create(text),
            long number => JsonValue.Create(number),
            double number => JsonValue.Create(number),
            _ => JsonValue.Create(value.ToString()),
        };
    }
}

/// <summary>Keeps only the listed dotted paths of a document; a path through an array applies to every element.</summary>
public static class FieldProjection
{
    public static JsonObject Apply(JsonObject document, IEnumerable<string> fields)
    {
        var paths = fields.Select(f => f.Split('.', StringSplitOptions.TrimEntries)).ToList();
        return Project(document, paths) as JsonObject ?? new JsonObject();
    }

    private static JsonNode Project(JsonNode node, List<string[]> paths)
    {
        if (paths.Any(p => p.Length == 0)) return node?.DeepClone();
        switch (node)
        {
            case JsonArray array:
                var projectedArray = new JsonArray();
                foreach (var item in array)
                {
                    var projected = Project(item, paths);
                    if (projected != null) projectedArray.Add(projected);
                }
                return projectedArray.Count > 0 ? projectedArray : null;
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var group in paths.GroupBy(p => p[0], StringComparer.Ordinal))
                {
                    if (!obj.TryGetPropertyValue(group.Key, out var child)) continue;
                    var projected = Project(child, group.Select(p => p[1..]).ToList());
                    if (projected != null) result[group.Key] = projected;
                }
                return result.Count > 0 ? result : null;
            default:
                return null;
        }
    }
}
