using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Requests
{
    /// <summary>
    /// Which body fields the caller set through parameters, and with what value, so an error about a field names the
    /// parameter and points at the value given, rather than at the JSON it became.
    /// </summary>
    internal sealed class GivenFields
    {
        private readonly Dictionary<string, (string Parameter, object Value)> _byPath = new Dictionary<string, (string, object)>();

        public void Add(string path, string parameter, object value) => _byPath[path] = (parameter, value);

        /// <summary>"-Parameter" for a field a parameter set, else "-Body field 'path'".</summary>
        public string Name(string path) =>
            _byPath.TryGetValue(path, out var given) ? $"-{given.Parameter}" : $"-Body field '{path}'";

        /// <summary>The offending value: the parameter's value, or the field's JSON as text.</summary>
        public object Target(string path, JToken json) =>
            _byPath.TryGetValue(path, out var given) ? given.Value : (object)Text(json);

        public static string Text(JToken json) =>
            json == null ? null : json.Type == JTokenType.String ? (string)json : json.ToString(Formatting.None);
    }
}
