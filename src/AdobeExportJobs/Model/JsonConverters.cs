using System;
using System.Collections.Generic;
using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Model
{
    /// <summary>
    /// Reads a value the service sends either alone or in an array (v1 sends <c>destination.batches</c> as one object,
    /// v2 as an array; a batch <c>status</c> is an array or a single string) and always yields a list.
    /// </summary>
    public sealed class SingleOrArrayConverter<T> : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(List<T>);

        public override object ReadJson(JsonReader reader, Type objectType, object existingValue, JsonSerializer serializer)
        {
            if (reader.TokenType == JsonToken.Null) return null;
            var list = new List<T>();
            if (reader.TokenType != JsonToken.StartArray)
            {
                list.Add(serializer.Deserialize<T>(reader));
                return list;
            }
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonToken.EndArray:
                        return list;
                    case JsonToken.Comment:
                        continue;
                    default:
                        list.Add(serializer.Deserialize<T>(reader));
                        break;
                }
            }
            throw new JsonSerializationException($"The array at {reader.Path} ends early.");
        }

        public override void WriteJson(JsonWriter writer, object value, JsonSerializer serializer)
        {
            var list = (List<T>)value;
            writer.WriteStartArray();
            foreach (var item in list) serializer.Serialize(writer, item);
            writer.WriteEndArray();
        }
    }

    /// <summary>
    /// Reads a page's <c>records</c> straight from the reader into jobs, giving each job the exact text it had in the page
    /// as <see cref="ExportJob.RawJson"/> (from a <see cref="SourceTextReader"/>; from a token tree, the record written compactly).
    /// </summary>
    public sealed class JobRecordsConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(List<ExportJob>);

        public override object ReadJson(JsonReader reader, Type objectType, object existingValue, JsonSerializer serializer)
        {
            if (reader.TokenType == JsonToken.Null) return null;
            if (reader.TokenType != JsonToken.StartArray)
                throw new JsonSerializationException($"Expected an array of export jobs at {reader.Path}, found {reader.TokenType}.");
            var source = reader as SourceTextReader;
            var records = new List<ExportJob>();
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
                var job = serializer.Deserialize<ExportJob>(reader);
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
            foreach (var job in (List<ExportJob>)value) serializer.Serialize(writer, job);
            writer.WriteEndArray();
        }
    }

    /// <summary>Epoch milliseconds on the wire (<c>creationTime</c>, <c>updateTime</c>), <see cref="DateTimeOffset"/> (UTC) in .NET.</summary>
    public sealed class EpochMillisecondsConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(DateTimeOffset?) || objectType == typeof(DateTimeOffset);

        public override object ReadJson(JsonReader reader, Type objectType, object existingValue, JsonSerializer serializer)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Null:
                    return null;
                case JsonToken.Integer:
                    return FromMilliseconds(Convert.ToInt64(reader.Value, CultureInfo.InvariantCulture));
                case JsonToken.Float:
                    return FromMilliseconds((long)Math.Round(Convert.ToDouble(reader.Value, CultureInfo.InvariantCulture)));
                case JsonToken.String:
                    var text = (string)reader.Value;
                    if (string.IsNullOrWhiteSpace(text)) return null;
                    if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)) return FromMilliseconds(ms);
                    throw new JsonSerializationException($"'{text}' is not a time in epoch milliseconds (path {reader.Path}).");
                default:
                    throw new JsonSerializationException($"Unexpected {reader.TokenType} where a time in epoch milliseconds belongs (path {reader.Path}).");
            }
        }

        public override void WriteJson(JsonWriter writer, object value, JsonSerializer serializer)
        {
            if (value == null) writer.WriteNull();
            else writer.WriteValue(((DateTimeOffset)value).ToUnixTimeMilliseconds());
        }

        internal static DateTimeOffset FromMilliseconds(long milliseconds)
        {
            try
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
            }
            catch (ArgumentOutOfRangeException)
            {
                throw new JsonSerializationException($"{milliseconds} is outside the range of epoch-millisecond times.");
            }
        }
    }

    /// <summary>RFC 3339 times (<c>segmentQualificationTime</c>, ingest timestamps): read with any offset, written in UTC with a <c>Z</c>.</summary>
    public sealed class Rfc3339Converter : JsonConverter
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
    /// <summary>
    /// A byte count sent as a string (Adobe's Data Access examples: <c>"length": "1234"</c>) or a number; anything else
    /// (absent, negative, not a whole number) reads as null, so the size is asked for separately instead of guessed.
    /// </summary>
    public sealed class LengthConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(long?) || objectType == typeof(long);

        public override object ReadJson(JsonReader reader, Type objectType, object existingValue, JsonSerializer serializer)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Integer:
                    // A number too large for a long comes as a BigInteger: no file is that large.
                    return reader.Value is long whole && whole >= 0 ? whole : (long?)null;
                case JsonToken.Float:
                    return reader.Value is decimal number ? Whole(number) : reader.Value is double d && !double.IsNaN(d) && d < 9e18 ? Whole((decimal)d) : null;
                case JsonToken.String:
                    return long.TryParse(((string)reader.Value).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : (long?)null;
                case JsonToken.StartObject:
                case JsonToken.StartArray:
                    JToken.Load(reader);
                    return null;
                default:
                    return null;
            }
        }

        private static long? Whole(decimal value) =>
            value >= 0 && value <= long.MaxValue && decimal.Truncate(value) == value ? (long)value : (long?)null;

        public override void WriteJson(JsonWriter writer, object value, JsonSerializer serializer)
        {
            if (value == null) writer.WriteNull();
            else writer.WriteValue(((long)value).ToString(CultureInfo.InvariantCulture));
        }
    }
}
