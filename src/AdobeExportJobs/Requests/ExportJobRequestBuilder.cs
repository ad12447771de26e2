using AdobeExportJobs.Model;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Requests
{
    /// <summary>
    /// Builds the JSON body of a create (<c>POST /export/jobs</c>) from New-ExportJob's values over an optional raw body,
    /// then has <see cref="ExportJobRequestChecks"/> refuse anything the service would refuse or misread. A value that is
    /// given replaces the same field of the raw body; fields only the raw body has are sent as they are. Takes plain
    /// values only: the cmdlet makes PowerShell's shapes plain before they get here.
    /// </summary>
    internal sealed class ExportJobRequestBuilder
    {
        public const string DefaultSchemaName = "_xdm.context.profile";

        private readonly GivenFields _given = new GivenFields();

        /// <summary>The raw body: JSON text, a JSON tree, or plain values (see <see cref="JsonBody"/>).</summary>
        public object BaseBody { get; set; }
        public string DatasetId { get; set; }
        public string SchemaName { get; set; }
        public string[] Field { get; set; }
        public string MergePolicyId { get; set; }
        public int? MergePolicyVersion { get; set; }
        public string[] SegmentId { get; set; }
        public string SegmentNamespace { get; set; }
        public string[] SegmentStatus { get; set; }

        /// <summary>Segment ids, dictionaries or objects' properties (see <see cref="SegmentSelection.From"/>).</summary>
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
            var body = BaseBody == null ? new JObject() : JsonBody.ToObject(BaseBody, "Body");

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
                // A typo in a status is the mistake to report first: it would still be wrong once a segment is added.
                if (SegmentStatus != null) SegmentSelection.NormalizeStatuses(SegmentStatus, "SegmentStatus", SegmentStatus);
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

            new ExportJobRequestChecks(_given).Validate(body);
            return body;
        }

        /// <summary>-SegmentId (with -SegmentNamespace/-SegmentStatus) and -Segment entries; null when neither was given.</summary>
        private JArray SegmentsFromParameters()
        {
            if (SegmentId == null && Segment == null) return null;
            var defaultStatuses = SegmentStatus == null ? null : SegmentSelection.NormalizeStatuses(SegmentStatus, "SegmentStatus", SegmentStatus);
            var selections = new List<SegmentSelection>();
            foreach (var id in SegmentId ?? new string[0])
            {
                selections.Add(new SegmentSelection { SegmentId = id, SegmentNamespace = SegmentNamespace, Status = defaultStatuses });
            }
            foreach (var entry in Segment ?? new object[0])
            {
                var selection = SegmentSelection.From(entry);
                selection.SegmentNamespace = selection.SegmentNamespace ?? SegmentNamespace;
                selection.Status = selection.Status == null ? defaultStatuses : SegmentSelection.NormalizeStatuses(selection.Status, "Segment", ObjectProperties.OriginalOf(entry));
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
            ExportJobRequestChecks.RequireYearInRange(value.Value, "-" + parameter, value.Value);
            Set(parent, parts[parts.Length - 1], path, parameter, value.Value, Rfc3339Converter.Format(value.Value));
        }

        private void Set(JObject parent, string name, string path, string parameter, object given, JToken json)
        {
            parent[name] = json;
            _given.Add(path, parameter, given);
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
                $"-Body: '{path ?? name}' is {existing.Type.ToString().ToLowerInvariant()}. Valid: a JSON object.", GivenFields.Text(existing));
        }
    }
}
