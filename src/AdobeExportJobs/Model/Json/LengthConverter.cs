using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Model
{
    /// <summary>
    /// A byte count sent as a string (Adobe's Data Access examples: <c>"length": "1234"</c>) or a number; anything else
    /// (absent, negative, not a whole number) reads as null, so the size is asked for separately instead of guessed.
    /// </summary>
    internal sealed class LengthConverter : JsonConverter
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
