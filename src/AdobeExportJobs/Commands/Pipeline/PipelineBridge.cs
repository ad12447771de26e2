using System.Collections.Concurrent;
using System.Management.Automation;
using AdobeExportJobs.Client;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Lets async work running off the pipeline thread write to the pipeline. PowerShell allows WriteObject, WriteVerbose,
    /// WriteProgress, ShouldProcess... only on the pipeline thread, so every call here is queued and run there by
    /// <see cref="PipelineRunner.Run{T}"/>, which blocks the pipeline thread on the queue until the work ends.
    /// </summary>
    internal sealed class PipelineBridge
    {
        private readonly Cmdlet _cmdlet;
        private readonly BlockingCollection<Action> _queue;

        internal PipelineBridge(Cmdlet cmdlet, BlockingCollection<Action> queue, CancellationToken cancellationToken)
        {
            _cmdlet = cmdlet;
            _queue = queue;
            CancellationToken = cancellationToken;
        }

        /// <summary>Cancelled on Ctrl+C (StopProcessing), when the downstream pipeline stops, or when the pipeline thread fails.</summary>
        public CancellationToken CancellationToken { get; }

        /// <summary>Queues an object for the pipeline and returns at once.</summary>
        public void WriteObject(object value) => Post(() => _cmdlet.WriteObject(value));

        /// <summary>
        /// Writes the objects and completes once the pipeline thread has passed them all downstream: awaiting it keeps the
        /// work from running ahead (say, fetching pages nobody will read) and surfaces a stopped pipeline as cancellation.
        /// </summary>
        public Task WriteObjectsAsync(IEnumerable<object> values)
        {
            foreach (var value in values) WriteObject(value);
            return FlushAsync();
        }

        public void WriteVerbose(string text) => Post(() => _cmdlet.WriteVerbose(text));

        public void WriteDebug(string text) => Post(() => _cmdlet.WriteDebug(text));

        public void WriteWarning(string text) => Post(() => _cmdlet.WriteWarning(text));

        public void WriteProgress(ProgressRecord record) => Post(() => _cmdlet.WriteProgress(record));

        /// <summary>A non-terminating error.</summary>
        public void WriteError(ErrorRecord record) => Post(() => _cmdlet.WriteError(record));

        /// <summary>Completes when everything queued before it has run on the pipeline thread.</summary>
        public Task FlushAsync() => InvokeAsync(() => true);

        /// <summary>Runs <paramref name="func"/> on the pipeline thread (ShouldProcess, ShouldContinue, SessionState) and returns its result.</summary>
        public Task<T> InvokeAsync<T>(Func<T> func)
        {
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            var registration = CancellationToken.Register(() => done.TrySetCanceled(CancellationToken));
            done.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
            Post(() =>
            {
                try { done.TrySetResult(func()); }
                catch (Exception ex)
                {
                    done.TrySetException(ex);
                    throw;
                }
            });
            return done.Task;
        }

        /// <summary>HTTP log lines of the client: one line per call as Verbose, headers and bodies as Debug.</summary>
        internal void Log(HttpLogEntry entry)
        {
            if (entry.Level == HttpLogLevel.Verbose) WriteVerbose(entry.Message);
            else WriteDebug(entry.Message);
        }

        private void Post(Action action)
        {
            CancellationToken.ThrowIfCancellationRequested();
            try
            {
                _queue.Add(action);
            }
            catch (InvalidOperationException)
            {
                // The pipeline thread has stopped reading: the work is being torn down.
                throw new OperationCanceledException(CancellationToken);
            }
        }
    }
}
