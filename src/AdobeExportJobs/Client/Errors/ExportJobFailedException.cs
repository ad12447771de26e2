using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>An export job ended FAILED; carries the job and the errors the service reported for it.</summary>
    public sealed class ExportJobFailedException : Exception
    {
        public ExportJobFailedException(ExportJob job)
            : base(Describe(job))
        {
            Job = job;
            Errors = job?.Errors?.Where(e => e != null).ToList() ?? new List<ExportJobError>();
        }

        public ExportJob Job { get; }

        /// <summary>The job's <c>errors[]</c> (code, msg, callStack).</summary>
        public IReadOnlyList<ExportJobError> Errors { get; }

        private static string Describe(ExportJob job)
        {
            var errors = job?.Errors?.Where(e => e != null).Select(e => e.ToString()).Where(t => t.Length > 0).ToList() ?? new List<string>();
            var why = errors.Count == 0 ? "the service reported no error details" : string.Join("; ", errors).TrimEnd('.');
            return $"Export job {job?.Id} FAILED: {why}.";
        }
    }
}
