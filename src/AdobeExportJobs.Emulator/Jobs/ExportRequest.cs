using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AdobeExportJobs.Emulator.Profiles;

namespace AdobeExportJobs.Emulator.Jobs;

/// <summary>A create body, validated: what a job must select, project and write.</summary>
public sealed class ExportRequest
{
    public static readonly IReadOnlyList<string> DefaultSegmentStatuses = new[] { "realized", "existing" };

    // \A and \z, not ^ and $: $ also matches before a final newline, and "x\n" would name a folder.
    private static readonly Regex Rfc3339 = new(
        @"\A\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})\z", RegexOptions.CultureInvariant);
    private static readonly Regex SafeDatasetId = new(@"\A[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}\z", RegexOptions.CultureInvariant);

    public IReadOnlyList<string> Fields { get; private init; } = Array.Empty<string>();
    public string SchemaName { get; private init; }
    public string DatasetId { get; private init; }
    public bool SegmentPerBatch { get; private init; }
    public IReadOnlyList<SegmentFilter> Segments { get; private init; } = Array.Empty<SegmentFilter>();
    public DateTimeOffset? QualificationStart { get; private init; }
    public DateTimeOffset? QualificationEnd { get; private init; }
    public DateTimeOffset? FromIngestTimestamp { get; private init; }
    public bool EmptyProfiles { get; private init; }

    /// <summary>Null when the body has no additionalFields.eventList: no events are exported then.</summary>
    public EventListRequest EventList { get; private init; }

    public MergePolicyDefinition MergePolicy { get; private init; }
    public int MergePolicyVersion { get; private init; }
    public bool MergePolicyGiven { get; private init; }

    /// <summary>Most comma-separated entries in <c>fields</c> and <c>additionalFields.eventList.fields</c>.</summary>
    public const int MaxFields = 1000;

    /// <summary>Most entries in <c>filter.segments</c>.</summary>
    public const int MaxSegments = 1000;

    /// <summary>Validates a create body as parsed: the list sizes first, on the raw JSON, so that an oversized list is
    /// refused before anything is built from it; then every field.</summary>
    public static ExportRequest Parse(JsonElement body, ProfileStore store, out string errorField, out string errorMessage)
    {
        if (TooLong(body, out errorField, out errorMessage)) return null;
        return Parse(body.ValueKind == JsonValueKind.Object ? JsonObject.Create(body) : null, store, out errorField, out errorMessage);
    }

    /// <summary>Validates a create body; on failure returns null and the offending field with the reason.</summary>
    public static ExportRequest Parse(JsonNode body, ProfileStore store, out string errorField, out string errorMessage)
    {
        var parser = new Parser(store);
        try
        {
            errorField = errorMessage = null;
            return parser.Parse(body);
        }
        catch (InvalidFieldException e)
        {
            errorField = e.Field;
            errorMessage = e.Message;
            return null;
        }
    }

    private static bool TooLong(JsonElement body, out string field, out string message)
    {
        field = message = null;
        if (body.ValueKind != JsonValueKind.Object) return false;
        if (body.TryGetProperty("fields", out var fields) && CountEntries(fields) > MaxFields)
            (field, message) = ("fields", $"fields: at most {MaxFields} comma-separated field names");
        else if (Child(Child(body, "additionalFields"), "eventList") is { } eventList && eventList.TryGetProperty("fields", out var eventFields)
                 && CountEntries(eventFields) > MaxFields)
            (field, message) = ("additionalFields.eventList.fields", $"additionalFields.eventList.fields: at most {MaxFields} comma-separated field names");
        else if (Child(body, "filter") is { } filter && filter.TryGetProperty("segments", out var segments)
                 && segments.ValueKind == JsonValueKind.Array && segments.GetArrayLength() > MaxSegments)
            (field, message) = ("filter.segments", $"filter.segments: at most {MaxSegments} segments in one export job");
        return field != null;
    }

    private static JsonElement? Child(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object
            ? child : null;

    /// <summary>Comma-separated entries of a JSON string, counted on its raw bytes (no string is built unless it is escaped).</summary>
    private static int CountEntries(JsonElement text)
    {
        if (text.ValueKind != JsonValueKind.String) return 0;
        var raw = JsonMarshal.GetRawUtf8Value(text);
        if (raw.IndexOf((byte)'\\') >= 0) return text.GetString()!.Count(c => c == ',') + 1;
        return raw.Count((byte)',') + 1;
    }

    public static bool TryParseTime(string text, out DateTimeOffset time)
    {
        time = default;
        return text != null && Rfc3339.IsMatch(text)
            && DateTimeOffset.TryParse(text.Replace(' ', 'T'), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    private sealed class InvalidFieldException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }

    private sealed class Parser(ProfileStore store)
    {
        public ExportRequest Parse(JsonNode body)
        {
            if (body is not JsonObject root) throw new InvalidFieldException("body", "body: must be a JSON object");

            var destination = root["destination"];
            if (destination is null) throw new InvalidFieldException("destination", "destination is required");
            if (destination is not JsonObject destinationObject) throw new InvalidFieldException("destination", "destination must be an object");
            var datasetId = OptionalString(destinationObject, "datasetId", "destination.datasetId")
                ?? OptionalString(destinationObject, "dataSetId", "destination.datasetId");
            if (string.IsNullOrWhiteSpace(datasetId)) throw new InvalidFieldException("destination.datasetId", "destination.datasetId is required");
            if (!SafeDatasetId.IsMatch(datasetId) || datasetId.Contains(".."))
                throw new InvalidFieldException("destination.datasetId", "destination.datasetId may hold only letters, digits, '_', '-' and '.'");
            bool segmentPerBatch = OptionalBool(destinationObject, "segmentPerBatch", "destination.segmentPerBatch") ?? false;

            var schema = root["schema"];
            if (schema is not null and not JsonObject) throw new InvalidFieldException("schema", "schema must be an object");
            var schemaName = schema is JsonObject schemaObject ? OptionalString(schemaObject, "name", "schema.name") : null;
            if (string.IsNullOrWhiteSpace(schemaName)) throw new InvalidFieldException("schema.name", "schema.name is required");

            var rawFields = OptionalString(root, "fields", "fields");
            var fields = SplitList(rawFields);

            var filter = root["filter"];
            if (filter is not null and not JsonObject) throw new InvalidFieldException("filter", "filter must be an object");
            var filterObject = filter as JsonObject ?? new JsonObject();
            var segments = ParseSegments(filterObject);
            var (qualificationStart, qualificationEnd) = OptionalTimeWindow(filterObject, "segmentQualificationTime", "filter.segmentQualificationTime",
                "startTime", "endTime");
            var fromIngest = OptionalTime(filterObject, "fromIngestTimestamp", "filter.fromIngestTimestamp");
            bool emptyProfiles = OptionalBool(filterObject, "emptyProfiles", "filter.emptyProfiles") ?? false;

            var eventList = ParseEventList(root);
            var (mergePolicy, version, given) = ParseMergePolicy(root, segments);

            return new ExportRequest
            {
                Fields = fields,
                SchemaName = schemaName,
                DatasetId = datasetId,
                SegmentPerBatch = segmentPerBatch,
                Segments = segments,
                QualificationStart = qualificationStart,
                QualificationEnd = qualificationEnd,
                FromIngestTimestamp = fromIngest,
                EmptyProfiles = emptyProfiles,
                EventList = eventList,
                MergePolicy = mergePolicy,
                MergePolicyVersion = version,
                MergePolicyGiven = given,
            };
        }

        private static List<SegmentFilter> ParseSegments(JsonObject filter)
        {
            var list = new List<SegmentFilter>();
            var node = filter["segments"];
            if (node is null) return list;
            if (node is not JsonArray array) throw new InvalidFieldException("filter.segments", "filter.segments must be an array");
            for (int i = 0; i < array.Count; i++)
            {
                var path = $"filter.segments[{i}]";
                if (array[i] is not JsonObject segment) throw new InvalidFieldException(path, $"{path} must be an object");
                var segmentId = OptionalString(segment, "segmentId", path + ".segmentId");
                if (string.IsNullOrWhiteSpace(segmentId)) throw new InvalidFieldException(path + ".segmentId", $"{path}.segmentId is required");
                var segmentNs = OptionalString(segment, "segmentNs", path + ".segmentNs");
                var statuses = ParseStatuses(segment["status"], path + ".status");
                list.Add(new SegmentFilter(segmentId, segmentNs, statuses));
            }
            return list;
        }

        private static IReadOnlyList<string> ParseStatuses(JsonNode node, string path)
        {
            if (node is null) return DefaultSegmentStatuses;
            var values = new List<string>();
            // The v2 document shows a batch status as a single string too; accept that form here as well.
            if (node is JsonValue single) values.Add(StringOf(single, path));
            else if (node is JsonArray array) values.AddRange(array.Select((item, i) => StringOf(item, $"{path}[{i}]")));
            else throw new InvalidFieldException(path, $"{path} must be an array of strings");
            if (values.Count == 0) throw new InvalidFieldException(path, $"{path} must not be empty");
            foreach (var value in values)
            {
                if (!ProfileStore.MembershipStatuses.Contains(value))
                    throw new InvalidFieldException(path, $"{path}: unknown segment status '{value}' (valid: realized, existing, exited)");
            }
            return values.Distinct().ToList();
        }

        private static EventListRequest ParseEventList(JsonObject root)
        {
            var additional = root["additionalFields"];
            if (additional is null) return null;
            if (additional is not JsonObject additionalObject) throw new InvalidFieldException("additionalFields", "additionalFields must be an object");
            var eventList = additionalObject["eventList"];
            if (eventList is null) return null;
            if (eventList is not JsonObject eventListObject)
                throw new InvalidFieldException("additionalFields.eventList", "additionalFields.eventList must be an object");
            var fields = SplitList(OptionalString(eventListObject, "fields", "additionalFields.eventList.fields"));
            var (from, to) = OptionalTimeWindow(eventListObject, "filter", "additionalFields.eventList.filter",
                "fromIngestTimestamp", "toIngestTimestamp");
            return new EventListRequest(fields, from, to);
        }

        private (MergePolicyDefinition Policy, int Version, bool Given) ParseMergePolicy(JsonObject root, List<SegmentFilter> segments)
        {
            var node = root["mergePolicy"];
            if (node is null)
            {
                // Without one, the export uses the merge policy of the (first) exported segment.
                var first = segments.Select(s => store.Segments.FirstOrDefault(d => d.Id == s.SegmentId && (s.SegmentNs == null || d.Namespace == s.SegmentNs)))
                    .FirstOrDefault(d => d != null);
                var policy = first != null ? store.FindMergePolicy(first.MergePolicyId) : store.DefaultMergePolicy;
                return (policy ?? store.DefaultMergePolicy, (policy ?? store.DefaultMergePolicy).Version, false);
            }
            if (node is not JsonObject mergePolicy) throw new InvalidFieldException("mergePolicy", "mergePolicy must be an object");
            var id = OptionalString(mergePolicy, "id", "mergePolicy.id");
            if (string.IsNullOrWhiteSpace(id)) throw new InvalidFieldException("mergePolicy.id", "mergePolicy.id is required when mergePolicy is given");
            var known = store.FindMergePolicy(id)
                ?? throw new InvalidFieldException("mergePolicy.id",
                    $"mergePolicy.id: unknown merge policy '{id}' (known: {string.Join(", ", store.MergePolicies.Select(p => p.Id))})");
            int version = known.Version;
            if (mergePolicy["version"] is { } versionNode)
            {
                if (versionNode is not JsonValue value || !value.TryGetValue(out int parsed) || parsed < 1)
                    throw new InvalidFieldException("mergePolicy.version", "mergePolicy.version must be a positive integer");
                version = parsed;
            }
            return (known, version, true);
        }

        private static string OptionalString(JsonObject parent, string name, string path)
        {
            var node = parent[name];
            return node is null ? null : StringOf(node, path);
        }

        private static string StringOf(JsonNode node, string path)
        {
            if (node is JsonValue value && value.TryGetValue(out string text)) return text;
            throw new InvalidFieldException(path, $"{path} must be a string");
        }

        private static bool? OptionalBool(JsonObject parent, string name, string path)
        {
            var node = parent[name];
            if (node is null) return null;
            if (node is JsonValue value && value.TryGetValue(out bool flag)) return flag;
            throw new InvalidFieldException(path, $"{path} must be true or false");
        }

        private static DateTimeOffset? OptionalTime(JsonObject parent, string name, string path)
        {
            var text = OptionalString(parent, name, path);
            if (text == null) return null;
            if (!TryParseTime(text, out var time))
                throw new InvalidFieldException(path, $"{path}: '{text}' is not an RFC 3339 date-time (e.g. 2018-01-01T00:00:00Z)");
            return time;
        }

        /// <summary>An optional object holding two optional times, e.g. filter.segmentQualificationTime {startTime, endTime}.</summary>
        private static (DateTimeOffset? From, DateTimeOffset? To) OptionalTimeWindow(JsonObject parent, string name, string path,
            string fromName, string toName)
        {
            var node = parent[name];
            if (node is null) return (null, null);
            if (node is not JsonObject window) throw new InvalidFieldException(path, $"{path} must be an object");
            return (OptionalTime(window, fromName, $"{path}.{fromName}"), OptionalTime(window, toName, $"{path}.{toName}"));
        }

        private static List<string> SplitList(string text) =>
            (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
    }
}

public sealed record SegmentFilter(string SegmentId, string SegmentNs, IReadOnlyList<string> Statuses);

public sealed record EventListRequest(IReadOnlyList<string> Fields, DateTimeOffset? FromIngestTimestamp, DateTimeOffset? ToIngestTimestamp);
