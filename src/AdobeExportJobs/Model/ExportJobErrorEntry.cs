using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>One entry of a job's <c>errors[]</c>.</summary>
    internal sealed class ExportJobErrorEntry : JsonModelObject
    {
        [JsonProperty("code")]
        public string Code { get; set; }

        [JsonProperty("msg")]
        public string Message { get; set; }

        [JsonProperty("callStack")]
        public string CallStack { get; set; }

        public override string ToString() => string.IsNullOrEmpty(Code) ? Message ?? string.Empty : $"{Code}: {Message}";
    }
}
