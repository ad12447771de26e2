using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    /// <summary>What -Id completion shows of a job the module wrote: enough to recognise it, nothing more.</summary>
    internal sealed class RecentExportJob
    {
        /// <param name="sighting">The stamp of the command that wrote it (see <see cref="RecentExportJobs.NextSighting"/>).</param>
        public RecentExportJob(ExportJobRecord job, long sighting)
            : this(job.Id, job.Status, job.Destination?.DatasetId, job.CreationTime, sighting)
        {
        }

        private RecentExportJob(long id, string status, string datasetId, DateTimeOffset? creationTime, long sighting)
        {
            Id = id;
            Status = status;
            DatasetId = datasetId;
            CreationTime = creationTime;
            Sighting = sighting;
        }

        /// <summary>The same job, known to have moved to <paramref name="status"/> (after a cancel, say).</summary>
        public RecentExportJob WithStatus(string status) => new RecentExportJob(Id, status, DatasetId, CreationTime, Sighting);

        public long Id { get; }
        public string Status { get; }
        public string DatasetId { get; }
        public DateTimeOffset? CreationTime { get; }
        public long Sighting { get; }
    }
}
