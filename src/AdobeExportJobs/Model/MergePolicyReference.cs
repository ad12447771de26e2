using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    internal sealed class MergePolicyReference : JsonModelObject
    {
        [JsonProperty("id")]
        public string Id { get; set; }

        [JsonProperty("version")]
        public long? Version { get; set; }

        public override string ToString() => Version.HasValue ? $"{Id} (v{Version})" : Id ?? string.Empty;
    }
}
