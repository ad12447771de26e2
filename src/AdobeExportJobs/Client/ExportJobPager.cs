using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// Walks the job list page by page, following <c>link.next</c>. Pull-based: a page is requested only when
    /// <see cref="NextAsync"/> is called, so a consumer that stops early stops the paging.
    /// A listing always ends: a next link that leads back to a cursor already read (A→B→A, or the same offset with other
    /// query parameters), or a page that adds no job not listed before, ends it, and <see cref="StopReason"/> says why.
    /// A job listed before is not returned again.
    /// </summary>
    internal sealed class ExportJobPager
    {
        private readonly ExportJobsClient _client;
        private readonly HashSet<string> _cursorsRead = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<long> _jobsListed = new HashSet<long>();
        private Uri _next;

        internal ExportJobPager(ExportJobsClient client, Uri first)
        {
            _client = client;
            _next = first;
            _cursorsRead.Add(CursorOf(first));
        }

        public int PagesRead { get; private set; }

        public bool IsFinished => _next == null;

        /// <summary>
        /// Why the listing ended before the service said it was complete (a repeating cursor, a page of jobs already
        /// listed, a next link off this platform); null while it goes on and after a normal last page.
        /// </summary>
        public string StopReason { get; private set; }

        /// <summary>The next page, or null after the last one. Jobs already listed by earlier pages are left out of it.</summary>
        public Task<ExportJobPage> NextAsync(CancellationToken cancellationToken = default(CancellationToken)) =>
            NextAsync(null, cancellationToken);

        /// <summary>
        /// The next page, asking for at most <paramref name="mostJobs"/> jobs when that is fewer than its link asks for (a
        /// caller that needs only the first few jobs of it); null after the last page.
        /// </summary>
        public async Task<ExportJobPage> NextAsync(int? mostJobs, CancellationToken cancellationToken = default(CancellationToken))
        {
            if (_next == null) return null;
            var current = _next;
            var url = mostJobs.HasValue ? ExportJobsUrls.WithAtMost(current, mostJobs.Value) : current;
            var page = await _client.GetPageAsync(url, cancellationToken).ConfigureAwait(false);
            PagesRead++;
            _next = null;
            if (page.Records.Count == 0) return page;

            var fresh = page.Records.Where(job => job != null && _jobsListed.Add(job.Id)).ToList();
            if (fresh.Count == 0)
            {
                Stop($"the page {HttpLogFormatter.FormatUrl(current)} holds only jobs already listed");
                return null;
            }
            if (fresh.Count < page.Records.Count)
            {
                _client.Log($"Left out {page.Records.Count - fresh.Count} jobs of {HttpLogFormatter.FormatUrl(current)} that earlier pages already listed");
                page.Records = fresh;
            }
            _next = NextOf(page);
            return page;
        }

        private Uri NextOf(ExportJobPage page)
        {
            var link = page.NextLink;
            if (link == null) return null;
            var next = _client.ResolveLink(link);
            if (next == null)
            {
                Stop($"the next-page link '{HttpLogFormatter.Redact(link)}' is not an export-jobs link on this platform, so it was not followed");
                return null;
            }
            if (!_cursorsRead.Add(CursorOf(next)))
            {
                Stop($"the next-page link '{HttpLogFormatter.Redact(link)}' leads back to a page already read");
                return null;
            }
            return next;
        }

        private void Stop(string why)
        {
            StopReason = $"The listing stopped after {PagesRead} {(PagesRead == 1 ? "page" : "pages")} and {_jobsListed.Count} jobs: {why}. "
                + "The service's paging is inconsistent; jobs after this point, if any, were not listed.";
            _client.Log(StopReason);
        }

        /// <summary>
        /// What identifies a page: its offset (the service's cursor) whatever other query parameters come with it, or,
        /// for a link without one, its path and sorted query.
        /// </summary>
        internal static string CursorOf(Uri url)
        {
            var query = url.Query.TrimStart('?').Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split(new[] { '=' }, 2))
                .Select(pair => (Name: Unescape(pair[0]), Value: pair.Length > 1 ? Unescape(pair[1]) : string.Empty))
                .ToList();
            var offset = query.Where(p => string.Equals(p.Name, "offset", StringComparison.OrdinalIgnoreCase)).Select(p => p.Value).FirstOrDefault();
            if (offset != null) return "offset=" + offset;
            return url.AbsolutePath.TrimEnd('/') + "?" + string.Join("&", query.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).Select(p => p.Name + "=" + p.Value));
        }

        private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
    }
}
