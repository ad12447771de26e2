using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Model
{
    /// <summary>
    /// Reads a page's <c>records</c> straight from the reader into jobs, giving each job the exact text it had in the page
    /// as <see cref="ExportJobRecord.RawJson"/> (from a <see cref="SourceTextReader"/>; from a token tree, the record written compactly).
    /// </summary>
    internal sealed class JobRecordsConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(List<ExportJobRecord>);

        public override object ReadJson(JsonReader reader, Type objectType, object existingValue, JsonSerializer serializer)
        {
            if (reader.TokenType == JsonToken.Null) return null;
            if (reader.TokenType != JsonToken.StartArray)
                throw new JsonSerializationException($"Expected an array of export jobs at {reader.Path}, found {reader.TokenType}.");
            var source = reader as SourceTextReader;
            var records = new List<ExportJobRecord>();
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonToken.EndArray:
                        return records;
                    case JsonToken.Comment:
                        continue;
                    case JsonToken.Null:
                        records.Add(null);
                        continue;
                }
                int start = source != null ? source.OffsetAfterToken - 1 : -1;
                var tree = source == null ? (reader as JTokenReader)?.CurrentToken : null;
                var job = serializer.Deserialize<ExportJobRecord>(reader);
                if (job != null)
                {
                    job.RawJson = source != null ? source.TextFrom(start) ?? AepJson.Serialize(job) : tree?.ToString(Formatting.None);
                }
                records.Add(job);
            }
            throw new JsonSerializationException($"The array at {reader.Path} ends early.");
        }

        public override void WriteJson(JsonWriter writer, object value, JsonSerializer serializer)
        {
            writer.WriteStartArray();
            foreach (var job in (List<ExportJobRecord>)value) serializer.Serialize(writer, job);
            writer.WriteEndArray();
        }
    }
}
