using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// <para type="synopsis">Makes an AEP session without touching the default one; pass it with -Session.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "AepSession", DefaultParameterSetName = ClientSecretSet)]
    [OutputType(typeof(AepSession))]
    public sealed class NewAepSessionCommand : AepSessionParametersCmdlet
    {
        protected override void EndProcessing() => WriteObject(CreateSession());
    }
}
