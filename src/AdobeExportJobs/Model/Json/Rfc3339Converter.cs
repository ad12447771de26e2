using System.Globalization;
using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>RFC 3339 times (<c>segmentQualificationTime</c>, ingest timestamps): read with any offset, written in UTC with a <c>Z</c>.</summary>
    internal sealed class Rfc3339Converter : TimeConverter
    {
        protected override string WireForm => "an RFC 3339 time";

        protected override DateTimeOffset? Parse(string text) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) ? parsed : null;

        /// <summary>A Date token: only from a caller's reader that parses dates itself; our settings keep them as strings.</summary>
        protected override DateTimeOffset? Read(JsonReader reader) => reader.Value switch
        {
            DateTimeOffset dto => dto,
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            _ => null,
        };

        protected override void Write(JsonWriter writer, DateTimeOffset value) => writer.WriteValue(Format(value));

        /// <summary>UTC, whole seconds unless there is a fraction: <c>2018-01-01T00:00:00Z</c>.</summary>
        public static string Format(DateTimeOffset value) =>
            value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
    }
}
