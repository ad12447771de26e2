using System.Globalization;
using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>Epoch milliseconds on the wire (<c>creationTime</c>, <c>updateTime</c>), <see cref="DateTimeOffset"/> (UTC) in .NET.</summary>
    internal sealed class EpochMillisecondsConverter : TimeConverter
    {
        protected override string WireForm => "a time in epoch milliseconds";

        protected override DateTimeOffset? Read(JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Integer:
                    return FromMilliseconds(Convert.ToInt64(reader.Value, CultureInfo.InvariantCulture));
                case JsonToken.Float:
                    return FromMilliseconds((long)Math.Round(Convert.ToDouble(reader.Value, CultureInfo.InvariantCulture)));
                case JsonToken.String when long.TryParse((string)reader.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms):
                    return FromMilliseconds(ms);
                default:
                    return null;
            }
        }

        protected override void Write(JsonWriter writer, DateTimeOffset value) => writer.WriteValue(value.ToUnixTimeMilliseconds());

        private static DateTimeOffset FromMilliseconds(long milliseconds)
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
