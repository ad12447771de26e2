using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>
    /// An export job as the service describes it, tolerant of both versions of the API guide: what the client, the
    /// waiter and the files code read. Every field of the seeds has a typed property; anything else is kept in
    /// <see cref="JsonModelObject.ExtensionData"/>, and <see cref="RawJson"/> holds the exact text the server sent.
    /// Users hold the flat <see cref="ExportJob"/> made from it.
    /// </summary>
    internal sealed class ExportJobRecord : JsonModelObject
    {
        [JsonProperty("id")]
        public long Id { get; set; }

        [JsonProperty("jobType")]
        public string JobType { get; set; }

        [JsonProperty("destination")]
        public ExportJobDestination Destination { get; set; }

        /// <summary>Comma-separated profile fields exported; empty means all.</summary>
        [JsonProperty("fields")]
        public string Fields { get; set; }

        [JsonProperty("schema")]
        public SchemaReference Schema { get; set; }

        [JsonProperty("imsOrgId")]
        public string ImsOrgId { get; set; }

        /// <summary>NEW, PROCESSING, SUCCEEDED, FAILED, CANCELLED, or any status the service adds.</summary>
        [JsonProperty("status")]
        public string Status { get; set; }

        [JsonProperty("filter")]
        public ExportJobFilter Filter { get; set; }

        [JsonProperty("additionalFields")]
        public AdditionalFields AdditionalFields { get; set; }

        [JsonProperty("mergePolicy")]
        public MergePolicyReference MergePolicy { get; set; }

        [JsonProperty("profileInstanceId")]
        public string ProfileInstanceId { get; set; }

        [JsonProperty("errors")]
        public List<ExportJobErrorEntry> Errors { get; set; }

        [JsonProperty("metrics")]
        public ExportJobMetrics Metrics { get; set; }

        [JsonProperty("computeGatewayJobId")]
        public ComputeGatewayJobIds ComputeGatewayJobId { get; set; }

        [JsonProperty("creationTime")]
        [JsonConverter(typeof(EpochMillisecondsConverter))]
        public DateTimeOffset? CreationTime { get; set; }

        [JsonProperty("updateTime")]
        [JsonConverter(typeof(EpochMillisecondsConverter))]
        public DateTimeOffset? UpdateTime { get; set; }

        /// <summary>The request id of the create call that made this job.</summary>
        [JsonProperty("requestId")]
        public string RequestId { get; set; }

        /// <summary>The JSON text of this job exactly as the server sent it (null for objects built in code).</summary>
        [JsonIgnore]
        public string RawJson { get; set; }

        [JsonIgnore]
        public string DatasetId => Destination?.DatasetId;

        [JsonIgnore]
        public string SchemaName => Schema?.Name;

        [JsonIgnore]
        public string[] BatchIds => Destination?.BatchIds ?? new string[0];

        /// <summary>Ids of the exported segments; empty when the job exports all profiles.</summary>
        [JsonIgnore]
        public string[] Segments =>
            (Filter?.Segments ?? new List<SegmentFilter>()).Select(s => s.SegmentId).Where(id => !string.IsNullOrEmpty(id)).ToArray();

        [JsonIgnore]
        public long? ExportedProfiles => Metrics?.TotalExportedProfileCounter;

        [JsonIgnore]
        public bool IsFinished => ExportJobStatus.IsFinal(Status);

        /// <summary>
        /// How long the job ran: the service's <c>metrics.totalTime</c> when present, otherwise the span from
        /// creation to the last update of a finished job; null while a job runs without metrics.
        /// </summary>
        [JsonIgnore]
        public TimeSpan? Duration
        {
            get
            {
                var measured = Metrics?.TotalTime?.Duration;
                if (measured.HasValue) return measured;
                if (IsFinished && CreationTime.HasValue && UpdateTime.HasValue && UpdateTime >= CreationTime) return UpdateTime - CreationTime;
                return null;
            }
        }

        public override string ToString() => $"ExportJob {Id} ({Status})";
    }
}
