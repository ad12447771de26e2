using System.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Model
{
    /// <summary>The one place that decides how the module reads and writes the service's JSON.</summary>
    public static class AepJson
    {
        /// <summary>
        /// Dates stay strings until a typed property converts them (no guessing by the reader); nulls are omitted on
        /// write; numbers too large for a long are kept as big integers instead of failing.
        /// </summary>
        public static readonly JsonSerializerSettings Settings = new JsonSerializerSettings
        {
            DateParseHandling = DateParseHandling.None,
            NullValueHandling = NullValueHandling.Ignore,
            FloatParseHandling = FloatParseHandling.Decimal,
            MissingMemberHandling = MissingMemberHandling.Ignore,
            MaxDepth = 128,
        };

        public static JsonSerializer CreateSerializer() => JsonSerializer.Create(Settings);

        /// <summary>Parses text into a token tree; trailing commas (as in the doc examples) are accepted.</summary>
        public static JToken ParseToken(string json)
        {
            using (var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal, MaxDepth = 128 })
            {
                var token = JToken.ReadFrom(reader);
                // Anything after the first value means the text is not one JSON document.
                while (reader.Read())
                {
                    if (reader.TokenType != JsonToken.Comment) throw new JsonReaderException($"Unexpected content after the JSON value at position {reader.LinePosition}.");
                }
                return token;
            }
        }

        public static T ToModel<T>(JToken token) => token.ToObject<T>(CreateSerializer());

        /// <summary>A job from its JSON text, with <see cref="ExportJob.RawJson"/> set to that text.</summary>
        public static ExportJob ParseJob(string json)
        {
            var job = ToModel<ExportJob>(ParseToken(json));
            job.RawJson = json;
            return job;
        }

        /// <summary>A list page; each record's <see cref="ExportJob.RawJson"/> is its own part of the text.</summary>
        public static ExportJobPage ParsePage(string json)
        {
            var token = ParseToken(json);
            var page = ToModel<ExportJobPage>(token);
            if (token["records"] is JArray records && page.Records != null)
            {
                for (int i = 0; i < records.Count && i < page.Records.Count; i++)
                {
                    if (page.Records[i] != null) page.Records[i].RawJson = records[i].ToString(Formatting.None);
                }
            }
            return page;
        }

        public static string Serialize(object value, Formatting formatting = Formatting.None) =>
            JsonConvert.SerializeObject(value, formatting, Settings);
    }
}
