using Newtonsoft.Json;

namespace AdobeExportJobs.Model
{
    /// <summary>Which profiles a job exports (<c>filter</c>); used by both the job and the create request.</summary>
    internal sealed class ExportJobFilter : JsonModelObject
    {
        [JsonProperty("segments")]
        public List<SegmentFilter> Segments { get; set; }

        [JsonProperty("segmentQualificationTime")]
        public SegmentQualificationTime SegmentQualificationTime { get; set; }

        [JsonProperty("fromIngestTimestamp")]
        [JsonConverter(typeof(Rfc3339Converter))]
        public DateTimeOffset? FromIngestTimestamp { get; set; }

        [JsonProperty("emptyProfiles")]
        public bool? EmptyProfiles { get; set; }
    }

    /// <summary>One segment of <c>filter.segments</c>; each batch of <c>destination.batches</c> names its segment the same way.</summary>
    internal class SegmentFilter : JsonModelObject
    {
        [JsonProperty("segmentId")]
        public string SegmentId { get; set; }

        /// <summary>Namespace of the segment, e.g. <c>ups</c>, <c>AAM</c>, <c>AdCloud</c>.</summary>
        [JsonProperty("segmentNs")]
        public string SegmentNs { get; set; }

        /// <summary><c>realized</c>, <c>existing</c>, <c>exited</c> (or any newer value); always a list, though the service sometimes sends one string.</summary>
        [JsonProperty("status")]
        [JsonConverter(typeof(SingleOrArrayConverter<string>))]
        public List<string> Status { get; set; }

        public override string ToString() => SegmentId ?? string.Empty;
    }

    internal sealed class SegmentQualificationTime : JsonModelObject
    {
        [JsonProperty("startTime")]
        [JsonConverter(typeof(Rfc3339Converter))]
        public DateTimeOffset? StartTime { get; set; }

        [JsonProperty("endTime")]
        [JsonConverter(typeof(Rfc3339Converter))]
        public DateTimeOffset? EndTime { get; set; }
    }

    /// <summary><c>additionalFields</c>: the event fields exported with each profile.</summary>
    internal sealed class AdditionalFields : JsonModelObject
    {
        [JsonProperty("eventList")]
        public EventList EventList { get; set; }
    }

    internal sealed class EventList : JsonModelObject
    {
        [JsonProperty("fields")]
        public string Fields { get; set; }

        [JsonProperty("filter")]
        public EventListFilter Filter { get; set; }
    }

    internal sealed class EventListFilter : JsonModelObject
    {
        [JsonProperty("fromIngestTimestamp")]
        [JsonConverter(typeof(Rfc3339Converter))]
        public DateTimeOffset? FromIngestTimestamp { get; set; }

        [JsonProperty("toIngestTimestamp")]
        [JsonConverter(typeof(Rfc3339Converter))]
        public DateTimeOffset? ToIngestTimestamp { get; set; }
    }
}
