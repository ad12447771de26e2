using System;
using System.Globalization;
using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>Epoch milliseconds on the wire (<c>creationTime</c>, <c>updateTime</c>), <see cref="DateTimeOffset"/> (UTC) in .NET.</summary>
    internal sealed class EpochMillisecondsConverter : JsonConverter
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
}
