using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// <para type="synopsis">Returns the default AEP session (the one Connect-Aep made), or nothing when there is none.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AepSession")]
    [OutputType(typeof(AepSession))]
    public sealed class GetAepSessionCommand : AepCmdlet
    {
        protected override void EndProcessing()
        {
            var session = RunspaceSessions.Default;
            if (session == null) WriteVerbose("There is no default session; run Connect-Aep.");
            else WriteObject(session);
        }
    }
}
