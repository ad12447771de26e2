using System.Management.Automation;
using AdobeExportJobs.Client;

namespace AdobeExportJobs.Commands
{
    [Cmdlet(VerbsCommon.Remove, "ExportJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ExportJob))]
    public sealed class RemoveExportJobCommand : AepSessionCmdlet
    {
        /// <summary>Job ids; from the pipeline as numbers or as objects with an Id (or JobId) property, e.g. from Get-ExportJob.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("JobId")]
        [ArgumentCompleter(typeof(ExportJobIdCompleter))]
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
            foreach (var id in Id)
            {
                if (!Confirmed(id)) continue;
                var client = Client;
                try
                {
                    var answer = RunAsync(bridge => client.CancelAsync(id, bridge.CancellationToken));
                    WriteVerbose($"Export job {id}: DELETE answered {answer.HttpStatus}" + (string.IsNullOrEmpty(answer.Message) ? "." : $" ({answer.Message})."));
                }
                catch (Exception ex) when (IsReportable(ex))
                {
                    WriteError(ToErrorRecord(ex, id, ErrorIds.ExportJobNotFound));
                    continue;
                }
                if (PassThru) WriteJobAfterCancel(client, id);
            }
        }

        private bool Confirmed(long id)
        {
            var target = $"export job {id}";
            const string action = "Cancel (a finished job is deleted)";
            if (Force && !WhatIfRequested()) return true;
            return ShouldProcess(target, action);
        }

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
