using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// <para type="synopsis">Connects to Adobe Experience Platform and makes the session the default for the module's cmdlets.</para>
    /// <para type="description">Tokens are fetched on first use, cached, and refreshed before they expire.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Aep", DefaultParameterSetName = ClientSecretSet)]
    [OutputType(typeof(AepSession))]
    public sealed class ConnectAepCommand : AepSessionParametersCmdlet
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
