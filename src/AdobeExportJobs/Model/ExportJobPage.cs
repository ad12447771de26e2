using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>One answer of the list call: <c>records</c>, <c>page</c>, <c>link</c>.</summary>
    internal sealed class ExportJobPage : JsonModelObject
    {
        [JsonProperty("records")]
        [JsonConverter(typeof(JobRecordsConverter))]
        public List<ExportJobRecord> Records { get; set; } = new List<ExportJobRecord>();

        [JsonProperty("page")]
        public PageInfo Page { get; set; }

        [JsonProperty("link")]
        public PageLinks Link { get; set; }

        /// <summary>The next page's link relative to the platform base, or null on the last page.</summary>
        [JsonIgnore]
        public string NextLink => string.IsNullOrWhiteSpace(Link?.Next) ? null : Link.Next;
    }

    internal sealed class PageInfo : JsonModelObject
    {
        [JsonProperty("sortField")]
        public string SortField { get; set; }

        [JsonProperty("sort")]
        public string Sort { get; set; }

        /// <summary>Opaque cursor <c>creationTimeMs_id</c>.</summary>
        [JsonProperty("pageOffset")]
        public string PageOffset { get; set; }

        [JsonProperty("pageSize")]
        public int? PageSize { get; set; }
    }

    internal sealed class PageLinks : JsonModelObject
    {
        [JsonProperty("next")]
        public string Next { get; set; }
    }
}
