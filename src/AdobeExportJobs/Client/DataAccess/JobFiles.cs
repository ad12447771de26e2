using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>A job as read, with its files.</summary>
    internal sealed class JobFiles
    {
        public JobFiles(ExportJobRecord job, IReadOnlyList<ExportJobFile> files)
        {
            Job = job;
            Files = files;
        }

        public ExportJobRecord Job { get; }

        public IReadOnlyList<ExportJobFile> Files { get; }
    }
}
