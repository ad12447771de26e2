using System.Diagnostics;
using System.Management.Automation;
using AdobeExportJobs.Client;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// What Wait-ExportJob shows while it waits: how many jobs have finished, their statuses, the jobs still waited on and
    /// the time elapsed. Each polling round brings new statuses; between rounds (which are up to 10 s apart, or
    /// -PollInterval) the record is written again every second so the elapsed time keeps moving.
    /// </summary>
    internal sealed class WaitProgress
    {
        private const int ProgressId = 1;
        private const string Activity = "Waiting for export jobs";
        private const int JobsNamed = 5;

        /// <summary>Past the turn of the second, so the time shown has just moved on.</summary>
        private static readonly TimeSpan AfterTheSecond = TimeSpan.FromMilliseconds(20);

        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private JobWaitProgress _last;

        /// <summary>Whether a record has been written, so a Completed one must follow.</summary>
        public bool Shown { get; private set; }

        /// <summary>The record after a polling round; later ticks repeat its statuses with the time moved on.</summary>
        public ProgressRecord Round(JobWaitProgress state)
        {
            Volatile.Write(ref _last, state);
            return Record(state);
        }

        /// <summary>
        /// Completes with <paramref name="wait"/>; meanwhile, once a round has been shown, hands <paramref name="write"/>
        /// a fresh record at each turn of the second.
        /// </summary>
        public async Task<T> TickWhile<T>(Task<T> wait, Action<ProgressRecord> write, CancellationToken cancellationToken)
        {
            while (!wait.IsCompleted && !cancellationToken.IsCancellationRequested)
            {
                var elapsed = _clock.Elapsed;
                var untilNextSecond = TimeSpan.FromSeconds(Math.Floor(elapsed.TotalSeconds) + 1) - elapsed + AfterTheSecond;
                await Task.WhenAny(wait, Task.Delay(untilNextSecond, cancellationToken)).ConfigureAwait(false);
                var last = Volatile.Read(ref _last);
                if (!wait.IsCompleted && !cancellationToken.IsCancellationRequested && last != null) write(Record(last));
            }
            return await wait.ConfigureAwait(false);
        }

        public ProgressRecord Completed() => new ProgressRecord(ProgressId, Activity, "Done") { RecordType = ProgressRecordType.Completed };

        private ProgressRecord Record(JobWaitProgress state)
        {
            int done = state.Finished + state.Lost;
            var byStatus = state.Pending.GroupBy(p => p.Value ?? "?").Select(g => $"{g.Key} {g.Count()}");
            var named = state.Pending.Take(JobsNamed).Select(p => $"{p.Key} {p.Value ?? "?"}");
            var more = state.Pending.Count > JobsNamed ? $" (+{state.Pending.Count - JobsNamed} more)" : string.Empty;
            // A new record each time: the pipeline thread writes it later, and must see this moment's values.
            var record = new ProgressRecord(ProgressId, Activity,
                $"{done} of {state.Total} finished ({string.Join(", ", byStatus)}), {_clock.Elapsed:hh\\:mm\\:ss} elapsed")
            {
                PercentComplete = state.Total == 0 ? 0 : Math.Min(100, done * 100 / state.Total),
                CurrentOperation = "Waiting for " + string.Join(", ", named) + more,
            };
            Shown = true;
            return record;
        }
    }
}
