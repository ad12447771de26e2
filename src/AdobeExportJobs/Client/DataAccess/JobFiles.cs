using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>A job as read, with its files.</summary>
    internal sealed class JobFiles
    {
        public JobFiles(ExportJob job, IReadOnlyList<ExportJobFile> files)
        {
            Job = job;
            Files = files;
        }

        public ExportJob Job { get; }

        public IReadOnlyList<ExportJobFile> Files { get; }
    }
}
