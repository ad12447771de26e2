using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    [Cmdlet(VerbsCommunications.Disconnect, "Aep", HelpUri = OnlineHelp.Root + "Disconnect-Aep.md")]
    [OutputType(typeof(void))]
    public sealed class DisconnectAepCommand : PSCmdlet
    {
        /// <summary>The session to end; default: the default session.</summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public AepSession Session { get; set; }

        protected override void ProcessRecord()
        {
            var session = Session ?? RunspaceSessions.Default;
            if (session == null)
            {
                WriteVerbose("There is no default session to disconnect.");
                return;
            }
            session.Disconnect();
            RunspaceSessions.Forget(session);
            WriteVerbose($"Disconnected {session}.");
        }
    }
}
