using System.Management.Automation;
using AdobeExportJobs.Client;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    [Cmdlet(VerbsCommon.Get, "ExportJob", DefaultParameterSetName = ListSet, SupportsPaging = true, HelpUri = OnlineHelp.Root + "Get-ExportJob.md")]
    [OutputType(typeof(ExportJob))]
    public sealed class GetExportJobCommand : AepSessionCmdlet
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";

        /// <summary>Jobs per request when -PageSize is not given (fewer when -First, -Skip and -Limit need fewer).</summary>
        internal const int DefaultPageSize = 100;

        private JobPaging _paging;

        /// <summary>Job ids; from the pipeline as numbers or as objects with an Id (or JobId) property.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("JobId")]
        [ArgumentCompleter(typeof(ExportJobIdCompleter))]
        [ValidateRange(1, long.MaxValue)]
        public long[] Id { get; set; }

        /// <summary>
        /// Only jobs with these statuses: NEW, PROCESSING, SUCCEEDED, FAILED, CANCELLED, or any status the service knows.
        /// Several statuses give one stream, newest first.
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        [ArgumentCompleter(typeof(ExportJobStatusCompleter))]
        [ValidateStatusWord]
        public string[] Status { get; set; }

        /// <summary>The same as -First (its name in earlier versions): the most jobs to return in all.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, int.MaxValue)]
        public int Limit { get; set; }

        /// <summary>Where to start: the opaque page offset of the service (e.g. 1538573416687_722).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotWhiteSpace]
        public string Offset { get; set; }

        /// <summary>Jobs per request (the API's limit parameter); default 100, or fewer when -First and -Skip need fewer.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, int.MaxValue)]
        public int PageSize { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            int? limit = MyInvocation.BoundParameters.ContainsKey(nameof(Limit)) ? Limit : (int?)null;
            _paging = new JobPaging(PagingParameters, limit);
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet) GetById();
            else List();
        }

        protected override void EndProcessing()
        {
            // A listing writes its total itself; jobs by id are counted over the whole pipeline input.
            if (ParameterSetName == ByIdSet && PagingParameters.IncludeTotalCount) WriteTotal(_paging.TotalOfIds);
            base.EndProcessing();
        }

        private void GetById()
        {
            var client = Client;
            foreach (var id in Id)
            {
                if (_paging.IsSatisfied)
                {
                    _paging.IdsNotRead++;
                    continue;
                }
                ExportJobRecord job;
                try
                {
                    job = RunAsync(bridge => client.GetAsync(id, bridge.CancellationToken));
                }
                catch (Exception ex) when (IsReportable(ex))
                {
                    WriteError(ToErrorRecord(ex, id, ErrorIds.ExportJobNotFound));
                    continue;
                }
                if (_paging.Take()) WriteObject(ToOutput(job));
            }
        }

        private void List()
        {
            // The session first, so -First 0 without one fails as any listing would.
            var client = Client;
            if (_paging.IsSatisfied)
            {
                // -First 0: nothing to list, so nothing is sent.
                if (PagingParameters.IncludeTotalCount) WriteTotal(null);
                return;
            }
            // Always a page size: without one the service may answer the whole listing as one page, held in memory at once.
            int pageSize = MyInvocation.BoundParameters.ContainsKey(nameof(PageSize)) ? PageSize : DefaultPageSize;
            pageSize = _paging.PageSizeFor(pageSize);
            // The API filters on one status per request: one listing per status, merged newest first.
            var statuses = Status == null
                ? new string[] { null }
                : Status.Select(status => ExportJobStatus.Normalize(status.Trim())).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            var listings = statuses.Select(status => new ExportJobListing(client.ListPages(pageSize, Offset, status), _paging.MostJobsStillNeeded, status)).ToList();
            var jobs = new MergedJobStream(listings);
            var progress = new ProgressRecord(1, "Listing export jobs", "Reading the first page");
            bool progressShown = false;
            long? total = null;
            try
            {
                total = RunAsync(async bridge =>
                {
                    var batch = new List<object>();
                    while (!_paging.IsSatisfied)
                    {
                        if (!jobs.IsReadyWithoutRequest && jobs.PagesRead > 0)
                        {
                            // Before the next request: what was read goes downstream first, so a consumer that stops
                            // (Select-Object -First, a break) stops the paging.
                            await bridge.WriteObjectsAsync(batch).ConfigureAwait(false);
                            batch.Clear();
                            // Progress only once the listing spans pages; a single page is too quick to need it.
                            progress.StatusDescription = $"Read {jobs.PagesRead} pages, {_paging.Written} jobs";
                            progressShown = true;
                            bridge.WriteProgress(progress);
                        }
                        var job = await jobs.NextAsync(bridge.CancellationToken).ConfigureAwait(false);
                        if (job == null) break;
                        if (_paging.Take()) batch.Add(ToOutput(job));
                    }
                    await bridge.WriteObjectsAsync(batch).ConfigureAwait(false);
                    // What was listed is right, so the listing is not an error; but it may be incomplete, which a warning says.
                    foreach (var listing in listings.Where(listing => listing.StopReason != null)) bridge.WriteWarning(listing.StopReason);
                    return await CountAllAsync(jobs, bridge.CancellationToken).ConfigureAwait(false);
                });
            }
            catch (Exception ex) when (IsReportable(ex))
            {
                var failed = jobs.Failed as ExportJobListing;
                WriteError(ToErrorRecord(ex, (object)failed?.Status ?? Offset, ErrorIds.ExportJobPageNotFound));
                return;
            }
            finally
            {
                if (progressShown) CompleteProgress(progress);
            }
            if (PagingParameters.IncludeTotalCount) WriteTotal(total);
        }

        /// <summary>
        /// How many jobs the listing holds in all, when every page of it was read (the service reports no total, so it is
        /// known only then); null otherwise. Reads no more pages: the jobs left to count are those already in memory.
        /// </summary>
        private async Task<long?> CountAllAsync(IExportJobStream jobs, CancellationToken cancellationToken)
        {
            if (!PagingParameters.IncludeTotalCount || !jobs.IsComplete) return null;
            long total = _paging.Consumed;
            while (await jobs.NextAsync(cancellationToken).ConfigureAwait(false) != null) total++;
            return total;
        }

        /// <summary>-IncludeTotalCount's object, after the jobs: the exact total, or PowerShell's "unknown total count".</summary>
        private void WriteTotal(long? total) =>
            WriteObject(total.HasValue ? PagingParameters.NewTotalCount((ulong)total.Value, 1.0) : PagingParameters.NewTotalCount(0, 0.0));

        private void CompleteProgress(ProgressRecord progress)
        {
            progress.RecordType = ProgressRecordType.Completed;
            try { WriteProgress(progress); }
            catch (PipelineStoppedException) { /* the pipeline is going away; nothing left to show */ }
        }
    }
}
