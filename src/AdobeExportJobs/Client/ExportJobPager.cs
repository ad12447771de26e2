using System;
using System.Threading;
using System.Threading.Tasks;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// Walks the job list page by page, following <c>link.next</c>. Pull-based: a page is requested only when
    /// <see cref="NextAsync"/> is called, so a consumer that stops early stops the paging.
    /// </summary>
    public sealed class ExportJobPager
    {
        private readonly ExportJobsClient _client;
        private Uri _next;

        internal ExportJobPager(ExportJobsClient client, Uri first)
        {
            _client = client;
            _next = first;
        }

        public int PagesRead { get; private set; }

        public bool IsFinished => _next == null;

        /// <summary>The next page, or null after the last one.</summary>
        public async Task<ExportJobPage> NextAsync(CancellationToken cancellationToken = default(CancellationToken))
        {
            if (_next == null) return null;
            var current = _next;
            var page = await _client.GetPageAsync(current, cancellationToken).ConfigureAwait(false);
            PagesRead++;
            _next = NextOf(page, current);
            return page;
        }

        private Uri NextOf(ExportJobPage page, Uri current)
        {
            var link = page.NextLink;
            if (link == null) return null;
            if (page.Records == null || page.Records.Count == 0) return null;
            var next = _client.ResolveLink(link);
            if (next == null)
            {
                _client.Log($"Not following the next-page link '{link}': it is not an export-jobs link on this platform");
                return null;
            }
            if (next == current)
            {
                _client.Log($"Not following the next-page link '{link}': it points to the page just read");
                return null;
            }
            return next;
        }
    }
}
