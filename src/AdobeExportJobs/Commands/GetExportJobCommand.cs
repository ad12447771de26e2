using System.Management.Automation;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    [Cmdlet(VerbsCommon.Get, "ExportJob", DefaultParameterSetName = ListSet, HelpUri = OnlineHelp.Root + "Get-ExportJob.md")]
    [OutputType(typeof(ExportJob))]
    public sealed class GetExportJobCommand : AepSessionCmdlet
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";

        /// <summary>Jobs per request when -PageSize is not given (fewer when -Limit asks for fewer).</summary>
        internal const int DefaultPageSize = 100;

        /// <summary>Job ids; from the pipeline as numbers or as objects with an Id (or JobId) property.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("JobId")]
        [ArgumentCompleter(typeof(ExportJobIdCompleter))]
        [ValidateRange(1, long.MaxValue)]
        public long[] Id { get; set; }

        /// <summary>Only jobs with this status: NEW, PROCESSING, SUCCEEDED, FAILED, CANCELLED, or any status the service knows.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ArgumentCompleter(typeof(ExportJobStatusCompleter))]
        [ValidateStatusWord]
        public string Status { get; set; }

        /// <summary>The most jobs to return in all (across pages).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, int.MaxValue)]
        public int Limit { get; set; }

        /// <summary>Where to start: the opaque page offset of the service (e.g. 1538573416687_722).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotWhiteSpace]
        public string Offset { get; set; }

        /// <summary>Jobs per request (the API's limit parameter); default 100, or -Limit when that is smaller.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, int.MaxValue)]
        public int PageSize { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet) GetById();
            else List();
        }

        private void GetById()
        {
            var client = Client;
            foreach (var id in Id)
            {
                ExportJob job;
                try
                {
                    job = RunAsync(bridge => client.GetAsync(id, bridge.CancellationToken));
                }
                catch (Exception ex) when (IsReportable(ex))
                {
                    WriteError(ToErrorRecord(ex, id, ErrorIds.ExportJobNotFound));
                    continue;
                }
                WriteObject(ToOutput(job));
            }
        }

        private void List()
        {
            var client = Client;
            int? limit = MyInvocation.BoundParameters.ContainsKey(nameof(Limit)) ? Limit : (int?)null;
            // Always a page size: without one the service may answer the whole listing as one page, held in memory at once.
            int pageSize = MyInvocation.BoundParameters.ContainsKey(nameof(PageSize)) ? PageSize : DefaultPageSize;
            if (limit.HasValue) pageSize = Math.Min(pageSize, limit.Value);
            var status = Status == null ? null : ExportJobStatus.Normalize(Status.Trim());
            var progress = new ProgressRecord(1, "Listing export jobs", "Reading the first page");
            bool progressShown = false;
            try
            {
                RunAsync(async bridge =>
                {
                    var pager = client.ListPages(pageSize, Offset, status);
                    int written = 0;
                    ExportJobPage page;
                    while ((page = await pager.NextAsync(bridge.CancellationToken).ConfigureAwait(false)) != null)
                    {
                        var jobs = page.Records.Where(job => job != null);
                        if (limit.HasValue) jobs = jobs.Take(limit.Value - written);
                        var batch = jobs.Select(job => (object)ToOutput(job)).ToList();
                        await bridge.WriteObjectsAsync(batch).ConfigureAwait(false);
                        written += batch.Count;
                        if (limit.HasValue && written >= limit.Value) break;
                        if (!pager.IsFinished)
                        {
                            // Progress only once the listing spans pages; a single page is too quick to need it.
                            progress.StatusDescription = $"Read {pager.PagesRead} pages, {written} jobs";
                            progressShown = true;
                            bridge.WriteProgress(progress);
                        }
                    }
                    // What was listed is right, so the listing is not an error; but it may be incomplete, which a warning says.
                    if (pager.StopReason != null) bridge.WriteWarning(pager.StopReason);
                });
            }
            catch (Exception ex) when (IsReportable(ex))
            {
                WriteError(ToErrorRecord(ex, (object)status ?? Offset, ErrorIds.ExportJobPageNotFound));
            }
            finally
            {
                if (progressShown) CompleteProgress(progress);
            }
        }

        private void CompleteProgress(ProgressRecord progress)
        {
            progress.RecordType = ProgressRecordType.Completed;
            try { WriteProgress(progress); }
            catch (PipelineStoppedException) { /* the pipeline is going away; nothing left to show */ }
        }
    }
}
