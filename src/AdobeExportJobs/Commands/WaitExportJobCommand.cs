using System.Management.Automation;
using AdobeExportJobs.Client;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    [Cmdlet(VerbsLifecycle.Wait, "ExportJob", HelpUri = OnlineHelp.Root + "Wait-ExportJob.md")]
    [OutputType(typeof(ExportJob))]
    public sealed class WaitExportJobCommand : AepSessionCmdlet
    {
        private readonly List<long> _ids = new List<long>();

        /// <summary>Job ids; from the pipeline as numbers or as objects with an Id (or JobId) property, e.g. from New-ExportJob.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("JobId")]
        [ArgumentCompleter(typeof(ExportJobIdCompleter))]
        [ValidateRange(1, long.MaxValue)]
        public long[] Id { get; set; }

        /// <summary>The longest to wait, in seconds or as a TimeSpan; default: until every job has finished.</summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [SecondsOrTimeSpan]
        public TimeSpan Timeout { get; set; }

        /// <summary>Time between polls, in seconds or as a TimeSpan; default: adaptive, from 250 ms up to 10 s as the wait grows.</summary>
        [Parameter]
        [SecondsOrTimeSpan]
        public TimeSpan PollInterval { get; set; }

        /// <summary>
        /// Return exactly one job, the first to finish, as soon as it has; of several found finished in the same poll, the
        /// one with the earliest update time (then the lowest id). The others are not written.
        /// </summary>
        [Parameter]
        public SwitchParameter Any { get; set; }

        protected override void BeginProcessing()
        {
            var given = MyInvocation.BoundParameters;
            if (given.ContainsKey(nameof(Timeout)) && Timeout < TimeSpan.Zero)
                ThrowTerminatingError(InvalidDuration(ErrorIds.InvalidTimeout, nameof(Timeout), Timeout, "zero or more (0 polls once)"));
            if (given.ContainsKey(nameof(PollInterval)) && PollInterval <= TimeSpan.Zero)
                ThrowTerminatingError(InvalidDuration(ErrorIds.InvalidPollInterval, nameof(PollInterval), PollInterval, "more than zero"));
        }

        protected override void ProcessRecord()
        {
            foreach (var id in Id)
            {
                if (!_ids.Contains(id)) _ids.Add(id);
            }
        }

        protected override void EndProcessing()
        {
            if (_ids.Count == 0) return;
            var given = MyInvocation.BoundParameters;
            var options = new JobWaitOptions
            {
                Timeout = given.ContainsKey(nameof(Timeout)) ? Timeout : (TimeSpan?)null,
                PollInterval = given.ContainsKey(nameof(PollInterval)) ? PollInterval : (TimeSpan?)null,
                Any = Any.IsPresent,
            };
            var waiter = new JobWaiter(Client, options);
            var progress = new WaitProgress();
            var observer = new PipelineObserver(ToOutput, progress);
            JobWaitResult result;
            try
            {
                result = RunAsync(bridge =>
                {
                    observer.Bridge = bridge;
                    return progress.TickWhile(waiter.WaitAsync(_ids, observer, bridge.CancellationToken), bridge.WriteProgress, bridge.CancellationToken);
                });
            }
            catch (Exception ex) when (IsReportable(ex))
            {
                WriteError(ToErrorRecord(ex, _ids.ToArray(), ErrorIds.ExportJobNotFound));
                return;
            }
            finally
            {
                if (progress.Shown) CompleteProgress(progress);
            }

            if (!result.TimedOut) return;
            foreach (var unfinished in result.Unfinished)
            {
                WriteError(TimeoutError(unfinished.Key, unfinished.Value, result.Elapsed));
            }
        }

        private ErrorRecord TimeoutError(long id, ExportJobRecord lastSeen, TimeSpan waited)
        {
            var status = lastSeen?.Status ?? "not yet read";
            var message = $"Export job {id} is still {status} after waiting {waited:hh\\:mm\\:ss\\.f} (-Timeout {Timeout}).";
            return ErrorRecords.Create(ErrorIds.ExportJobWaitTimeout, new TimeoutException(message), lastSeen == null ? (object)id : new ExportJob(lastSeen));
        }

        private static ErrorRecord InvalidDuration(string errorId, string parameter, TimeSpan value, string valid) =>
            ErrorRecords.Create(errorId, new ArgumentOutOfRangeException(parameter, value, $"-{parameter} {value} is not valid: it must be {valid}."), value);

        private void CompleteProgress(WaitProgress progress)
        {
            try { WriteProgress(progress.Completed()); }
            catch (PipelineStoppedException) { /* the pipeline is going away; nothing left to show */ }
        }

        internal static ErrorRecord FailedJobError(ExportJobRecord job)
        {
            return ErrorRecords.Create(ErrorIds.ExportJobFailed, new ExportJobFailedException(job), new ExportJob(job));
        }

        /// <summary>Turns the waiter's reports into pipeline writes; every write goes through the bridge to the pipeline thread.</summary>
        private sealed class PipelineObserver : IJobWaitObserver
        {
            private readonly Func<ExportJobRecord, ExportJob> _toOutput;
            private readonly WaitProgress _progress;

            public PipelineObserver(Func<ExportJobRecord, ExportJob> toOutput, WaitProgress progress)
            {
                _toOutput = toOutput;
                _progress = progress;
            }

            public PipelineBridge Bridge { get; set; }

            public void OnFinished(ExportJobRecord job)
            {
                Bridge.WriteObject(_toOutput(job));
                if (ExportJobStatus.Is(job.Status, ExportJobStatus.Failed)) Bridge.WriteError(FailedJobError(job));
            }

            public void OnLost(long id, AepApiException error) =>
                Bridge.WriteError(ErrorRecords.FromFailure(error, id, ErrorIds.ExportJobNotFound));

            public void OnPollFailed(long id, AepApiException error) =>
                Bridge.WriteVerbose($"Reading export job {id} failed for now; trying again next round: {error.Message}");

            public void OnRound(JobWaitProgress state) => Bridge.WriteProgress(_progress.Round(state));
        }
    }
}
