using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>The body of a create call (<c>POST /export/jobs</c>). Unset properties are left out of the JSON.</summary>
    public sealed class ExportJobRequest : JsonModelObject
    {
        /// <summary>Comma-separated profile fields; empty exports all fields.</summary>
        [JsonProperty("fields")]
        public string Fields { get; set; }

        [JsonProperty("mergePolicy")]
        public MergePolicyReference MergePolicy { get; set; }

        [JsonProperty("filter")]
        public ExportJobFilter Filter { get; set; }

        [JsonProperty("additionalFields")]
        public AdditionalFields AdditionalFields { get; set; }

        /// <summary>Required: the target dataset.</summary>
        [JsonProperty("destination")]
        public ExportJobRequestDestination Destination { get; set; }

        /// <summary>Required: the schema of the target dataset, e.g. <c>_xdm.context.profile</c>.</summary>
        [JsonProperty("schema")]
        public SchemaReference Schema { get; set; }

        public string ToJson(Formatting formatting = Formatting.None) => AepJson.Serialize(this, formatting);
    }

    public sealed class ExportJobRequestDestination : JsonModelObject
    {
        [JsonProperty("datasetId")]
        public string DatasetId { get; set; }

        /// <summary>True: one batch per segment; false or unset: all segments in one batch.</summary>
        [JsonProperty("segmentPerBatch")]
        public bool? SegmentPerBatch { get; set; }
    }
}
