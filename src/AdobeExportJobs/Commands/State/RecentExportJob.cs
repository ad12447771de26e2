using System;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    /// <summary>What -Id completion shows of a job the module wrote: enough to recognise it, nothing more.</summary>
    internal sealed class RecentExportJob
    {
        public RecentExportJob(ExportJob job)
        {
            Id = job.Id;
            Status = job.Status;
            DatasetId = job.Destination?.DatasetId;
            CreationTime = job.CreationTime;
        }

        public long Id { get; }
        public string Status { get; }
        public string DatasetId { get; }
        public DateTimeOffset? CreationTime { get; }
    }
}
