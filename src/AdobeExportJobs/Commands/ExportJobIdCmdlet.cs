using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Base of the cmdlets whose input is export job ids (Get-ExportJobFile, Remove-ExportJob, Wait-ExportJob): one
    /// <c>-Id</c>, bound and checked the same way in each, so that any of them takes what another writes.
    /// </summary>
    public abstract class ExportJobIdCmdlet : AepSessionCmdlet
    {
        /// <summary>Job ids; from the pipeline as numbers or as objects with an Id (or JobId) property, e.g. from New-ExportJob or Get-ExportJob.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("JobId")]
        [ArgumentCompleter(typeof(ExportJobIdCompleter))]
        [ValidateRange(1, long.MaxValue)]
        public long[] Id { get; set; }
    }
}
