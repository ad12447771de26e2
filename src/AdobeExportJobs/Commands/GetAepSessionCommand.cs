using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    [Cmdlet(VerbsCommon.Get, "AepSession", HelpUri = OnlineHelp.Root + "Get-AepSession.md")]
    [OutputType(typeof(AepSession))]
    public sealed class GetAepSessionCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            var session = RunspaceSessions.Default;
            if (session == null) WriteVerbose("There is no default session; run Connect-Aep.");
            else WriteObject(session);
        }
    }
}
