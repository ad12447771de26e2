
namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// The statuses of job objects <see cref="JobStatusKeptAttribute"/> bound as ids, from the binding to the command's
    /// ProcessRecord. PowerShell binds a command's input and runs its ProcessRecord on the same thread, one input object
    /// after the other, so a per-thread table hands them over; the command takes what it binds and the table empties.
    /// </summary>
    internal static class BoundJobStatuses
    {
        [ThreadStatic]
        private static Dictionary<long, string> _statuses;

        public static void Keep(ExportJob job)
        {
            if (job.Id <= 0) return;
            (_statuses ?? (_statuses = new Dictionary<long, string>()))[job.Id] = job.Status;
        }

        /// <summary>The statuses the jobs with these ids carried when they were bound (null for ids bound as numbers); forgets every one kept.</summary>
        public static Dictionary<long, string> Take(IEnumerable<long> ids)
        {
            var taken = new Dictionary<long, string>();
            if (_statuses == null) return taken;
            foreach (var id in ids)
            {
                if (_statuses.TryGetValue(id, out var status)) taken[id] = status;
            }
            _statuses.Clear();
            return taken;
        }
    }
}
