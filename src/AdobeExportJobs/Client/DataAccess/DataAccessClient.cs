using System.Globalization;
using System.Net.Http.Headers;
using AdobeExportJobs.Model;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// Adobe's Data Access API (<c>{platform}/data/foundation/export</c>) over the files an export job wrote: a batch's
    /// file sets, a file set's files, a file's size (HEAD) and its bytes (ranged GET streamed to a Stream). Every call
    /// goes through the session's <see cref="ExportJobsClient"/>: the same headers, token, retries, timeouts, refused
    /// redirects and scrubbing as the export-jobs calls. Links in answers are followed only on the session's platform.
    /// </summary>
    internal sealed class DataAccessClient
    {
        public const string ExportPath = "/data/foundation/export";

        /// <summary>Entries asked for per page (the platform's own default).</summary>
        public const int DefaultPageSize = 100;

        /// <summary>A listing longer than this many pages is taken for a server that pages in circles.</summary>
        internal const int MaxPages = 10_000;

        /// <summary>How deep file sets may nest in directories before the answer is taken as malformed.</summary>
        internal const int MaxDirectoryDepth = 4;

        /// <summary>How many dropped or short answers one range may have, each after progress, before the download gives up.</summary>
        internal const int MaxResumes = 1000;

        /// <summary>File sets whose details are read at once when a batch has many.</summary>
        internal const int DetailsInParallel = 4;

        private readonly ExportJobsClient _client;

        public DataAccessClient(ExportJobsClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            ExportRoot = EndpointPolicy.Append(client.Options.Endpoint, ExportPath);
        }

        /// <summary><c>{platform}/data/foundation/export</c>.</summary>
        public Uri ExportRoot { get; }

        /// <summary>The download URL of a file: <c>/files/{dataSetFileId}?path={name}</c>.</summary>
        public Uri FileUrl(string dataSetFileId, string name)
        {
            RequireId(dataSetFileId, nameof(dataSetFileId));
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("A file name is required.", nameof(name));
            return new Uri(ExportRoot + "/files/" + Uri.EscapeDataString(dataSetFileId) + "?path=" + Uri.EscapeDataString(name));
        }

        /// <summary>Every file set of a batch (<c>GET /batches/{batchId}/files</c>), page after page.</summary>
        public Task<IReadOnlyList<DataSetFileEntry>> ListBatchFilesAsync(string batchId, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default(CancellationToken))
        {
            RequireId(batchId, nameof(batchId));
            RequirePageSize(pageSize);
            var url = new Uri(ExportRoot + "/batches/" + Uri.EscapeDataString(batchId) + "/files");
            return _client.WithoutSecrets(() => ReadAllPagesAsync(url, pageSize, $"batch {batchId}", cancellationToken));
        }

        /// <summary>
        /// The details of a file set (<c>GET /files/{dataSetFileId}</c>), every page: file entries (name, length, a link
        /// that downloads it) or, for a directory, the file sets in it.
        /// </summary>
        public Task<IReadOnlyList<DataSetFileEntry>> GetFileDetailsAsync(string dataSetFileId, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default(CancellationToken))
        {
            RequireId(dataSetFileId, nameof(dataSetFileId));
            RequirePageSize(pageSize);
            return _client.WithoutSecrets(() => ReadAllPagesAsync(DetailsUrl(dataSetFileId), pageSize, $"file {dataSetFileId}", cancellationToken));
        }

        /// <summary>
        /// The files of a file set, looking into directories (at most <see cref="MaxDirectoryDepth"/> deep, each set once).
        /// Each file entry's <see cref="DataSetFileEntry.DataSetFileId"/> is the set that holds it.
        /// </summary>
        public Task<IReadOnlyList<DataSetFileEntry>> ListFilesAsync(string dataSetFileId, CancellationToken cancellationToken = default(CancellationToken))
        {
            RequireId(dataSetFileId, nameof(dataSetFileId));
            return _client.WithoutSecrets(async () =>
            {
                var files = new List<DataSetFileEntry>();
                await CollectFilesAsync(dataSetFileId, 0, new HashSet<string>(StringComparer.Ordinal), files, cancellationToken).ConfigureAwait(false);
                return (IReadOnlyList<DataSetFileEntry>)files;
            });
        }

        private async Task CollectFilesAsync(string dataSetFileId, int depth, HashSet<string> seen, List<DataSetFileEntry> files, CancellationToken cancellationToken)
        {
            if (!seen.Add(dataSetFileId)) return;
            var url = DetailsUrl(dataSetFileId);
            var entries = await ReadAllPagesAsync(url, DefaultPageSize, $"file {dataSetFileId}", cancellationToken).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                if (entry.IsFile)
                {
                    if (string.IsNullOrEmpty(entry.DataSetFileId)) entry.DataSetFileId = dataSetFileId;
                    files.Add(entry);
                }
                else if (!string.IsNullOrEmpty(entry.DataSetFileId))
                {
                    if (depth + 1 > MaxDirectoryDepth)
                        throw AepApiErrors.Malformed("GET", url, 200, $"its file sets nest more than {MaxDirectoryDepth} directories deep", null);
                    await CollectFilesAsync(entry.DataSetFileId, depth + 1, seen, files, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// The files of a SUCCEEDED job, batch by batch in the job's order (with the segment of per-segment batches), each
        /// with its download URL and the relative path Save-ExportJobFile writes it to. A job in any other state is an
        /// <see cref="ExportJobNotSucceededException"/>: it has no files to read.
        /// </summary>
        public Task<IReadOnlyList<ExportJobFile>> GetJobFilesAsync(ExportJobRecord job, CancellationToken cancellationToken = default(CancellationToken))
        {
            if (job == null) throw new ArgumentNullException(nameof(job));
            if (!ExportJobStatus.Is(job.Status, ExportJobStatus.Succeeded)) throw new ExportJobNotSucceededException(job);
            return _client.WithoutSecrets(() => ReadJobFilesAsync(job, cancellationToken));
        }

        /// <summary>Reads the job, then its files (see <see cref="GetJobFilesAsync(ExportJob, CancellationToken)"/>).</summary>
        public async Task<JobFiles> GetJobFilesAsync(long jobId, CancellationToken cancellationToken = default(CancellationToken))
        {
            var job = await _client.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
            return new JobFiles(job, await GetJobFilesAsync(job, cancellationToken).ConfigureAwait(false));
        }

        private async Task<IReadOnlyList<ExportJobFile>> ReadJobFilesAsync(ExportJobRecord job, CancellationToken cancellationToken)
        {
            var result = new List<ExportJobFile>();
            foreach (var batch in BatchesOf(job))
            {
                var sets = await ReadAllPagesAsync(new Uri(ExportRoot + "/batches/" + Uri.EscapeDataString(batch.BatchId) + "/files"), DefaultPageSize,
                    $"batch {batch.BatchId}", cancellationToken).ConfigureAwait(false);
                var setIds = sets.Select(s => s.DataSetFileId).Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal).ToList();
                var filesBySet = await ForEachInOrderAsync(setIds, id => CollectSetFilesAsync(id, cancellationToken), DetailsInParallel).ConfigureAwait(false);
                var files = new List<ExportJobFile>();
                for (int i = 0; i < setIds.Count; i++)
                {
                    foreach (var entry in filesBySet[i])
                    {
                        files.Add(new ExportJobFile
                        {
                            JobId = job.Id,
                            DatasetId = job.DatasetId,
                            BatchId = batch.BatchId,
                            SegmentId = batch.SegmentId,
                            SegmentNs = batch.SegmentNs,
                            DataSetFileId = entry.DataSetFileId,
                            Name = entry.Name,
                            Length = entry.Length,
                            DownloadUrl = DownloadUrlOf(entry),
                        });
                    }
                }
                ExportFileLayout.AssignPaths(files);
                result.AddRange(files);
            }
            return result;
        }

        private async Task<IReadOnlyList<DataSetFileEntry>> CollectSetFilesAsync(string dataSetFileId, CancellationToken cancellationToken)
        {
            var files = new List<DataSetFileEntry>();
            await CollectFilesAsync(dataSetFileId, 0, new HashSet<string>(StringComparer.Ordinal), files, cancellationToken).ConfigureAwait(false);
            return files;
        }

        /// <summary>The results of <paramref name="work"/> on each item, in the items' order, at most <paramref name="parallel"/> at a time.</summary>
        private static async Task<IReadOnlyList<T>[]> ForEachInOrderAsync<T>(IReadOnlyList<string> items, Func<string, Task<IReadOnlyList<T>>> work, int parallel)
        {
            var results = new IReadOnlyList<T>[items.Count];
            int next = -1;
            async Task Worker()
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < items.Count) results[i] = await work(items[i]).ConfigureAwait(false);
            }
            await Task.WhenAll(Enumerable.Range(0, Math.Min(parallel, items.Count)).Select(_ => Worker())).ConfigureAwait(false);
            return results;
        }

        private static IEnumerable<ExportBatch> BatchesOf(ExportJobRecord job)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var destination = job.Destination;
            if (!string.IsNullOrEmpty(destination?.BatchId) && seen.Add(destination.BatchId)) yield return new ExportBatch { BatchId = destination.BatchId };
            foreach (var batch in destination?.Batches ?? new List<ExportBatch>())
            {
                if (batch != null && !string.IsNullOrEmpty(batch.BatchId) && seen.Add(batch.BatchId)) yield return batch;
            }
        }

        /// <summary>The entry's own download link when it is one on this platform; else the URL made from its set and name.</summary>
        private Uri DownloadUrlOf(DataSetFileEntry entry)
        {
            var link = ResolveLink(entry.SelfHref);
            if (link != null && link.AbsolutePath.EndsWith("/files/" + Uri.EscapeDataString(entry.DataSetFileId), StringComparison.Ordinal) && link.Query.Contains("path="))
                return link;
            if (!string.IsNullOrEmpty(entry.SelfHref)) _client.Log($"The link of file '{entry.Name}' ({HttpLogFormatter.Redact(entry.SelfHref)}) is not a download link on this platform; using the file's own URL instead");
            return FileUrl(entry.DataSetFileId, entry.Name);
        }

        /// <summary>A file's size in bytes from <c>HEAD</c> (its Content-Length); null when the answer does not say.</summary>
        public Task<long?> GetFileLengthAsync(Uri fileUrl, CancellationToken cancellationToken = default(CancellationToken))
        {
            RequireFileUrl(fileUrl);
            return _client.WithoutSecrets(async () =>
            {
                var result = await _client.SendAsync(HttpMethod.Head, fileUrl, ExportJobsClient.NewRequestId(), cancellationToken, AcceptAnything).ConfigureAwait(false);
                if (!result.IsSuccess) throw AepApiErrors.Refused(result, Hint(result));
                return result.ContentLength;
            });
        }

        /// <summary>
        /// Writes bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="count"/>) of a file to
        /// <paramref name="target"/> (at its position, in order), asking for at most <paramref name="chunkSize"/> bytes per
        /// request (the platform cuts each answer after about 60 s). A connection that drops after some bytes is asked
        /// again from the first byte missing, in the same call; one that fails before any byte is retried like every call.
        /// <paramref name="fileLength"/>, when known, is checked against what the server says the file's size is.
        /// Reports each block written to <paramref name="progress"/>. Returns the bytes written (= count).
        /// </summary>
        public Task<long> DownloadAsync(Uri fileUrl, long offset, long count, long? fileLength, long chunkSize, Stream target,
            Action<long> progress = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            RequireFileUrl(fileUrl);
            if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset), offset, "The offset cannot be negative.");
            if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "The count cannot be negative.");
            if (chunkSize < 1) throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "The chunk size must be at least 1 byte.");
            if (fileLength.HasValue && offset + count > fileLength.Value)
                throw new ArgumentOutOfRangeException(nameof(count), count, $"Bytes {offset}-{offset + count - 1} lie past the end of a file of {fileLength} bytes.");
            if (target == null) throw new ArgumentNullException(nameof(target));
            return _client.WithoutSecrets(() => TransferAsync(fileUrl, offset, count, fileLength, chunkSize, target, progress, cancellationToken));
        }

        private async Task<long> TransferAsync(Uri url, long offset, long count, long? fileLength, long chunkSize, Stream target, Action<long> progress, CancellationToken cancellationToken)
        {
            long done = 0;
            int resumes = 0;
            long end = offset + count - 1;
            while (done < count)
            {
                long from = offset + done;
                long chunkEnd = Math.Min(end, from + chunkSize - 1);
                // A whole file that fits one chunk is asked for plainly; anything else names its range.
                bool whole = from == 0 && fileLength.HasValue && chunkEnd == fileLength.Value - 1;
                var transfer = new RangeTransfer(url, ExportJobsClient.NewRequestId(), from, whole ? (long?)null : chunkEnd, end, fileLength, target, progress, cancellationToken);
                var result = await _client.SendAsync(HttpMethod.Get, url, transfer.RequestId, cancellationToken, transfer.Prepare, transfer.ReadAsync).ConfigureAwait(false);
                if (!result.IsSuccess) throw AepApiErrors.Refused(result, Hint(result, from));
                if (transfer.Written == 0)
                    throw AepApiErrors.Malformed("GET", url, result.StatusCode, $"it carried none of bytes {from}-{chunkEnd}", null, transfer.RequestId);
                done += transfer.Written;
                if (!transfer.EndedEarly || done >= count) continue;
                if (++resumes > MaxResumes)
                    throw AepApiErrors.KeptEndingEarly(url, transfer.RequestId, resumes, transfer.EndReason, done, count);
                _client.Log($"GET {HttpLogFormatter.FormatUrl(url)} ended after {transfer.Written} bytes ({transfer.EndReason}); asking again from byte {offset + done}");
            }
            return done;
        }

        /// <summary>Any media type: a file download is not JSON.</summary>
        internal static void AcceptAnything(HttpRequestMessage request)
        {
            request.Headers.Accept.Clear();
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        }

        /// <summary>
        /// Every entry of a paged listing. The server's <c>_links.next</c> is followed when it points at this platform's
        /// Data Access API; without one, the next page is asked for with <c>start</c> while a page comes back full (or
        /// <c>_page.count</c> says more follow). Bounded: a page that brings nothing new, or a link back to a page read,
        /// ends the listing as a malformed answer.
        /// </summary>
        private async Task<IReadOnlyList<DataSetFileEntry>> ReadAllPagesAsync(Uri baseUrl, int pageSize, string what, CancellationToken cancellationToken)
        {
            var entries = new List<DataSetFileEntry>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            var visited = new HashSet<string>(StringComparer.Ordinal);
            var url = WithPaging(baseUrl, 0, pageSize);
            for (int pages = 0; ; pages++)
            {
                if (pages == MaxPages) throw AepApiErrors.Malformed("GET", url, 200, $"the listing of {what} goes on past {MaxPages} pages", null);
                visited.Add(url.AbsoluteUri);
                var page = await ReadPageAsync(url, what, cancellationToken).ConfigureAwait(false);
                var data = page.Data.Where(e => e != null).ToList();
                int added = 0;
                foreach (var entry in data)
                {
                    if (keys.Add(entry.DataSetFileId + "\n" + entry.Name))
                    {
                        entries.Add(entry);
                        added++;
                    }
                }
                if (data.Count > 0 && added == 0) throw AepApiErrors.Malformed("GET", url, 200, "the page repeats entries of an earlier page", null);
                var next = ResolveLink(page.Links?.Next?.Href);
                if (next != null && data.Count > 0)
                {
                    if (visited.Contains(next.AbsoluteUri)) throw AepApiErrors.Malformed("GET", url, 200, "its next link points back to a page already read", null);
                    url = next;
                    continue;
                }
                int limit = page.Page?.Limit > 0 ? page.Page.Limit.Value : pageSize;
                bool more = data.Count > 0 && (data.Count >= limit || page.Page?.Count > entries.Count);
                if (!more) return entries;
                url = WithPaging(baseUrl, entries.Count, pageSize);
            }
        }

        private async Task<DataSetFilePage> ReadPageAsync(Uri url, string what, CancellationToken cancellationToken)
        {
            var result = await _client.SendAsync(HttpMethod.Get, url, ExportJobsClient.NewRequestId(), cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess) throw AepApiErrors.Refused(result, Hint(result, what: what));
            if (string.IsNullOrWhiteSpace(result.Body)) throw AepApiErrors.Malformed(result, "it is not a Data Access listing (empty)", null);
            DataSetFilePage page;
            try
            {
                var token = AepJson.ParseToken(result.Body);
                if (!(token is JObject)) throw AepApiErrors.Malformed(result, "it is not a Data Access listing (not a JSON object)", null);
                page = AepJson.ToModel<DataSetFilePage>(token);
            }
            catch (JsonException ex)
            {
                throw AepApiErrors.Malformed(result, $"it is not a Data Access listing ({ex.Message})", ex);
            }
            if (page?.Data == null) throw AepApiErrors.Malformed(result, "it has no \"data\" array", null);
            return page;
        }

        private string Hint(HttpCallResult result, long? from = null, string what = null)
        {
            if (result.StatusCode == 404 && what != null) return $"No {what} in sandbox '{_client.Options.Sandbox}' (its job may not have succeeded, or it belongs to another sandbox)";
            if (result.StatusCode == 404) return $"No such file in sandbox '{_client.Options.Sandbox}'";
            if (result.StatusCode == 416 && from.HasValue) return $"The file has no byte {from}: it is shorter than expected and may have changed on the server";
            return ErrorHints.For(result, _client.Options);
        }

        /// <summary>
        /// The URL a link from an answer points to, when it is on this session's platform and under the Data Access API;
        /// null for anything else (another host, another scheme, another API), which is never called.
        /// </summary>
        internal Uri ResolveLink(string href)
        {
            if (string.IsNullOrWhiteSpace(href)) return null;
            href = href.Trim();
            Uri url;
            if (Uri.TryCreate(href, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttps || absolute.Scheme == Uri.UriSchemeHttp))
            {
                if (Uri.Compare(absolute, _client.Options.Endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0) return null;
                url = absolute;
            }
            else if (href.StartsWith("/", StringComparison.Ordinal) && !href.StartsWith("//", StringComparison.Ordinal))
            {
                url = new Uri(_client.Options.Endpoint.GetLeftPart(UriPartial.Authority) + href);
            }
            else
            {
                return null;
            }
            if (!string.IsNullOrEmpty(url.UserInfo) || !string.IsNullOrEmpty(url.Fragment)) return null;
            return url.AbsolutePath.StartsWith(ExportRoot.AbsolutePath + "/", StringComparison.Ordinal) ? url : null;
        }

        private void RequireFileUrl(Uri fileUrl)
        {
            if (fileUrl == null) throw new ArgumentNullException(nameof(fileUrl));
            if (ResolveLink(fileUrl.IsAbsoluteUri ? fileUrl.AbsoluteUri : fileUrl.OriginalString) == null)
                throw new ArgumentException($"'{HttpLogFormatter.FormatUrl(fileUrl)}' is not a Data Access URL of this session's platform ({ExportRoot}/...); nothing is sent anywhere else.", nameof(fileUrl));
        }

        private Uri DetailsUrl(string dataSetFileId) => new Uri(ExportRoot + "/files/" + Uri.EscapeDataString(dataSetFileId));

        private static Uri WithPaging(Uri baseUrl, int start, int limit)
        {
            var query = (start > 0 ? "start=" + start.ToString(CultureInfo.InvariantCulture) + "&" : string.Empty) + "limit=" + limit.ToString(CultureInfo.InvariantCulture);
            return new Uri(baseUrl.AbsoluteUri + (string.IsNullOrEmpty(baseUrl.Query) ? "?" : "&") + query);
        }

        private static void RequireId(string id, string name)
        {
            if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException($"The {name} is empty.", name);
        }

        private static void RequirePageSize(int pageSize)
        {
            if (pageSize < 1) throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "The page size must be at least 1.");
        }
    }
}
