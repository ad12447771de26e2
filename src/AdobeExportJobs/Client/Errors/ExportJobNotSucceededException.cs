using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>Files were asked for of a job that has not SUCCEEDED: a running job has none yet, a failed or cancelled one none at all.</summary>
    internal sealed class ExportJobNotSucceededException : ExportJobStateException
    {
        public ExportJobNotSucceededException(ExportJobRecord job)
            : base(job, Describe(job))
        {
        }

        /// <summary>The job's status when it was read.</summary>
        public string Status => Job?.Status;

        /// <summary>True while the job may still succeed (it has not finished).</summary>
        public bool MaySucceedLater => !ExportJobStatus.IsFinal(Job?.Status);

        private static string Describe(ExportJobRecord job)
        {
            var status = string.IsNullOrEmpty(job?.Status) ? "in no known status" : job.Status;
            if (!ExportJobStatus.IsFinal(job?.Status))
                return $"Export job {job?.Id} is {status}, not SUCCEEDED: it has no files yet. Wait for it with Wait-ExportJob, then ask again.";
            var errors = ErrorsOf(job);
            return $"Export job {job.Id} is {status}, not SUCCEEDED: it has no files{(errors == null ? string.Empty : " (" + errors + ")")}.";
        }
    }
}
