using AdobeExportJobs.Model;

namespace AdobeExportJobs
{
    /// <summary>
    /// An export job as the cmdlets write it. Flat: its properties are exactly the labels of its views, in their order,
    /// each holding what the views show, so Select-Object, Sort-Object, Where-Object and Format-List work with the names
    /// users see, and Export-Csv and ConvertTo-Json write readable values (times as ISO 8601 text, lists as lists). What
    /// the server sent, in full, is <see cref="GetJson"/>: a method, so conversions leave it alone.
    /// </summary>
    public sealed class ExportJob
    {
        private readonly ExportJobRecord _record;

        // Values that take formatting or allocation are made on first read: a listing piped to a filter or a count
        // makes one of these per job and may never read them (the list benchmark's jobs/s).
        private string _created, _updated, _duration;
        private StringList _batches, _segments, _fields;
        private ProfileCounts _byNamespace;
        private ExportJobErrorList _errors;

        internal ExportJob(ExportJobRecord record)
        {
            _record = record ?? throw new ArgumentNullException(nameof(record));
            Id = record.Id;
            Status = record.Status;
            JobType = record.JobType;
            Profiles = record.ExportedProfiles;
            Dataset = record.DatasetId;
            Schema = record.SchemaName;
            var policy = record.MergePolicy;
            MergePolicy = policy == null || (policy.Id == null && !policy.Version.HasValue) ? null : new MergePolicy(policy.Id, policy.Version);
            RequestId = record.RequestId;
            Org = record.ImsOrgId;
        }

        public long Id { get; }

        /// <summary>NEW, PROCESSING, SUCCEEDED, FAILED, CANCELLED, or any status the service adds.</summary>
        public string Status { get; }

        public string JobType { get; }

        /// <summary>When the job was created, in UTC: 2026-11-30T12:37:00.393Z ([datetime] reads it back).</summary>
        public string Created => _created ??= ValueText.Time(_record.CreationTime);

        /// <summary>When the job last changed, in UTC, as <see cref="Created"/>.</summary>
        public string Updated => _updated ??= ValueText.Time(_record.UpdateTime);

        /// <summary>
        /// How long the job ran, hh:mm:ss.fff ([timespan] reads it back): the service's metrics.totalTime, else creation
        /// to last update of a finished job; null while a job runs without metrics.
        /// </summary>
        public string Duration => _duration ??= ValueText.Duration(_record.Duration);

        /// <summary>Profiles exported (metrics.totalExportedProfileCounter); null until the service counts them.</summary>
        public long? Profiles { get; }

        /// <summary>The dataset the job writes into (destination.datasetId).</summary>
        public string Dataset { get; }

        /// <summary>Every batch the job writes, the single one first (destination.batchId and destination.batches).</summary>
        public StringList Batches => _batches ??= new StringList(_record.BatchIds);

        /// <summary>The schema of the dataset (schema.name).</summary>
        public string Schema { get; }

        /// <summary>Ids of the exported segments; empty when the job exports all profiles.</summary>
        public StringList Segments => _segments ??= new StringList(_record.Segments);

        /// <summary>The profile fields exported; empty means all.</summary>
        public StringList Fields => _fields ??= new StringList(_record.Fields?.Split(',').Select(field => field.Trim()));

        /// <summary>Exported profiles per identity namespace.</summary>
        public ProfileCounts ByNamespace => _byNamespace ??=
            _record.Metrics?.ExportedProfileByNamespaceCounter is { Count: > 0 } counts ? new ProfileCounts(counts) : ProfileCounts.Empty;

        /// <summary>The merge policy applied; null when the job names none.</summary>
        public MergePolicy MergePolicy { get; }

        /// <summary>Why a job failed; empty otherwise.</summary>
        public ExportJobErrorList Errors => _errors ??= _record.Errors == null || _record.Errors.Count == 0
            ? ExportJobErrorList.Empty
            : new ExportJobErrorList(_record.Errors.Where(e => e != null).Select(e => new ExportJobError(e.Code, e.Message, e.CallStack)));

        /// <summary>The request id of the create call that made this job.</summary>
        public string RequestId { get; }

        /// <summary>The IMS organization of the job (imsOrgId).</summary>
        public string Org { get; }

        /// <summary>The job as the server sent it, exactly: every field, including those no property shows.</summary>
        public string GetJson() => _record.RawJson ?? AepJson.Serialize(_record);

        internal ExportJobRecord Record => _record;

        public override string ToString() => $"ExportJob {Id} ({Status})";
    }
}
