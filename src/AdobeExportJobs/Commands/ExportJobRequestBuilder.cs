using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using AdobeExportJobs.Model;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Commands
{
    /// <summary>One segment to export: its id, optionally its namespace and the membership statuses to select.</summary>
    public sealed class SegmentSelection
    {
        public string SegmentId { get; set; }
        public string SegmentNamespace { get; set; }
        public string[] Status { get; set; }

        public override string ToString() => SegmentId ?? string.Empty;
    }

    /// <summary>
    /// Builds the JSON body of a create (<c>POST /export/jobs</c>) from New-ExportJob's parameters over an optional raw
    /// body, and refuses anything the service would refuse or misread, before a byte is sent. A parameter that is given
    /// replaces the same field of the raw body; fields only the raw body has are sent as they are.
    /// </summary>
    public sealed class ExportJobRequestBuilder
    {
        public const string DefaultSchemaName = "_xdm.context.profile";

        public static readonly string[] SegmentStatuses = { "realized", "existing", "exited" };

        private static readonly DateTimeOffset EarliestTime = new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private static readonly Regex Rfc3339 = new Regex(
            @"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant);

        /// <summary>Where each time goes in the body, and the parameter that sets it.</summary>
        private static readonly (string Path, string Parameter)[] TimePaths =
        {
            ("filter.segmentQualificationTime.startTime", "QualifiedAfter"),
            ("filter.segmentQualificationTime.endTime", "QualifiedBefore"),
            ("filter.fromIngestTimestamp", "IngestedAfter"),
            ("additionalFields.eventList.filter.fromIngestTimestamp", "EventIngestedAfter"),
            ("additionalFields.eventList.filter.toIngestTimestamp", "EventIngestedBefore"),
        };

        /// <summary>Values the caller gave as parameters, by body path: errors point at them and name the parameter.</summary>
        private readonly Dictionary<string, (string Parameter, object Value)> _given = new Dictionary<string, (string, object)>();

        public JObject BaseBody { get; set; }
        public string DatasetId { get; set; }
        public string SchemaName { get; set; }
        public string[] Field { get; set; }
        public string MergePolicyId { get; set; }
        public int? MergePolicyVersion { get; set; }
        public string[] SegmentId { get; set; }
        public string SegmentNamespace { get; set; }
        public string[] SegmentStatus { get; set; }
        public object[] Segment { get; set; }
        public DateTimeOffset? QualifiedAfter { get; set; }
        public DateTimeOffset? QualifiedBefore { get; set; }
        public DateTimeOffset? IngestedAfter { get; set; }
        public bool? IncludeEmptyProfiles { get; set; }
        public string[] EventField { get; set; }
        public DateTimeOffset? EventIngestedAfter { get; set; }
        public DateTimeOffset? EventIngestedBefore { get; set; }
        public bool? SegmentPerBatch { get; set; }

        /// <summary>The body to send; throws <see cref="ExportJobRequestException"/> for the first problem found.</summary>
        public JObject Build()
        {
            _given.Clear();
            var body = BaseBody == null ? new JObject() : (JObject)BaseBody.DeepClone();

            if (DatasetId != null)
            {
                var destination = ObjectAt(body, "destination");
                destination.Remove("dataSetId");
                Set(destination, "datasetId", "destination.datasetId", "DatasetId", DatasetId, DatasetId.Trim());
            }
            if (SegmentPerBatch.HasValue) Set(ObjectAt(body, "destination"), "segmentPerBatch", "destination.segmentPerBatch", "SegmentPerBatch", SegmentPerBatch, SegmentPerBatch.Value);
            if (SchemaName != null) Set(ObjectAt(body, "schema"), "name", "schema.name", "SchemaName", SchemaName, SchemaName.Trim());
            else if (body["schema"] == null) body["schema"] = new JObject { ["name"] = DefaultSchemaName };
            if (Field != null) Set(body, "fields", "fields", "Field", Field, JoinNames(Field, "Field"));

            if (MergePolicyId != null) Set(ObjectAt(body, "mergePolicy"), "id", "mergePolicy.id", "MergePolicyId", MergePolicyId, MergePolicyId.Trim());
            if (MergePolicyVersion.HasValue) Set(ObjectAt(body, "mergePolicy"), "version", "mergePolicy.version", "MergePolicyVersion", MergePolicyVersion, MergePolicyVersion.Value);

            var segments = SegmentsFromParameters();
            if (segments != null) Set(ObjectAt(body, "filter"), "segments", "filter.segments", SegmentId != null ? "SegmentId" : "Segment", segments, segments);
            else if (SegmentNamespace != null || SegmentStatus != null)
            {
                throw new ExportJobRequestException(ErrorIds.SegmentOptionWithoutSegment,
                    "-SegmentNamespace and -SegmentStatus describe segments, and no segment was given. Valid: give them with -SegmentId or -Segment, or leave them out to export all profiles.",
                    SegmentNamespace ?? string.Join(",", SegmentStatus));
            }

            SetTime(body, "filter.segmentQualificationTime.startTime", "QualifiedAfter", QualifiedAfter);
            SetTime(body, "filter.segmentQualificationTime.endTime", "QualifiedBefore", QualifiedBefore);
            SetTime(body, "filter.fromIngestTimestamp", "IngestedAfter", IngestedAfter);
            if (IncludeEmptyProfiles.HasValue) Set(ObjectAt(body, "filter"), "emptyProfiles", "filter.emptyProfiles", "IncludeEmptyProfiles", IncludeEmptyProfiles, IncludeEmptyProfiles.Value);
            if (EventField != null)
            {
                var eventList = ObjectAt(ObjectAt(body, "additionalFields"), "eventList");
                Set(eventList, "fields", "additionalFields.eventList.fields", "EventField", EventField, JoinNames(EventField, "EventField"));
            }
            SetTime(body, "additionalFields.eventList.filter.fromIngestTimestamp", "EventIngestedAfter", EventIngestedAfter);
            SetTime(body, "additionalFields.eventList.filter.toIngestTimestamp", "EventIngestedBefore", EventIngestedBefore);

            Validate(body);
            return body;
        }

        /// <summary>-SegmentId (with -SegmentNamespace/-SegmentStatus) and -Segment entries; null when neither was given.</summary>
        private JArray SegmentsFromParameters()
        {
            if (SegmentId == null && Segment == null) return null;
            var defaultStatuses = SegmentStatus == null ? null : NormalizeStatuses(SegmentStatus, "SegmentStatus", SegmentStatus);
            var selections = new List<SegmentSelection>();
            foreach (var id in SegmentId ?? new string[0])
            {
                selections.Add(new SegmentSelection { SegmentId = id, SegmentNamespace = SegmentNamespace, Status = defaultStatuses });
            }
            foreach (var entry in Segment ?? new object[0])
            {
                var selection = ReadSegment(entry);
                selection.SegmentNamespace = selection.SegmentNamespace ?? SegmentNamespace;
                selection.Status = selection.Status == null ? defaultStatuses : NormalizeStatuses(selection.Status, "Segment", entry);
                selections.Add(selection);
            }
            var array = new JArray();
            foreach (var selection in selections)
            {
                if (string.IsNullOrWhiteSpace(selection.SegmentId))
                {
                    throw new ExportJobRequestException(ErrorIds.EmptySegmentId,
                        "A segment id is empty or white space. Valid: the id of a segment definition, e.g. 52c26d0d-45f2-47a2-ab30-ed06abc981ff.",
                        selection.SegmentId);
                }
                var item = new JObject { ["segmentId"] = selection.SegmentId.Trim() };
                if (!string.IsNullOrWhiteSpace(selection.SegmentNamespace)) item["segmentNs"] = selection.SegmentNamespace.Trim();
                if (selection.Status != null) item["status"] = new JArray(selection.Status.Cast<object>().ToArray());
                array.Add(item);
            }
            return array;
        }

        /// <summary>A -Segment entry: a segment id, a hashtable or an object with SegmentId/Id, SegmentNs/SegmentNamespace/Namespace, Status.</summary>
        private static SegmentSelection ReadSegment(object entry)
        {
            var value = entry is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : entry;
            switch (value)
            {
                case null:
                    throw new ExportJobRequestException(ErrorIds.EmptySegmentId, "A -Segment entry is null. Valid: a segment id, or a hashtable such as @{ SegmentId = '...'; SegmentNamespace = 'ups'; Status = 'realized' }.", null);
                case string id:
                    return new SegmentSelection { SegmentId = id };
                case SegmentSelection selection:
                    return new SegmentSelection { SegmentId = selection.SegmentId, SegmentNamespace = selection.SegmentNamespace, Status = selection.Status };
                case SegmentFilter filter:
                    return new SegmentSelection { SegmentId = filter.SegmentId, SegmentNamespace = filter.SegmentNs, Status = filter.Status?.ToArray() };
                case IDictionary dictionary:
                    var fromTable = new SegmentSelection();
                    foreach (DictionaryEntry pair in dictionary)
                    {
                        var key = Convert.ToString(pair.Key, CultureInfo.InvariantCulture);
                        if (!TryApplySegmentField(fromTable, key, pair.Value))
                        {
                            throw new ExportJobRequestException(ErrorIds.InvalidSegment,
                                $"-Segment: unknown key '{key}'. Valid keys: SegmentId (or Id), SegmentNamespace (or SegmentNs, Namespace), Status.",
                                entry);
                        }
                    }
                    return fromTable;
                case PSObject custom:
                    var fromObject = new SegmentSelection();
                    foreach (var property in custom.Properties) TryApplySegmentField(fromObject, property.Name, property.Value);
                    return fromObject;
                default:
                    throw new ExportJobRequestException(ErrorIds.InvalidSegment,
                        $"-Segment: a {value.GetType().Name} is not a segment. Valid: a segment id, or a hashtable such as @{{ SegmentId = '...'; SegmentNamespace = 'ups'; Status = 'realized' }}.",
                        entry);
            }
        }

        private static bool TryApplySegmentField(SegmentSelection selection, string key, object value)
        {
            switch (key.ToLowerInvariant())
            {
                case "segmentid":
                case "id":
                    selection.SegmentId = value == null ? null : Convert.ToString(Unwrap(value), CultureInfo.InvariantCulture);
                    return true;
                case "segmentnamespace":
                case "segmentns":
                case "namespace":
                    selection.SegmentNamespace = value == null ? null : Convert.ToString(Unwrap(value), CultureInfo.InvariantCulture);
                    return true;
                case "status":
                case "segmentstatus":
                    selection.Status = ToStrings(value);
                    return true;
                default:
                    return false;
            }
        }

        private static string[] ToStrings(object value)
        {
            value = Unwrap(value);
            if (value == null) return null;
            if (value is string single) return new[] { single };
            if (value is IEnumerable many) return many.Cast<object>().Select(v => Convert.ToString(Unwrap(v), CultureInfo.InvariantCulture)).ToArray();
            return new[] { Convert.ToString(value, CultureInfo.InvariantCulture) };
        }

        private static object Unwrap(object value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        /// <summary>Known statuses in the service's lower case; anything else is refused.</summary>
        private static string[] NormalizeStatuses(IEnumerable<string> statuses, string parameter, object target)
        {
            var result = new List<string>();
            foreach (var status in statuses)
            {
                var known = SegmentStatuses.FirstOrDefault(s => string.Equals(s, status?.Trim(), StringComparison.OrdinalIgnoreCase));
                if (known == null)
                {
                    throw new ExportJobRequestException(ErrorIds.InvalidSegmentStatus,
                        $"-{parameter}: '{status}' is not a segment status. Valid: {string.Join(", ", SegmentStatuses)}.", status);
                }
                if (!result.Contains(known)) result.Add(known);
            }
            if (result.Count == 0)
            {
                throw new ExportJobRequestException(ErrorIds.InvalidSegmentStatus,
                    $"-{parameter}: the list of segment statuses is empty. Valid: {string.Join(", ", SegmentStatuses)}.", target);
            }
            return result.ToArray();
        }

        private static string JoinNames(string[] names, string parameter)
        {
            var trimmed = names.Select(n => n?.Trim()).ToArray();
            var empty = Array.FindIndex(trimmed, string.IsNullOrEmpty);
            if (empty >= 0)
            {
                throw new ExportJobRequestException(ErrorIds.EmptyFieldName,
                    $"-{parameter}: field name number {empty + 1} is empty. Valid: XDM field paths such as 'identities.id' or 'person.name.firstName'.",
                    names[empty]);
            }
            return string.Join(",", trimmed.SelectMany(n => n.Split(',')).Select(n => n.Trim()).Where(n => n.Length > 0));
        }

        private void SetTime(JObject body, string path, string parameter, DateTimeOffset? value)
        {
            if (!value.HasValue) return;
            var parts = path.Split('.');
            var parent = body;
            for (int i = 0; i < parts.Length - 1; i++) parent = ObjectAt(parent, parts[i], string.Join(".", parts.Take(i + 1)));
            RequireYearInRange(value.Value, "-" + parameter, value.Value);
            Set(parent, parts[parts.Length - 1], path, parameter, value.Value, Rfc3339Converter.Format(value.Value));
        }

        private void Set(JObject parent, string name, string path, string parameter, object given, JToken json)
        {
            parent[name] = json;
            _given[path] = (parameter, given);
        }

        private static JObject ObjectAt(JObject parent, string name, string path = null)
        {
            var existing = parent[name];
            if (existing == null || existing.Type == JTokenType.Null)
            {
                var created = new JObject();
                parent[name] = created;
                return created;
            }
            if (existing is JObject obj) return obj;
            throw new ExportJobRequestException(ErrorIds.InvalidBodyValue,
                $"-Body: '{path ?? name}' is {existing.Type.ToString().ToLowerInvariant()}. Valid: a JSON object.", Text(existing));
        }

        private string Name(string path) =>
            _given.TryGetValue(path, out var given) ? $"-{given.Parameter}" : $"-Body field '{path}'";

        private object Target(string path, JToken json) =>
            _given.TryGetValue(path, out var given) ? given.Value : (object)Text(json);

        private static string Text(JToken json) =>
            json == null ? null : json.Type == JTokenType.String ? (string)json : json.ToString(Newtonsoft.Json.Formatting.None);

        /// <summary>Checks the final body, whichever way each field came in.</summary>
        private void Validate(JObject body)
        {
            var destination = body["destination"] as JObject;
            if (body["destination"] != null && destination == null) throw NotA("destination", body["destination"], "a JSON object");
            var datasetId = destination?["datasetId"] ?? destination?["dataSetId"];
            if (datasetId == null || datasetId.Type != JTokenType.String || string.IsNullOrWhiteSpace((string)datasetId))
            {
                throw new ExportJobRequestException(ErrorIds.MissingDatasetId,
                    "No target dataset. Valid: -DatasetId (or destination.datasetId in -Body) with the id of the dataset to export into.",
                    Target("destination.datasetId", datasetId));
            }
            RequireBoolean(destination, "segmentPerBatch", "destination.segmentPerBatch");

            var schema = body["schema"] as JObject;
            if (schema == null) throw NotA("schema", body["schema"], "a JSON object with a name");
            var schemaName = schema["name"];
            if (schemaName == null || schemaName.Type != JTokenType.String || string.IsNullOrWhiteSpace((string)schemaName))
            {
                throw new ExportJobRequestException(ErrorIds.MissingSchemaName,
                    $"{Name("schema.name")}: the schema name is empty. Valid: the schema of the target dataset, e.g. {DefaultSchemaName}.",
                    Target("schema.name", schemaName));
            }
            if (body["fields"] != null && body["fields"].Type != JTokenType.String) throw NotA("fields", body["fields"], "a comma-separated string");

            ValidateMergePolicy(body["mergePolicy"]);
            var filter = body["filter"];
            if (filter != null && !(filter is JObject)) throw NotA("filter", filter, "a JSON object");
            ValidateSegments(filter?["segments"]);
            RequireBoolean(filter as JObject, "emptyProfiles", "filter.emptyProfiles");

            var times = new Dictionary<string, DateTimeOffset>();
            foreach (var (path, _) in TimePaths)
            {
                var token = body.SelectToken(path);
                if (token != null && token.Type != JTokenType.Null) times[path] = ReadTime(path, token);
            }
            RequireWindow(times, "filter.segmentQualificationTime.startTime", "filter.segmentQualificationTime.endTime", "qualification");
            RequireWindow(times, "additionalFields.eventList.filter.fromIngestTimestamp", "additionalFields.eventList.filter.toIngestTimestamp", "event ingestion");
        }

        private void ValidateMergePolicy(JToken token)
        {
            if (token == null) return;
            if (!(token is JObject mergePolicy)) throw NotA("mergePolicy", token, "a JSON object with id and version");
            var id = mergePolicy["id"];
            if (id == null || id.Type != JTokenType.String || string.IsNullOrWhiteSpace((string)id))
            {
                throw new ExportJobRequestException(ErrorIds.MergePolicyIdMissing,
                    "A merge policy version was given without the merge policy's id. Valid: -MergePolicyId alone, or with -MergePolicyVersion.",
                    Target("mergePolicy.version", mergePolicy["version"]) ?? Target("mergePolicy.id", id));
            }
            var version = mergePolicy["version"];
            if (version != null && (version.Type != JTokenType.Integer || (long)version < 1))
            {
                throw new ExportJobRequestException(ErrorIds.InvalidMergePolicyVersion,
                    $"{Name("mergePolicy.version")}: '{version}' is not a merge policy version. Valid: a positive whole number.",
                    Target("mergePolicy.version", version));
            }
        }

        private void ValidateSegments(JToken token)
        {
            if (token == null) return;
            if (!(token is JArray segments)) throw NotA("filter.segments", token, "a JSON array of segments");
            foreach (var segment in segments)
            {
                if (!(segment is JObject item)) throw NotA("filter.segments[]", segment, "a JSON object with a segmentId");
                var id = item["segmentId"];
                if (id == null || id.Type != JTokenType.String || string.IsNullOrWhiteSpace((string)id))
                {
                    throw new ExportJobRequestException(ErrorIds.EmptySegmentId,
                        $"{Name("filter.segments")}: a segment has no segmentId. Valid: the id of a segment definition, e.g. 52c26d0d-45f2-47a2-ab30-ed06abc981ff.",
                        Text(id));
                }
                var ns = item["segmentNs"];
                if (ns != null && ns.Type != JTokenType.String) throw NotA("filter.segments[].segmentNs", ns, "a string such as ups, AAM or AdCloud");
                var status = item["status"];
                if (status == null) continue;
                var values = status is JArray array ? array.ToList() : new List<JToken> { status };
                if (values.Count == 0)
                {
                    throw new ExportJobRequestException(ErrorIds.InvalidSegmentStatus,
                        $"{Name("filter.segments")}: segment '{id}' has an empty status list. Valid: {string.Join(", ", SegmentStatuses)}.", Text(status));
                }
                foreach (var value in values)
                {
                    if (value.Type != JTokenType.String || !SegmentStatuses.Contains((string)value, StringComparer.Ordinal))
                    {
                        throw new ExportJobRequestException(ErrorIds.InvalidSegmentStatus,
                            $"{Name("filter.segments")}: '{value}' is not a segment status. Valid: {string.Join(", ", SegmentStatuses)}.", Text(value));
                    }
                }
            }
        }

        private DateTimeOffset ReadTime(string path, JToken token)
        {
            // A body parsed elsewhere may carry dates as date tokens rather than text.
            var text = token.Type == JTokenType.String ? (string)token
                : token.Type == JTokenType.Date ? Rfc3339Converter.Format(token.ToObject<DateTimeOffset>())
                : null;
            if (text == null || !Rfc3339.IsMatch(text)
                || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                throw new ExportJobRequestException(ErrorIds.InvalidTime,
                    $"{Name(path)}: '{token}' is not an RFC 3339 date-time from 1970 to 9999. Valid: e.g. 2018-01-01T00:00:00Z or 2018-01-01T09:00:00+02:00, between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z.",
                    Target(path, token));
            }
            RequireYearInRange(time, Name(path), Target(path, token));
            return time;
        }

        private static void RequireYearInRange(DateTimeOffset time, string name, object target)
        {
            if (time < EarliestTime)
            {
                throw new ExportJobRequestException(ErrorIds.TimeOutOfRange,
                    $"{name}: {Rfc3339Converter.Format(time)} is before 1970. Valid: a time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z.",
                    target);
            }
        }

        private void RequireWindow(Dictionary<string, DateTimeOffset> times, string startPath, string endPath, string what)
        {
            if (times.TryGetValue(startPath, out var start) && times.TryGetValue(endPath, out var end) && start >= end)
            {
                throw new ExportJobRequestException(ErrorIds.InvalidTimeWindow,
                    $"The {what} window is empty: {Name(startPath)} ({Rfc3339Converter.Format(start)}) is not before {Name(endPath)} ({Rfc3339Converter.Format(end)}). "
                    + "Valid: the start strictly before the end, or only one of them.",
                    Target(endPath, null) ?? Rfc3339Converter.Format(end));
            }
        }

        private void RequireBoolean(JObject parent, string name, string path)
        {
            var token = parent?[name];
            if (token != null && token.Type != JTokenType.Boolean) throw NotA(path, token, "true or false");
        }

        private ExportJobRequestException NotA(string path, JToken token, string what) =>
            new ExportJobRequestException(ErrorIds.InvalidBodyValue, $"{Name(path)}: '{token}' is not valid here. Valid: {what}.", Target(path, token));
    }
}
