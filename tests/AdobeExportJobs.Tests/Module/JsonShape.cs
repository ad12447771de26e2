using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Tests.Module;

/// <summary>
/// Brings a job's JSON into one comparable shape: the spellings and single-or-array forms the guides vary in
/// (and only those) are unified, so a round trip that drops or alters anything else shows as a difference.
/// </summary>
internal static class JsonShape
{
    public static JToken Normalize(JToken token, bool inBatch = false)
    {
        switch (token)
        {
            case JObject obj:
                var result = new JObject();
                foreach (var property in obj.Properties())
                {
                    var name = property.Name == "dataSetId" ? "datasetId" : property.Name;
                    var value = property.Value;
                    if (name == "batches" && value is not JArray) value = new JArray(value);
                    if (name == "status" && inBatch && value.Type == JTokenType.String) value = new JArray(value);
                    result[name] = Normalize(value, inBatch || name == "batches");
                }
                return result;
            case JArray array:
                return new JArray(array.Select(item => Normalize(item, inBatch)));
            default:
                return token.DeepClone();
        }
    }

    /// <summary>The first path where the two trees differ, or null.</summary>
    public static string FirstDifference(JToken expected, JToken actual, string path = "$")
    {
        if (expected.Type != actual.Type) return $"{path}: {expected.Type} {expected} vs {actual.Type} {actual}";
        switch (expected)
        {
            case JObject e:
                var a = (JObject)actual;
                foreach (var p in e.Properties())
                {
                    if (a[p.Name] == null) return $"{path}.{p.Name}: missing after the round trip";
                    var d = FirstDifference(p.Value, a[p.Name], $"{path}.{p.Name}");
                    if (d != null) return d;
                }
                foreach (var p in a.Properties())
                {
                    if (e[p.Name] == null) return $"{path}.{p.Name}: added by the round trip";
                }
                return null;
            case JArray ea:
                var aa = (JArray)actual;
                if (ea.Count != aa.Count) return $"{path}: {ea.Count} items vs {aa.Count}";
                for (int i = 0; i < ea.Count; i++)
                {
                    var d = FirstDifference(ea[i], aa[i], $"{path}[{i}]");
                    if (d != null) return d;
                }
                return null;
            default:
                return JToken.DeepEquals(expected, actual) ? null : $"{path}: {expected} vs {actual}";
        }
    }
}
