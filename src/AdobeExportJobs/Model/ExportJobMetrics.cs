using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    internal sealed class ExportJobMetrics : JsonModelObject
    {
        [JsonProperty("totalTime")]
        public ExportTiming TotalTime { get; set; }

        [JsonProperty("profileExportTime")]
        public ExportTiming ProfileExportTime { get; set; }

        [JsonProperty("aCPDatasetWriteTime")]
        public ExportTiming ACPDatasetWriteTime { get; set; }

        [JsonProperty("totalExportedProfileCounter")]
        public long? TotalExportedProfileCounter { get; set; }

        /// <summary>Exported profiles per identity namespace.</summary>
        [JsonProperty("exportedProfileByNamespaceCounter")]
        public Dictionary<string, long> ExportedProfileByNamespaceCounter { get; set; }
    }

    /// <summary>A measured phase of a job; the wire values are epoch milliseconds.</summary>
    internal sealed class ExportTiming : JsonModelObject
    {
        [JsonProperty("startTimeInMs")]
        public long? StartTimeInMs { get; set; }

        [JsonProperty("endTimeInMs")]
        public long? EndTimeInMs { get; set; }

        [JsonProperty("totalTimeInMs")]
        public long? TotalTimeInMs { get; set; }

        [JsonIgnore]
        public DateTimeOffset? StartTime => StartTimeInMs.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(StartTimeInMs.Value) : (DateTimeOffset?)null;

        [JsonIgnore]
        public DateTimeOffset? EndTime => EndTimeInMs.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(EndTimeInMs.Value) : (DateTimeOffset?)null;

        /// <summary>The stated total, else end minus start when both are known.</summary>
        [JsonIgnore]
        public TimeSpan? Duration =>
            TotalTimeInMs.HasValue ? TimeSpan.FromMilliseconds(TotalTimeInMs.Value)
            : StartTimeInMs.HasValue && EndTimeInMs.HasValue ? TimeSpan.FromMilliseconds(EndTimeInMs.Value - StartTimeInMs.Value)
            : (TimeSpan?)null;

        public override string ToString() => Duration?.ToString() ?? string.Empty;
    }
}
