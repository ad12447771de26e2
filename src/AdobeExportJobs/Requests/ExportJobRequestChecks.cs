using System.Globalization;
using System.Text.RegularExpressions;
using AdobeExportJobs.Model;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Requests
{
    /// <summary>
    /// What the service would refuse or misread in a create body, found before a byte is sent, whichever way each field
    /// came in (a parameter or the raw body). An error names the parameter that set the field, or the body field.
    /// </summary>
    internal sealed class ExportJobRequestChecks
    {
        private static readonly DateTimeOffset EarliestTime = new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private static readonly Regex Rfc3339 = new Regex(
            @"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant);

        /// <summary>Where each time goes in the body.</summary>
        private static readonly string[] TimePaths =
        {
            "filter.segmentQualificationTime.startTime",
            "filter.segmentQualificationTime.endTime",
            "filter.fromIngestTimestamp",
            "additionalFields.eventList.filter.fromIngestTimestamp",
            "additionalFields.eventList.filter.toIngestTimestamp",
        };

        private readonly GivenFields _given;

        public ExportJobRequestChecks(GivenFields given)
        {
            _given = given;
        }

        /// <summary>Checks the final body, whichever way each field came in.</summary>
        public void Validate(JObject body)
        {
            var destination = body["destination"] as JObject;
            if (body["destination"] != null && destination == null) throw NotA("destination", body["destination"], "a JSON object");
            var datasetId = destination?["datasetId"] ?? destination?["dataSetId"];
            if (datasetId == null || datasetId.Type != JTokenType.String || string.IsNullOrWhiteSpace((string)datasetId))
            {
                throw new ExportJobRequestException(ErrorIds.MissingDatasetId,
                    "No target dataset. Valid: -DatasetId (or destination.datasetId in -Body) with the id of the dataset to export into.",
                    _given.Target("destination.datasetId", datasetId));
            }
            RequireBoolean(destination, "segmentPerBatch", "destination.segmentPerBatch");

            var schema = body["schema"] as JObject;
            if (schema == null) throw NotA("schema", body["schema"], "a JSON object with a name");
            var schemaName = schema["name"];
            if (schemaName == null || schemaName.Type != JTokenType.String || string.IsNullOrWhiteSpace((string)schemaName))
            {
                throw new ExportJobRequestException(ErrorIds.MissingSchemaName,
                    $"{_given.Name("schema.name")}: the schema name is empty. Valid: the schema of the target dataset, e.g. {ExportJobRequestBuilder.DefaultSchemaName}.",
                    _given.Target("schema.name", schemaName));
            }
            if (body["fields"] != null && body["fields"].Type != JTokenType.String) throw NotA("fields", body["fields"], "a comma-separated string");

            ValidateMergePolicy(body["mergePolicy"]);
            var filter = body["filter"];
            if (filter != null && !(filter is JObject)) throw NotA("filter", filter, "a JSON object");
            ValidateSegments(filter?["segments"]);
            RequireBoolean(filter as JObject, "emptyProfiles", "filter.emptyProfiles");

            var times = new Dictionary<string, DateTimeOffset>();
            foreach (var path in TimePaths)
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
                    _given.Target("mergePolicy.version", mergePolicy["version"]) ?? _given.Target("mergePolicy.id", id));
            }
            var version = mergePolicy["version"];
            if (version != null && (version.Type != JTokenType.Integer || (long)version < 1))
            {
                throw new ExportJobRequestException(ErrorIds.InvalidMergePolicyVersion,
                    $"{_given.Name("mergePolicy.version")}: '{version}' is not a merge policy version. Valid: a positive whole number.",
                    _given.Target("mergePolicy.version", version));
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
                        $"{_given.Name("filter.segments")}: a segment has no segmentId. Valid: the id of a segment definition, e.g. 52c26d0d-45f2-47a2-ab30-ed06abc981ff.",
                        GivenFields.Text(id));
                }
                var ns = item["segmentNs"];
                if (ns != null && ns.Type != JTokenType.String) throw NotA("filter.segments[].segmentNs", ns, "a string such as ups, AAM or AdCloud");
                var status = item["status"];
                if (status == null) continue;
                var values = status is JArray array ? array.ToList() : new List<JToken> { status };
                if (values.Count == 0)
                {
                    throw new ExportJobRequestException(ErrorIds.InvalidSegmentStatus,
                        $"{_given.Name("filter.segments")}: segment '{id}' has an empty status list. Valid: {string.Join(", ", SegmentSelection.Statuses)}.", GivenFields.Text(status));
                }
                foreach (var value in values)
                {
                    if (value.Type != JTokenType.String || !SegmentSelection.Statuses.Contains((string)value, StringComparer.Ordinal))
                    {
                        throw new ExportJobRequestException(ErrorIds.InvalidSegmentStatus,
                            $"{_given.Name("filter.segments")}: '{value}' is not a segment status. Valid: {string.Join(", ", SegmentSelection.Statuses)}.", GivenFields.Text(value));
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
                    $"{_given.Name(path)}: '{token}' is not an RFC 3339 date-time from 1970 to 9999. Valid: e.g. 2018-01-01T00:00:00Z or 2018-01-01T09:00:00+02:00, between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z.",
                    _given.Target(path, token));
            }
            RequireYearInRange(time, _given.Name(path), _given.Target(path, token));
            return time;
        }

        public static void RequireYearInRange(DateTimeOffset time, string name, object target)
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
                    $"The {what} window is empty: {_given.Name(startPath)} ({Rfc3339Converter.Format(start)}) is not before {_given.Name(endPath)} ({Rfc3339Converter.Format(end)}). "
                    + "Valid: the start strictly before the end, or only one of them.",
                    _given.Target(endPath, null) ?? Rfc3339Converter.Format(end));
            }
        }

        private void RequireBoolean(JObject parent, string name, string path)
        {
            var token = parent?[name];
            if (token != null && token.Type != JTokenType.Boolean) throw NotA(path, token, "true or false");
        }

        private ExportJobRequestException NotA(string path, JToken token, string what) =>
            new ExportJobRequestException(ErrorIds.InvalidBodyValue, $"{_given.Name(path)}: '{token}' is not valid here. Valid: {what}.", _given.Target(path, token));
    }
}
