using System.Collections;
using System.Globalization;
using AdobeExportJobs.Model;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Requests
{
    /// <summary>Turns what a script passes as a JSON body (JSON text, dictionaries, an object's properties, arrays, dates, primitives) into a JSON tree.</summary>
    internal static class JsonBody
    {
        /// <summary>The body as a JSON object; anything else is refused with an <see cref="ExportJobRequestException"/>.</summary>
        public static JObject ToObject(object body, string parameterName)
        {
            JToken token;
            if (body is string text)
            {
                try { token = AepJson.ParseToken(text); }
                catch (JsonException ex)
                {
                    throw new ExportJobRequestException(ErrorIds.InvalidBodyJson,
                        $"-{parameterName} is not valid JSON ({ex.Message}). Valid: a JSON object such as '{{\"destination\":{{\"datasetId\":\"...\"}}}}', or a hashtable.",
                        text, ex);
                }
            }
            else
            {
                token = ToToken(body, parameterName);
            }
            if (token is JObject obj) return obj;
            throw new ExportJobRequestException(ErrorIds.InvalidBodyType,
                $"-{parameterName} is {Describe(token)}. Valid: a JSON object (a hashtable, a custom object or JSON text starting with '{{').",
                ObjectProperties.OriginalOf(body));
        }

        /// <summary>Converts dictionaries, object properties, arrays, dates and primitives, recursively; <paramref name="path"/> names the value in errors.</summary>
        public static JToken ToToken(object value, string path)
        {
            switch (value)
            {
                case null:
                    return JValue.CreateNull();
                case JToken token:
                    return token.DeepClone();
                case ObjectProperties properties:
                    var fromProperties = new JObject();
                    foreach (var property in properties) fromProperties[property.Key] = ToToken(property.Value, path + "." + property.Key);
                    return fromProperties;
                case string s:
                    return new JValue(s);
                case char c:
                    return new JValue(c.ToString());
                case bool b:
                    return new JValue(b);
                case DateTime dateTime:
                    return new JValue(Rfc3339Converter.Format(ToOffset(dateTime)));
                case DateTimeOffset dateTimeOffset:
                    return new JValue(Rfc3339Converter.Format(dateTimeOffset));
                case Enum e:
                    return new JValue(e.ToString());
                case IDictionary dictionary:
                    var fromDictionary = new JObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture);
                        fromDictionary[key] = ToToken(entry.Value, path + "." + key);
                    }
                    return fromDictionary;
                case IEnumerable sequence:
                    var array = new JArray();
                    int i = 0;
                    foreach (var item in sequence) array.Add(ToToken(item, $"{path}[{i++}]"));
                    return array;
            }
            if (value.GetType().IsPrimitive || value is decimal) return new JValue(value);
            try
            {
                return JToken.FromObject(value, AepJson.CreateSerializer());
            }
            catch (JsonException ex)
            {
                throw new ExportJobRequestException(ErrorIds.InvalidBodyValue, $"{path}: a {value.GetType().Name} cannot be written as JSON ({ex.Message}). Valid: strings, numbers, booleans, dates, hashtables and arrays of them.", value, ex);
            }
        }

        /// <summary>A DateTime as PowerShell's own conversion reads it: a time without a kind is local time.</summary>
        private static DateTimeOffset ToOffset(DateTime value) =>
            new DateTimeOffset(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Local) : value);

        private static string Describe(JToken token) => token == null ? "nothing" : "a JSON " + token.Type.ToString().ToLowerInvariant();
    }
}
