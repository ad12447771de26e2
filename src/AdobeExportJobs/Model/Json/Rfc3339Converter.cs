using System;
using System.Globalization;
using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>RFC 3339 times (<c>segmentQualificationTime</c>, ingest timestamps): read with any offset, written in UTC with a <c>Z</c>.</summary>
    internal sealed class Rfc3339Converter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(DateTimeOffset?) || objectType == typeof(DateTimeOffset);

        public override object ReadJson(JsonReader reader, Type objectType, object existingValue, JsonSerializer serializer)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Null:
                    return null;
                case JsonToken.Date:
                    // Only when a caller's reader parses dates itself; our settings keep them as strings.
                    return reader.Value is DateTimeOffset dto ? dto : new DateTimeOffset(DateTime.SpecifyKind((DateTime)reader.Value, DateTimeKind.Utc));
                case JsonToken.String:
                    var text = (string)reader.Value;
                    if (string.IsNullOrWhiteSpace(text)) return null;
                    if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)) return parsed;
                    throw new JsonSerializationException($"'{text}' is not an RFC 3339 time (path {reader.Path}).");
                default:
                    throw new JsonSerializationException($"Unexpected {reader.TokenType} where an RFC 3339 time belongs (path {reader.Path}).");
            }
        }

        public override void WriteJson(JsonWriter writer, object value, JsonSerializer serializer)
        {
            if (value == null) writer.WriteNull();
            else writer.WriteValue(Format((DateTimeOffset)value));
        }

        /// <summary>UTC, whole seconds unless there is a fraction: <c>2018-01-01T00:00:00Z</c>.</summary>
        public static string Format(DateTimeOffset value) =>
            value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
    }
}
