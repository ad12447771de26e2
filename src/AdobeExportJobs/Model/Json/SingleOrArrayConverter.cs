using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>
    /// Reads a value the service sends either alone or in an array (v1 sends <c>destination.batches</c> as one object,
    /// v2 as an array; a batch <c>status</c> is an array or a single string) and always yields a list.
    /// </summary>
    internal sealed class SingleOrArrayConverter<T> : JsonConverter
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
}
