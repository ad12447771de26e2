using System.Globalization;

namespace AdobeExportJobs.Client
{
    /// <summary>The export-jobs URLs of one platform endpoint: the list, one job, and where a <c>link.next</c> may lead.</summary>
    internal sealed class ExportJobsUrls
    {
        public const string JobsPath = "/data/core/ups/export/jobs";

        private readonly Uri _platform;
        private readonly Uri _serviceRoot;

        public ExportJobsUrls(Uri platform)
        {
            _platform = platform;
            Jobs = EndpointPolicy.Append(platform, JobsPath);
            _serviceRoot = EndpointPolicy.Append(platform, "/data/core/ups");
        }

        /// <summary><c>{platform}/data/core/ups/export/jobs</c>.</summary>
        public Uri Jobs { get; }

        public Uri Job(long id) => new Uri(Jobs + "/" + id.ToString(CultureInfo.InvariantCulture));

        public Uri List(int? limit, string offset, string status)
        {
            if (limit.HasValue && limit.Value < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "The page size must be at least 1.");
            var query = new List<string>();
            if (limit.HasValue) query.Add("limit=" + limit.Value.ToString(CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(offset)) query.Add("offset=" + Uri.EscapeDataString(offset));
            if (!string.IsNullOrEmpty(status)) query.Add("status=" + Uri.EscapeDataString(status));
            return new Uri(Jobs + (query.Count > 0 ? "?" + string.Join("&", query) : string.Empty));
        }

        /// <summary>
        /// <paramref name="url"/> asking for at most <paramref name="mostJobs"/> jobs: its <c>limit</c> lowered to it, or
        /// added when it has none; unchanged when its limit is already as small. The cursor and other parameters stay as the
        /// service wrote them.
        /// </summary>
        public static Uri WithAtMost(Uri url, int mostJobs)
        {
            if (mostJobs < 1) throw new ArgumentOutOfRangeException(nameof(mostJobs), mostJobs, "A page must ask for at least 1 job.");
            var wanted = "limit=" + mostJobs.ToString(CultureInfo.InvariantCulture);
            var pairs = url.Query.TrimStart('?').Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries).ToList();
            int index = pairs.FindIndex(pair => pair.StartsWith("limit=", StringComparison.OrdinalIgnoreCase));
            if (index < 0) pairs.Add(wanted);
            else if (int.TryParse(pairs[index].Substring("limit=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit <= mostJobs) return url;
            else pairs[index] = wanted;
            return new UriBuilder(url) { Query = string.Join("&", pairs) }.Uri;
        }

        /// <summary>The URL a <c>link.next</c> value points to, or null when it is not a usable export-jobs link.</summary>
        public Uri ResolveLink(string link)
        {
            if (string.IsNullOrWhiteSpace(link)) return null;
            link = link.Trim();
            if (Uri.TryCreate(link, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttps || absolute.Scheme == Uri.UriSchemeHttp))
            {
                // Never send the session's token to another host because a server answer said so.
                if (Uri.Compare(absolute, _platform, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0) return null;
                return absolute.AbsolutePath.Contains("/export/jobs") ? absolute : null;
            }
            if (!link.StartsWith("/", StringComparison.Ordinal)) return null;
            var path = link.Split('?')[0];
            if (!path.Contains("/export/jobs")) return null;
            var root = path.StartsWith("/data/", StringComparison.Ordinal) ? _platform : _serviceRoot;
            return new Uri(root.ToString().TrimEnd('/') + link);
        }
    }
}
