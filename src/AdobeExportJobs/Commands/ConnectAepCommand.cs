using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    /// <summary>Connect-Aep: New-AepSession's session, made the default for the module's cmdlets.</summary>
    [Cmdlet(VerbsCommunications.Connect, "Aep", DefaultParameterSetName = ClientSecretSet, HelpUri = OnlineHelp.Root + "Connect-Aep.md")]
    [OutputType(typeof(AepSession))]
    public sealed class ConnectAepCommand : NewAepSessionCommand
    {
        /// <summary>Also returns the session.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            var session = CreateSession();
            var previous = RunspaceSessions.Default;
            RunspaceSessions.Default = session;
            if (previous != null && !ReferenceEquals(previous, session))
            {
                WriteVerbose($"Replaced the default session ({previous}); it stays usable through -Session.");
            }
            if (PassThru) WriteObject(session);
        }
    }
}
