using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>An export job ended FAILED; carries the job and the errors the service reported for it.</summary>
    internal sealed class ExportJobFailedException : ExportJobStateException
    {
        public ExportJobFailedException(ExportJobRecord job)
            : base(job, $"Export job {job?.Id} FAILED: {ErrorsOf(job) ?? "the service reported no error details"}.")
        {
            Errors = job?.Errors?.Where(e => e != null).ToList() ?? new List<ExportJobErrorEntry>();
        }

        /// <summary>The job's <c>errors[]</c> (code, msg, callStack).</summary>
        public IReadOnlyList<ExportJobErrorEntry> Errors { get; }
    }
}
