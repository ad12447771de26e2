using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Base of the module's cmdlets that wait on the network: the work runs off the pipeline thread while every write
    /// comes back to it, and Ctrl+C stops it at once (<see cref="PipelineRunner"/>). Its helpers are for the module's own
    /// cmdlets only.
    /// </summary>
    public abstract class AsyncCmdlet : PSCmdlet, IDisposable
    {
        private readonly PipelineRunner _runner;

        protected AsyncCmdlet()
        {
            _runner = new PipelineRunner(this);
        }

        /// <summary>See <see cref="PipelineRunner.Run{T}"/>.</summary>
        private protected T RunAsync<T>(Func<PipelineBridge, Task<T>> work) => _runner.Run(work);

        /// <summary><see cref="RunAsync{T}"/> for work without a result (it streams through the bridge).</summary>
        private protected void RunAsync(Func<PipelineBridge, Task> work) =>
            RunAsync<bool>(async bridge =>
            {
                await work(bridge).ConfigureAwait(false);
                return true;
            });

        /// <summary>Whether this cmdlet reports <paramref name="exception"/> as an ErrorRecord (see <see cref="PipelineRunner.IsReportable"/>).</summary>
        private protected bool IsReportable(Exception exception) => _runner.IsReportable(exception);

        protected override void StopProcessing()
        {
            _runner.Stop();
            base.StopProcessing();
        }

        public void Dispose()
        {
            _runner.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
