using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>A job is not in the state a command needs (it FAILED, or has not SUCCEEDED); carries the job as it was read.</summary>
    internal abstract class ExportJobStateException : Exception
    {
        protected ExportJobStateException(ExportJobRecord job, string message)
            : base(message)
        {
            Job = job;
        }

        public ExportJobRecord Job { get; }

        /// <summary>The job's <c>errors[]</c> as text ("code: message; ..."), or null when the service reported none.</summary>
        protected static string ErrorsOf(ExportJobRecord job)
        {
            var errors = job?.Errors?.Where(e => e != null).Select(e => e.ToString()).Where(t => t.Length > 0).ToList();
            return errors == null || errors.Count == 0 ? null : string.Join("; ", errors).TrimEnd('.');
        }
    }
}
