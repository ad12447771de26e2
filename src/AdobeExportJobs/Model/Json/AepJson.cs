using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Model
{
    /// <summary>The one place that decides how the module reads and writes the service's JSON.</summary>
    internal static class AepJson
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

        /// <summary>A job from its JSON text, with <see cref="ExportJobRecord.RawJson"/> set to that text.</summary>
        public static ExportJobRecord ParseJob(string json)
        {
            var job = ReadObject(json, new ExportJobRecord());
            job.RawJson = json;
            return job;
        }

        /// <summary>A list page; each record's <see cref="ExportJobRecord.RawJson"/> is its own part of the text.</summary>
        public static ExportJobPage ParsePage(string json)
        {
            var page = ParsePage(json, out bool hasRecords);
            if (!hasRecords) page.Records = new List<ExportJobRecord>();
            return page;
        }

        /// <summary>A list page; <paramref name="hasRecords"/> tells whether the text had a <c>records</c> array at all.</summary>
        internal static ExportJobPage ParsePage(string json, out bool hasRecords)
        {
            var page = ReadObject(json, new ExportJobPage { Records = null });
            hasRecords = page.Records != null;
            return page;
        }

        /// <summary>
        /// Reads one JSON object straight into <paramref name="target"/>, no token tree in between. The text must be exactly
        /// one object; anything else is a <see cref="JsonException"/> saying what it was instead.
        /// </summary>
        private static T ReadObject<T>(string json, T target)
        {
            using (var reader = new SourceTextReader(json ?? string.Empty))
            {
                if (!reader.ReadSkippingComments()) throw new JsonShapeException("empty");
                if (reader.TokenType != JsonToken.StartObject) throw new JsonShapeException("not a JSON object");
                CreateSerializer().Populate(reader, target);
                // Anything after the first value means the text is not one JSON document.
                while (reader.Read())
                {
                    if (reader.TokenType != JsonToken.Comment) throw new JsonReaderException($"Unexpected content after the JSON value at position {reader.LinePosition}.");
                }
                return target;
            }
        }

        public static string Serialize(object value) => JsonConvert.SerializeObject(value, Formatting.None, Settings);
    }
}
