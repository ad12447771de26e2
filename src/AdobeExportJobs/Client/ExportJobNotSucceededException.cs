using System;
using System.Linq;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>Files were asked for of a job that has not SUCCEEDED: a running job has none yet, a failed or cancelled one none at all.</summary>
    public sealed class ExportJobNotSucceededException : Exception
    {
        public ExportJobNotSucceededException(ExportJob job)
            : base(Describe(job))
        {
            Job = job;
        }

        public ExportJob Job { get; }

        /// <summary>The job's status when it was read.</summary>
        public string Status => Job?.Status;

        /// <summary>True while the job may still succeed (it has not finished).</summary>
        public bool MaySucceedLater => !ExportJobStatus.IsFinal(Job?.Status);

        private static string Describe(ExportJob job)
        {
            var status = string.IsNullOrEmpty(job?.Status) ? "in no known status" : job.Status;
            if (!ExportJobStatus.IsFinal(job?.Status))
                return $"Export job {job?.Id} is {status}, not SUCCEEDED: it has no files yet. Wait for it with Wait-ExportJob, then ask again.";
            var errors = job.Errors?.Where(e => e != null).Select(e => e.ToString()).Where(t => t.Length > 0).ToList();
            var why = errors != null && errors.Count > 0 ? " (" + string.Join("; ", errors).TrimEnd('.') + ")" : string.Empty;
            return $"Export job {job.Id} is {status}, not SUCCEEDED: it has no files{why}.";
        }
    }
}
