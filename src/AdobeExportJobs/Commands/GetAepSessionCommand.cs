using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    /// <summary>Get-AepSession: the default session of the process, or with -All every session made in it.</summary>
    [Cmdlet(VerbsCommon.Get, "AepSession", HelpUri = OnlineHelp.Root + "Get-AepSession.md")]
    [OutputType(typeof(AepSession))]
    public sealed class GetAepSessionCommand : PSCmdlet
    {
        /// <summary>
        /// Every session Connect-Aep and New-AepSession made in this process that is still alive (held by a variable, or
        /// the default), disconnected ones included, oldest first (by Number).
        /// </summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        protected override void EndProcessing()
        {
            if (All)
            {
                WriteObject(SessionStore.All(), enumerateCollection: true);
                return;
            }
            var session = SessionStore.Default;
            if (session == null) WriteVerbose("There is no default session; run Connect-Aep.");
            else WriteObject(session);
        }
    }
}
