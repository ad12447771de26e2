using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>
    /// One entry of a Data Access answer's <c>data</c>: a file set (<c>dataSetFileId</c>, <c>dataSetViewId</c>,
    /// <c>version</c>, <c>created</c>, <c>updated</c>, <c>isValid</c>, a <c>self</c> link to its details) or, in the
    /// details of a file set, one file (<c>name</c>, <c>length</c>, a <c>self</c> link that downloads it).
    /// </summary>
    internal sealed class DataSetFileEntry : JsonModelObject
    {
        [JsonProperty("dataSetFileId")]
        public string DataSetFileId { get; set; }

        [JsonProperty("dataSetViewId")]
        public string DataSetViewId { get; set; }

        [JsonProperty("version")]
        public string Version { get; set; }

        /// <summary>Epoch milliseconds, as text in Adobe's examples.</summary>
        [JsonProperty("created")]
        public string Created { get; set; }

        [JsonProperty("updated")]
        public string Updated { get; set; }

        [JsonProperty("isValid")]
        public bool? IsValid { get; set; }

        /// <summary>The file's name (a file entry); may hold folders, separated by '/'.</summary>
        [JsonProperty("name")]
        public string Name { get; set; }

        /// <summary>The file's size in bytes; Adobe sends it as a string, and either form is read. Null when absent or not a number.</summary>
        // Include: the converter's null for a length it cannot read must be set, not passed on to the extension data.
        [JsonProperty("length", NullValueHandling = NullValueHandling.Include)]
        [JsonConverter(typeof(LengthConverter))]
        public long? Length { get; set; }

        [JsonProperty("_links")]
        public DataAccessLinks Links { get; set; }

        /// <summary>An entry that names a file (it has a name); otherwise a file set to look into.</summary>
        [JsonIgnore]
        public bool IsFile => !string.IsNullOrEmpty(Name);

        [JsonIgnore]
        public string SelfHref => Links?.Self?.Href;

        public override string ToString() => IsFile ? Name : DataSetFileId ?? string.Empty;
    }
}
