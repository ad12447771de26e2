using System.Net.Http.Headers;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// One GET of a range, streamed to the target. The sender calls <see cref="ReadAsync"/> for a 2xx answer; a failure
    /// before the first byte is thrown as a dropped connection (the sender retries it), one after it ends the answer
    /// early (the caller asks again from where it stopped, without waiting).
    /// </summary>
    internal sealed class RangeTransfer
    {
        private const int CopyBufferBytes = 128 * 1024;

        private readonly Uri _url;
        private readonly long _from;
        private readonly long? _to;
        private readonly long _end;
        private readonly long? _fileLength;
        private readonly Stream _target;
        private readonly Action<long> _progress;
        private readonly CancellationToken _stop;

        public RangeTransfer(Uri url, string requestId, long from, long? to, long end, long? fileLength, Stream target, Action<long> progress, CancellationToken stop)
        {
            _url = url;
            RequestId = requestId;
            _from = from;
            _to = to;
            _end = end;
            _fileLength = fileLength;
            _target = target;
            _progress = progress;
            _stop = stop;
        }

        public string RequestId { get; }

        /// <summary>Bytes written by the answer that counted (a failed attempt before it wrote none).</summary>
        public long Written { get; private set; }

        /// <summary>The answer stopped before all it was asked for; <see cref="EndReason"/> says how.</summary>
        public bool EndedEarly { get; private set; }

        public string EndReason { get; private set; }

        public void Prepare(HttpRequestMessage request)
        {
            DataAccessClient.AcceptAnything(request);
            if (_to.HasValue || _from > 0) request.Headers.Range = new RangeHeaderValue(_from, _to);
        }

        public async Task ReadAsync(HttpResponseMessage response, CancellationToken attempt)
        {
            int status = (int)response.StatusCode;
            long skip = 0;
            long wanted;
            var declaredLength = response.Content?.Headers.ContentLength;
            if (status == 206)
            {
                var range = response.Content?.Headers.ContentRange;
                if (range == null || !range.HasRange || range.From != _from || range.To < range.From)
                    throw AepApiErrors.Malformed("GET", _url, status, $"it answers {(range == null ? "no Content-Range" : "Content-Range '" + range + "'")} to a request for bytes {_from}-{_to}", null, RequestId);
                if (range.HasLength && _fileLength.HasValue && range.Length != _fileLength)
                    throw Changed(status, range.Length.Value);
                wanted = Math.Min(_to ?? _end, range.To.Value) - _from + 1;
            }
            else if (status == 200)
            {
                // The server sent the whole file (it ignores Range): skip to where this range starts, then read on to
                // the end of what is wanted, past this chunk, rather than ask for the same whole file chunk after chunk.
                if (declaredLength.HasValue && _fileLength.HasValue && declaredLength != _fileLength) throw Changed(status, declaredLength.Value);
                skip = _from;
                wanted = _end - _from + 1;
            }
            else
            {
                throw AepApiErrors.Malformed("GET", _url, status, "a download answers 200 or 206", null, RequestId);
            }

            var buffer = new byte[CopyBufferBytes];
            using (var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            {
                while (skip > 0)
                {
                    int read = await body.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, skip), attempt).ConfigureAwait(false);
                    if (read == 0) throw new IOException($"The answer ended after {_from - skip} of the {_from} bytes before the range.");
                    skip -= read;
                }
                while (Written < wanted)
                {
                    int read;
                    try
                    {
                        read = await body.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, wanted - Written), attempt).ConfigureAwait(false);
                    }
                    catch (Exception dropped) when (Written > 0 && !_stop.IsCancellationRequested && IsDrop(dropped))
                    {
                        EndEarly(attempt.IsCancellationRequested ? "the request timed out" : "connection dropped: " + dropped.Message);
                        return;
                    }
                    if (read == 0)
                    {
                        if (Written == 0) throw new IOException("The answer ended before its first byte.");
                        EndEarly($"the answer ended after {Written} of {wanted} bytes");
                        return;
                    }
                    try
                    {
                        await _target.WriteAsync(buffer, 0, read, _stop).ConfigureAwait(false);
                    }
                    catch (IOException disk)
                    {
                        throw new DownloadTargetException(disk);
                    }
                    Written += read;
                    _progress?.Invoke(read);
                }
            }
            // A server whose answer is shorter than asked (but complete in itself) is asked for the rest.
            long asked = (_to ?? _end) - _from + 1;
            if (Written < asked) EndEarly($"the server sent {Written} of the {asked} bytes asked for");
        }

        private void EndEarly(string reason)
        {
            EndedEarly = true;
            EndReason = reason;
        }

        private static bool IsDrop(Exception exception) =>
            exception is IOException || exception is HttpRequestException || exception is ObjectDisposedException || exception is OperationCanceledException;

        private AepApiException Changed(int status, long serverLength) =>
            AepApiErrors.Malformed("GET", _url, status,
                $"the file now has {serverLength} bytes, not the {_fileLength} its details gave; it changed on the server, so the bytes already saved may not belong to it", null, RequestId);
    }
}
