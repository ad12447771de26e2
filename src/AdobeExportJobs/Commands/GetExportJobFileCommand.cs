using System.Management.Automation;
using AdobeExportJobs.Client;

namespace AdobeExportJobs.Commands
{
    [Cmdlet(VerbsCommon.Get, "ExportJobFile", HelpUri = OnlineHelp.Root + "Get-ExportJobFile.md")]
    [OutputType(typeof(ExportJobFile))]
    public sealed class GetExportJobFileCommand : AepSessionCmdlet
    {
        /// <summary>Job ids; from the pipeline as numbers or as objects with an Id (or JobId) property, e.g. from Wait-ExportJob.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("JobId")]
        [ArgumentCompleter(typeof(ExportJobIdCompleter))]
        [ValidateRange(1, long.MaxValue)]
        public long[] Id { get; set; }

        protected override void ProcessRecord()
        {
            var files = new DataAccessClient(Client);
            foreach (var id in Id)
            {
                try
                {
                    RunAsync(async bridge =>
                    {
                        var found = await files.GetJobFilesAsync(id, bridge.CancellationToken).ConfigureAwait(false);
                        if (found.Files.Count == 0) bridge.WriteWarning($"Export job {id} SUCCEEDED but the platform lists no files for its batches ({string.Join(", ", found.Job.BatchIds)}).");
                        await bridge.WriteObjectsAsync(found.Files).ConfigureAwait(false);
                    });
                }
                catch (Exception ex) when (ex is ExportJobNotSucceededException || IsReportable(ex))
                {
                    WriteError(ExportFileErrors.ForJob(ex, id));
                }
            }
        }
    }
}
