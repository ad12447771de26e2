using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>
    /// One answer of the Data Access API: <c>GET /batches/{batchId}/files</c> (the batch's file sets) and
    /// <c>GET /files/{dataSetFileId}</c> (a directory of file sets, or the files of one). Both carry <c>data</c>,
    /// <c>_page</c> and, when paged, <c>_links</c>.
    /// </summary>
    internal sealed class DataSetFilePage : JsonModelObject
    {
        [JsonProperty("data")]
        public List<DataSetFileEntry> Data { get; set; }

        [JsonProperty("_page")]
        public DataAccessPageInfo Page { get; set; }

        [JsonProperty("_links")]
        public DataAccessLinks Links { get; set; }
    }

    /// <summary><c>_page</c>: the page size the server used and its count of entries.</summary>
    internal sealed class DataAccessPageInfo : JsonModelObject
    {
        [JsonProperty("limit")]
        public int? Limit { get; set; }

        /// <summary>The number of entries; Adobe's examples leave open whether of this page or of all pages.</summary>
        [JsonProperty("count")]
        public int? Count { get; set; }
    }

    /// <summary>HAL-style <c>_links</c>: <c>self</c> on an entry, <c>next</c> on a page that has more after it.</summary>
    internal sealed class DataAccessLinks : JsonModelObject
    {
        [JsonProperty("self")]
        public DataAccessLink Self { get; set; }

        [JsonProperty("next")]
        public DataAccessLink Next { get; set; }
    }

    internal sealed class DataAccessLink : JsonModelObject
    {
        [JsonProperty("href")]
        public string Href { get; set; }

        public override string ToString() => Href ?? string.Empty;
    }
}
