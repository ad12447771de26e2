using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    internal sealed class SchemaReference : JsonModelObject
    {
        [JsonProperty("name")]
        public string Name { get; set; }

        public override string ToString() => Name ?? string.Empty;
    }
}
