using System.Collections.Concurrent;
using System.Diagnostics;
using System.Management.Automation;
using AdobeExportJobs.Client;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Runs a cmdlet's async client work from ProcessRecord while keeping all pipeline writes on the pipeline thread, and
    /// stops at once on Ctrl+C (<see cref="Stop"/>, called from StopProcessing).
    /// </summary>
    internal sealed class PipelineRunner : IDisposable
    {
        private readonly PSCmdlet _cmdlet;
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        /// <summary>The last exception a pipeline write threw (a downstream command's failure, a stop, a break).</summary>
        private Exception _downstreamFailure;

        public PipelineRunner(PSCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        /// <summary>Ctrl+C or a stopped pipeline: cancels the work and ends <see cref="Run{T}"/> at once.</summary>
        public void Stop() => _stopping.Cancel();

        /// <summary>
        /// Runs <paramref name="work"/> on the thread pool and, meanwhile, runs on this (the pipeline) thread whatever it
        /// writes through its <see cref="PipelineBridge"/>. Returns its result, or rethrows its exception. When a write
        /// throws here (the downstream pipeline stopped, a <c>break</c> in ForEach-Object) or Ctrl+C is pressed, the
        /// work's token is cancelled and this returns at once with <see cref="PipelineStoppedException"/> or the write's
        /// exception; the work winds down in the background.
        /// </summary>
        public T Run<T>(Func<PipelineBridge, Task<T>> work)
        {
            var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var queue = new BlockingCollection<Action>();
            var bridge = new PipelineBridge(_cmdlet, queue, linked.Token);
            bool verbose = Wants("Verbose", "VerbosePreference"), debug = Wants("Debug", "DebugPreference");
            var task = Task.Run(async () =>
            {
                using (HttpLogScope.Begin(bridge.Log, verbose, debug))
                {
                    return await work(bridge).ConfigureAwait(false);
                }
            });
            // Synchronously: the thread that finishes the work wakes the pipeline thread itself, with no hop through the pool.
            task.ContinueWith(_ => queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            bool drained = false;
            try
            {
                while (TakeNext(queue, task, out var action))
                {
                    try
                    {
                        action();
                    }
                    catch (Exception downstream)
                    {
                        _downstreamFailure = downstream;
                        throw;
                    }
                }
                drained = true;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                if (!drained)
                {
                    linked.Cancel();
                    // Nobody waits for the abandoned work; observe its end so its exception goes nowhere.
                    task.ContinueWith(t => { var ignored = t.Exception; linked.Dispose(); }, TaskScheduler.Default);
                }
            }

            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                linked.Dispose();
            }
        }

        /// <summary>
        /// Whether this command's Write{Verbose,Debug} would show anything: -Verbose/-Debug when given, else the preference
        /// variable. Lines nobody sees are not formatted at all. Anything unexpected counts as wanted.
        /// </summary>
        private bool Wants(string switchName, string preferenceVariable)
        {
            if (_cmdlet.MyInvocation.BoundParameters.TryGetValue(switchName, out var given))
            {
                if (given is SwitchParameter flag) return flag.IsPresent;
                if (given is bool on) return on;
                return true;
            }
            object preference;
            try { preference = _cmdlet.GetVariableValue(preferenceVariable); }
            catch (Exception) { return true; }
            if (preference is PSObject wrapped) preference = wrapped.BaseObject;
            ActionPreference value;
            if (preference is ActionPreference typed) value = typed;
            else if (preference == null || !Enum.TryParse(preference.ToString(), true, out value)) return true;
            return value != ActionPreference.SilentlyContinue && value != ActionPreference.Ignore;
        }

        /// <summary>How long the pipeline thread keeps checking for the work's next write before it sleeps.</summary>
        private static readonly long SpinTicks = Stopwatch.Frequency / 2000;

        /// <summary>
        /// The next action the work queued, or false once the work has ended and everything it queued has run. Before
        /// blocking, the pipeline thread looks again for a short while (yielding the core each time): an answer on a
        /// fast network often arrives within that, and a sleeping thread takes a scheduler wake-up to get going again.
        /// </summary>
        private bool TakeNext(BlockingCollection<Action> queue, Task task, out Action action)
        {
            long spinUntil = 0;
            while (true)
            {
                if (queue.TryTake(out action)) return true;
                // Writes are queued before the work completes, so a finished task with an empty queue has nothing left.
                if (task.IsCompleted && queue.Count == 0) return false;
                if (_stopping.IsCancellationRequested) throw new OperationCanceledException(_stopping.Token);
                long now = Stopwatch.GetTimestamp();
                if (spinUntil == 0) spinUntil = now + SpinTicks;
                if (now < spinUntil)
                {
                    Thread.Yield();
                    continue;
                }
                return queue.TryTake(out action, Timeout.Infinite, _stopping.Token);
            }
        }

        /// <summary>
        /// Errors a cmdlet reports as ErrorRecords: failures of its own work. Anything else propagates: pipeline stops,
        /// flow control, bugs, and whatever a downstream command threw while this one wrote to it.
        /// </summary>
        public bool IsReportable(Exception exception) =>
            !ReferenceEquals(exception, _downstreamFailure) && ErrorRecords.IsReportable(exception);

        public void Dispose() => _stopping.Dispose();
    }
}
