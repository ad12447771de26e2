using System.Management.Automation;
using AdobeExportJobs.Client;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    [Cmdlet(VerbsCommon.Remove, "ExportJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = OnlineHelp.Root + "Remove-ExportJob.md")]
    [OutputType(typeof(ExportJob))]
    public sealed class RemoveExportJobCommand : AepSessionCmdlet
    {
        /// <summary>Job ids; from the pipeline as numbers or as objects with an Id (or JobId) property, e.g. from Get-ExportJob.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("JobId")]
        [ArgumentCompleter(typeof(ExportJobIdCompleter))]
        [JobStatusKept]
        [ValidateRange(1, long.MaxValue)]
        public long[] Id { get; set; }

        /// <summary>Return each job as it stands after the cancel (read again after the DELETE).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Cancel without asking for confirmation (for runbooks); -WhatIf still only shows what would happen.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var given = BoundJobStatuses.Take(Id);
            foreach (var id in Id)
            {
                var known = KnownStatus(id, given);
                if (!Confirmed(id, known)) continue;
                var client = Client;
                try
                {
                    var answer = RunAsync(bridge => client.CancelAsync(id, bridge.CancellationToken));
                    WriteVerbose($"Export job {id}: DELETE answered {answer.HttpStatus}" + (string.IsNullOrEmpty(answer.Message) ? "." : $" ({answer.Message})."));
                }
                catch (Exception ex) when (IsReportable(ex))
                {
                    if (ex is AepApiException api && api.StatusCode == 404) RecentExportJobs.Forget(EffectiveSession, id);
                    WriteError(ToErrorRecord(ex, id, ErrorIds.ExportJobNotFound));
                    continue;
                }
                Remembered(id, known);
                if (PassThru) WriteJobAfterCancel(client, id);
            }
        }

        /// <summary>
        /// The job's status as this session's cmdlets last wrote it (every job Get-, New- and Wait-ExportJob output), else
        /// as the job object given for it carries it; null when neither knows. Read without a server call: it only
        /// chooses words.
        /// </summary>
        private string KnownStatus(long id, Dictionary<long, string> given) =>
            RecentExportJobs.Find(Session ?? RunspaceSessions.Default, id)?.Status ?? (given.TryGetValue(id, out var status) ? status : null);

        /// <summary>
        /// The service cancels a NEW or PROCESSING job and deletes a finished one (CONTRACT.md), so the prompt and
        /// -WhatIf say which of the two the job's known status means, and both when it is not known.
        /// </summary>
        private bool Confirmed(long id, string knownStatus)
        {
            string target, action;
            if (IsRunning(knownStatus))
            {
                target = $"export job {id} (last seen {knownStatus})";
                action = "Cancel";
            }
            else if (ExportJobStatus.IsFinal(knownStatus))
            {
                target = $"export job {id} (last seen {knownStatus})";
                action = "Delete";
            }
            else
            {
                target = $"export job {id}";
                action = "Cancel or delete (a NEW or PROCESSING job is cancelled, a finished one deleted)";
            }
            if (Force && !WhatIfRequested()) return true;
            return ShouldProcess(target, action);
        }

        /// <summary>What completion offers after the DELETE: a job known to have finished is gone, a running one cancelled.</summary>
        private void Remembered(long id, string knownStatus)
        {
            var session = EffectiveSession;
            if (ExportJobStatus.IsFinal(knownStatus)) RecentExportJobs.Forget(session, id);
            else if (IsRunning(knownStatus)) RecentExportJobs.Cancelled(session, id);
        }

        private static bool IsRunning(string status) =>
            ExportJobStatus.Is(status, ExportJobStatus.New) || ExportJobStatus.Is(status, ExportJobStatus.Processing);

        private bool WhatIfRequested()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)) return whatIf is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(whatIf);
            return LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
        }

        private void WriteJobAfterCancel(ExportJobsClient client, long id)
        {
            try
            {
                var job = RunAsync(bridge => client.GetAsync(id, bridge.CancellationToken));
                WriteObject(ToOutput(job));
            }
            catch (AepApiException ex) when (ex.StatusCode == 404)
            {
                RecentExportJobs.Forget(EffectiveSession, id);
                // The service deletes a job that had already finished, so there is nothing left to read.
                WriteWarning($"Export job {id} had already finished, so the DELETE removed it; there is no job left to return.");
            }
            catch (Exception ex) when (IsReportable(ex))
            {
                WriteError(ToErrorRecord(ex, id, ErrorIds.ExportJobNotFound));
            }
        }
    }
}
