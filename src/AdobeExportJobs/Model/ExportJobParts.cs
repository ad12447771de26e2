using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Model
{
    /// <summary>Base of every model object: JSON fields this version of the module does not know are kept here.</summary>
    public abstract class JsonModelObject
    {
        /// <summary>Fields the server sent that have no typed property; written back unchanged on serialization.</summary>
        [JsonExtensionData]
        public IDictionary<string, JToken> ExtensionData
        {
            // Made on first use: most objects of a listing have no unknown fields, and an empty dictionary each adds up.
            get => _extensionData ?? (_extensionData = new Dictionary<string, JToken>());
            set => _extensionData = value;
        }

        private IDictionary<string, JToken> _extensionData;
    }

    public sealed class MergePolicyReference : JsonModelObject
    {
        [JsonProperty("id")]
        public string Id { get; set; }

        [JsonProperty("version")]
        public long? Version { get; set; }

        public override string ToString() => Version.HasValue ? $"{Id} (v{Version})" : Id ?? string.Empty;
    }

    public sealed class SchemaReference : JsonModelObject
    {
        [JsonProperty("name")]
        public string Name { get; set; }

        public override string ToString() => Name ?? string.Empty;
    }

    /// <summary>One entry of a job's <c>errors[]</c>.</summary>
    public sealed class ExportJobError : JsonModelObject
    {
        [JsonProperty("code")]
        public string Code { get; set; }

        [JsonProperty("msg")]
        public string Message { get; set; }

        [JsonProperty("callStack")]
        public string CallStack { get; set; }

        public override string ToString() => string.IsNullOrEmpty(Code) ? Message ?? string.Empty : $"{Code}: {Message}";
    }

    /// <summary>Ids of the compute jobs behind an export (<c>computeGatewayJobId</c>).</summary>
    public sealed class ComputeGatewayJobIds : JsonModelObject
    {
        [JsonProperty("exportJob")]
        public string ExportJob { get; set; }

        [JsonProperty("pushJob")]
        public string PushJob { get; set; }
    }
}
