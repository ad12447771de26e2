using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>Where a job writes: the dataset and the batch (or one batch per segment).</summary>
    internal sealed class ExportJobDestination : JsonModelObject
    {
        [JsonProperty("datasetId")]
        public string DatasetId { get; set; }

        /// <summary>One v2 example spells it <c>dataSetId</c>; read it into <see cref="DatasetId"/>.</summary>
        [JsonProperty("dataSetId")]
        private string DataSetIdSpelling
        {
            set { if (DatasetId == null) DatasetId = value; }
        }

        [JsonProperty("segmentPerBatch")]
        public bool? SegmentPerBatch { get; set; }

        [JsonProperty("batchId")]
        public string BatchId { get; set; }

        /// <summary>Always a list, though v1 sends a single object.</summary>
        [JsonProperty("batches")]
        [JsonConverter(typeof(SingleOrArrayConverter<ExportBatch>))]
        public List<ExportBatch> Batches { get; set; }

        /// <summary>Every distinct batch id of the job, the single one first.</summary>
        [JsonIgnore]
        public string[] BatchIds =>
            new[] { BatchId }.Concat((Batches ?? new List<ExportBatch>()).Select(b => b.BatchId))
                .Where(id => !string.IsNullOrEmpty(id)).Distinct().ToArray();
    }

    /// <summary>The batch written for one segment (<c>segmentPerBatch: true</c>): the segment as the filter names it, and its batch.</summary>
    internal sealed class ExportBatch : SegmentFilter
    {
        [JsonProperty("batchId")]
        public string BatchId { get; set; }

        public override string ToString() => $"{SegmentId} -> {BatchId}";
    }
}
