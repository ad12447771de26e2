using System.Globalization;
using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>Epoch milliseconds on the wire (<c>creationTime</c>, <c>updateTime</c>), <see cref="DateTimeOffset"/> (UTC) in .NET.</summary>
    internal sealed class EpochMillisecondsConverter : TimeConverter
    {
        protected override string WireForm => "a time in epoch milliseconds";

        protected override DateTimeOffset? Parse(string text) =>
            long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? FromMilliseconds(ms) : null;

        protected override DateTimeOffset? Read(JsonReader reader) => reader.TokenType switch
        {
            JsonToken.Integer => FromMilliseconds(Convert.ToInt64(reader.Value, CultureInfo.InvariantCulture)),
            JsonToken.Float => FromMilliseconds((long)Math.Round(Convert.ToDouble(reader.Value, CultureInfo.InvariantCulture))),
            _ => null,
        };

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
