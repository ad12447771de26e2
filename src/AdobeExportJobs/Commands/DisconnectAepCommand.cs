using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Disconnect-Aep: ends a session (its HttpClient and token are dropped). Without -Session it ends the default session,
    /// and no runspace of the process has a default any more; ending the default with -Session does the same.
    /// </summary>
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
            var session = Session ?? SessionStore.Default;
            if (session == null)
            {
                WriteVerbose("There is no default session to disconnect.");
                return;
            }
            session.Disconnect();
            SessionStore.Forget(session);
            WriteVerbose($"Disconnected {session}.");
        }
    }
}
