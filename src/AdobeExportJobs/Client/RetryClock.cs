using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace AdobeExportJobs.Client
{
    /// <summary>How the sender tells the time a call has spent and waits between retries; tests use virtual time instead.</summary>
    internal class RetryClock
    {
        public static readonly RetryClock Real = new RetryClock();

        public virtual Func<TimeSpan> StartTimer()
        {
            var stopwatch = Stopwatch.StartNew();
            return () => stopwatch.Elapsed;
        }

        public virtual Task Delay(TimeSpan wait, CancellationToken cancellationToken) => Task.Delay(RetryPolicy.Bounded(wait), cancellationToken);
    }
}
