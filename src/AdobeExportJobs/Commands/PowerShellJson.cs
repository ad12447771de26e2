using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using AdobeExportJobs.Model;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Commands
{
    /// <summary>Turns what a script passes as a JSON body (a JSON string, a hashtable, a custom object) into a JSON tree.</summary>
    public static class PowerShellJson
    {
        /// <summary>The body as a JSON object; anything else is refused with an <see cref="ExportJobRequestException"/>.</summary>
        public static JObject ToObject(object body, string parameterName)
        {
            var value = Unwrap(body);
            JToken token;
            if (value is string text)
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
                token = ToToken(value, parameterName);
            }
            if (token is JObject obj) return obj;
            throw new ExportJobRequestException(ErrorIds.InvalidBodyType,
                $"-{parameterName} is {Describe(token)}. Valid: a JSON object (a hashtable, a custom object or JSON text starting with '{{').",
                body);
        }

        /// <summary>Converts hashtables, custom objects, arrays, dates and primitives, recursively.</summary>
        public static JToken ToToken(object value, string path)
        {
            value = Unwrap(value);
            switch (value)
            {
                case null:
                    return JValue.CreateNull();
                case JToken token:
                    return token.DeepClone();
                case PSObject custom:
                    var properties = new JObject();
                    foreach (var property in custom.Properties) properties[property.Name] = ToToken(property.Value, path + "." + property.Name);
                    return properties;
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
                    var obj = new JObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        var key = Convert.ToString(Unwrap(entry.Key), CultureInfo.InvariantCulture);
                        obj[key] = ToToken(entry.Value, path + "." + key);
                    }
                    return obj;
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
        public static DateTimeOffset ToOffset(DateTime value) =>
            new DateTimeOffset(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Local) : value);

        private static object Unwrap(object value)
        {
            // A PSCustomObject has no useful base object: keep the PSObject, which holds its properties.
            if (value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject)) return wrapped.BaseObject;
            return value;
        }

        private static string Describe(JToken token) => token == null ? "nothing" : "a JSON " + token.Type.ToString().ToLowerInvariant();
    }
}
