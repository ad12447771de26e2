using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>
    /// A time the service writes one way and .NET holds as a <see cref="DateTimeOffset"/>: null and blank text are no
    /// time, anything the wire form cannot be is a <see cref="JsonSerializationException"/> naming the path.
    /// </summary>
    internal abstract class TimeConverter : JsonConverter
    {
        /// <summary>The wire form, for messages: "an RFC 3339 time".</summary>
        protected abstract string WireForm { get; }

        /// <summary>The time a string token holds, or null when it is not of the wire form.</summary>
        protected abstract DateTimeOffset? Parse(string text);

        /// <summary>The time <paramref name="reader"/>'s current token, not a string, holds; null when it holds none.</summary>
        protected virtual DateTimeOffset? Read(JsonReader reader) => null;

        protected abstract void Write(JsonWriter writer, DateTimeOffset value);

        public sealed override bool CanConvert(Type objectType) => objectType == typeof(DateTimeOffset?) || objectType == typeof(DateTimeOffset);

        public sealed override object ReadJson(JsonReader reader, Type objectType, object existingValue, JsonSerializer serializer)
        {
            if (reader.TokenType == JsonToken.Null) return null;
            if (reader.TokenType == JsonToken.String && string.IsNullOrWhiteSpace((string)reader.Value)) return null;
            var time = reader.TokenType == JsonToken.String ? Parse((string)reader.Value) : Read(reader);
            if (time.HasValue) return time.Value;
            throw new JsonSerializationException(reader.TokenType == JsonToken.String
                ? $"'{reader.Value}' is not {WireForm} (path {reader.Path})."
                : $"Unexpected {reader.TokenType} where {WireForm} belongs (path {reader.Path}).");
        }

        public sealed override void WriteJson(JsonWriter writer, object value, JsonSerializer serializer)
        {
            if (value == null) writer.WriteNull();
            else Write(writer, (DateTimeOffset)value);
        }
    }
}
