using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AdobeExportJobs.Client;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Base of every cmdlet of the module: runs async client work from ProcessRecord while keeping all pipeline writes on
    /// the pipeline thread, stops at once on Ctrl+C, and maps failures to ErrorRecords.
    /// </summary>
    public abstract class AepCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        /// <summary>The last exception a pipeline write threw (a downstream command's failure, a stop, a break).</summary>
        private Exception _downstreamFailure;

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
        protected CancellationToken StopToken => _stopping.Token;

        protected override void StopProcessing()
        {
            _stopping.Cancel();
            base.StopProcessing();
        }

        /// <summary>
        /// Runs <paramref name="work"/> on the thread pool and, meanwhile, runs on this (the pipeline) thread whatever it
        /// writes through its <see cref="PipelineBridge"/>. Returns its result, or rethrows its exception. When a write
        /// throws here (the downstream pipeline stopped, a <c>break</c> in ForEach-Object) or Ctrl+C is pressed, the
        /// work's token is cancelled and this returns at once with <see cref="PipelineStoppedException"/> or the write's
        /// exception; the work winds down in the background.
        /// </summary>
        protected T RunAsync<T>(Func<PipelineBridge, Task<T>> work)
        {
            var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var queue = new BlockingCollection<Action>();
            var bridge = new PipelineBridge(this, queue, linked.Token);
            var task = Task.Run(async () =>
            {
                using (HttpLogScope.Begin(bridge.Log))
                {
                    return await work(bridge).ConfigureAwait(false);
                }
            });
            task.ContinueWith(_ => queue.CompleteAdding(), TaskScheduler.Default);

            bool drained = false;
            try
            {
                foreach (var action in queue.GetConsumingEnumerable(_stopping.Token))
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

        /// <summary><see cref="RunAsync{T}"/> for work without a result (it streams through the bridge).</summary>
        protected void RunAsync(Func<PipelineBridge, Task> work) =>
            RunAsync<bool>(async bridge =>
            {
                await work(bridge).ConfigureAwait(false);
                return true;
            });

        /// <summary>
        /// Errors a cmdlet reports as ErrorRecords: failures of its own work. Anything else propagates: pipeline stops,
        /// flow control, bugs, and whatever a downstream command threw while this one wrote to it.
        /// </summary>
        protected bool IsReportable(Exception exception) =>
            !ReferenceEquals(exception, _downstreamFailure) && AepErrorMapper.IsReportable(exception);

        protected ErrorRecord ToErrorRecord(Exception exception, object target, string notFoundErrorId = null) =>
            AepErrorMapper.ToErrorRecord(exception, target, notFoundErrorId);

        /// <summary>An ExportJob as a pipeline object, carrying the type name the views are keyed on.</summary>
        protected static PSObject ToPipelineObject(Model.ExportJob job) => ExportJobOutput.Wrap(job);

        public void Dispose()
        {
            _stopping.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
