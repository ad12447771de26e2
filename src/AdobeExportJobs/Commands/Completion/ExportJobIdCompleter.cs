using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Tab completion for -Id with the jobs this session's cmdlets wrote lately (Get-, New-, Wait-ExportJob), newest
    /// first, without a server call. The session is -Session when the line already has it, else the default session;
    /// with neither, the jobs of every session made in this process, newest session first.
    /// </summary>
    internal sealed class ExportJobIdCompleter : Completer
    {
        protected override IEnumerable<(string Word, CompletionResult Result)> Candidates(IDictionary fakeBoundParameters) =>
            RecentJobs(fakeBoundParameters).Select(job => (job.Id.ToString(CultureInfo.InvariantCulture), ToResult(job)));

        private static IEnumerable<RecentExportJob> RecentJobs(IDictionary fakeBoundParameters)
        {
            var session = GivenSession(fakeBoundParameters) ?? SessionStore.Default;
            var sessions = session != null ? (IEnumerable<AepSession>)new[] { session } : SessionStore.All().Reverse();
            var seen = new HashSet<long>();
            foreach (var jobs in sessions.Select(RecentExportJobs.Of))
            {
                foreach (var job in jobs)
                {
                    if (seen.Add(job.Id)) yield return job;
                }
            }
        }

        private static AepSession GivenSession(IDictionary fakeBoundParameters)
        {
            if (fakeBoundParameters == null || !fakeBoundParameters.Contains("Session")) return null;
            var value = fakeBoundParameters["Session"];
            return (value is PSObject wrapped ? wrapped.BaseObject : value) as AepSession;
        }

        private static CompletionResult ToResult(RecentExportJob job)
        {
            var id = job.Id.ToString(CultureInfo.InvariantCulture);
            var listItem = job.Status == null ? id : $"{id} {job.Status}";
            var details = new List<string> { $"Export job {id}" };
            if (job.Status != null) details.Add(job.Status);
            if (job.DatasetId != null) details.Add("dataset " + job.DatasetId);
            if (job.CreationTime.HasValue) details.Add("created " + job.CreationTime.Value.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            return new CompletionResult(id, listItem, CompletionResultType.ParameterValue, string.Join(", ", details));
        }
    }
}
