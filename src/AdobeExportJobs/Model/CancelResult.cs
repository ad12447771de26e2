using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>The v1 answer to a cancel: <c>{"status": true, "message": "..."}</c>; v2 answers 204 without a body.</summary>
    internal sealed class CancelResult : JsonModelObject
    {
        [JsonProperty("status")]
        public bool? Status { get; set; }

        [JsonProperty("message")]
        public string Message { get; set; }

        /// <summary>The HTTP status of the answer (200 or 204; 404 with <see cref="AlreadyGone"/>).</summary>
        [JsonIgnore]
        public int HttpStatus { get; set; }

        /// <summary>A retried cancel found the job gone: the attempt that lost its answer had already removed it.</summary>
        [JsonIgnore]
        public bool AlreadyGone { get; set; }
    }
}
