using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>A stream of jobs, newest first, read from the service only as far as it is consumed.</summary>
    internal interface IExportJobStream
    {
        /// <summary>The next job, or null at the end. Sends a request only when no job is left in memory.</summary>
        Task<ExportJobRecord> NextAsync(CancellationToken cancellationToken);

        /// <summary>True when <see cref="NextAsync"/> can answer without a request (a job is in memory, or the end is known).</summary>
        bool IsReadyWithoutRequest { get; }

        /// <summary>True once every page was read and the service's paging ended normally: what was listed is all there is.</summary>
        bool IsComplete { get; }

        /// <summary>Pages read so far.</summary>
        int PagesRead { get; }
    }

    /// <summary>
    /// One listing of the service (one status, or all), job by job over <see cref="ExportJobPager"/>. Before each request
    /// it asks <see cref="_mostJobsNext"/> how many jobs it may still be asked for, so the last page asks for no more than
    /// that.
    /// </summary>
    internal sealed class ExportJobListing : IExportJobStream
    {
        private readonly ExportJobPager _pager;
        private readonly Func<int?> _mostJobsNext;
        private readonly Queue<ExportJobRecord> _read = new Queue<ExportJobRecord>();

        /// <param name="pager">The pages, from their first.</param>
        /// <param name="mostJobsNext">The most jobs the next request needs to ask for (at least 1), or null to follow the links as they are.</param>
        /// <param name="status">The status this listing is filtered on (null for all), to say which listing failed.</param>
        public ExportJobListing(ExportJobPager pager, Func<int?> mostJobsNext = null, string status = null)
        {
            _pager = pager ?? throw new ArgumentNullException(nameof(pager));
            _mostJobsNext = mostJobsNext ?? (() => null);
            Status = status;
        }

        public string Status { get; }

        public int PagesRead => _pager.PagesRead;

        /// <summary>Why the listing ended before the service said it was complete; see <see cref="ExportJobPager.StopReason"/>.</summary>
        public string StopReason => _pager.StopReason;

        public bool IsReadyWithoutRequest => _read.Count > 0 || _pager.IsFinished;

        public bool IsComplete => _pager.IsFinished && _pager.StopReason == null;

        public async Task<ExportJobRecord> NextAsync(CancellationToken cancellationToken)
        {
            while (_read.Count == 0)
            {
                if (_pager.IsFinished) return null;
                var page = await _pager.NextAsync(_mostJobsNext(), cancellationToken).ConfigureAwait(false);
                if (page == null) return null;
                foreach (var job in page.Records.Where(job => job != null)) _read.Enqueue(job);
            }
            return _read.Dequeue();
        }
    }
}
