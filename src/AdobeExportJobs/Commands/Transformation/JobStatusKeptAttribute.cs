using System.Collections;
using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// On a -Id that takes job objects: a job given whole (piped in, or as the value of -Id) binds as its id, and the
    /// status it carries is kept for the command being bound (<see cref="BoundJobStatuses"/>), which otherwise sees only
    /// the number. Anything else is left to PowerShell's own binding (numbers, objects with an Id or JobId property).
    /// </summary>
    internal sealed class JobStatusKeptAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            if (JobOf(inputData) is ExportJob job) return new[] { Keep(job) };
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (!(value is IEnumerable items) || value is string) return inputData;
            var jobs = items.Cast<object>().Select(JobOf).ToList();
            if (jobs.Count == 0 || jobs.Any(j => j == null)) return inputData;
            return jobs.Select(Keep).ToArray();
        }

        private static ExportJob JobOf(object value) => (value is PSObject wrapped ? wrapped.BaseObject : value) as ExportJob;

        private static long Keep(ExportJob job)
        {
            BoundJobStatuses.Keep(job);
            return job.Id;
        }
    }
}
