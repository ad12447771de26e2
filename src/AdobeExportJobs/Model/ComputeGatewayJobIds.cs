using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>Ids of the compute jobs behind an export (<c>computeGatewayJobId</c>).</summary>
    internal sealed class ComputeGatewayJobIds : JsonModelObject
    {
        [JsonProperty("exportJob")]
        public string ExportJob { get; set; }

        [JsonProperty("pushJob")]
        public string PushJob { get; set; }
    }
}
