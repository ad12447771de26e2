using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    /// <summary>What -Id completion shows of a job the module wrote: enough to recognise it, nothing more.</summary>
    internal sealed class RecentExportJob
    {
        /// <param name="sighting">The stamp of the command that wrote it (see <see cref="RecentExportJobs.NextSighting"/>).</param>
        public RecentExportJob(ExportJobRecord job, long sighting)
        {
            Id = job.Id;
            Status = job.Status;
            DatasetId = job.Destination?.DatasetId;
            CreationTime = job.CreationTime;
            Sighting = sighting;
        }

        public long Id { get; }
        public string Status { get; }
        public string DatasetId { get; }
        public DateTimeOffset? CreationTime { get; }
        public long Sighting { get; }
    }
}
