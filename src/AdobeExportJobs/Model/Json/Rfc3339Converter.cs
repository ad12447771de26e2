using System.Globalization;
using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>RFC 3339 times (<c>segmentQualificationTime</c>, ingest timestamps): read with any offset, written in UTC with a <c>Z</c>.</summary>
    internal sealed class Rfc3339Converter : TimeConverter
    {
        protected override string WireForm => "an RFC 3339 time";

        protected override DateTimeOffset? Read(JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Date:
                    // Only when a caller's reader parses dates itself; our settings keep them as strings.
                    return reader.Value is DateTimeOffset dto ? dto : new DateTimeOffset(DateTime.SpecifyKind((DateTime)reader.Value, DateTimeKind.Utc));
                case JsonToken.String when DateTimeOffset.TryParse((string)reader.Value, CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed):
                    return parsed;
                default:
                    return null;
            }
        }

        protected override void Write(JsonWriter writer, DateTimeOffset value) => writer.WriteValue(Format(value));

        /// <summary>UTC, whole seconds unless there is a fraction: <c>2018-01-01T00:00:00Z</c>.</summary>
        public static string Format(DateTimeOffset value) =>
            value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
    }
}
