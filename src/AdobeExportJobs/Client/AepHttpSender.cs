using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// Sends calls over the session's one HttpClient with a per-request timeout, retries, and a log line per attempt.
    /// Knows nothing about tokens or the export-jobs API; the client and the token provider build on it.
    /// </summary>
    internal sealed class AepHttpSender
    {
        private readonly HttpClient _http;
        private readonly RetryPolicy _retry;
        private readonly TimeSpan _requestTimeout;
        private readonly Action<HttpLogEntry> _defaultLog;
        private readonly RetryClock _clock;
        private readonly long _maxResponseBytes;

        public AepHttpSender(HttpClient http, RetryPolicy retry, TimeSpan requestTimeout, Action<HttpLogEntry> defaultLog, RetryClock clock = null,
            long maxResponseBytes = ExportJobsClientOptions.DefaultMaxResponseBytes)
        {
            _maxResponseBytes = maxResponseBytes;
            _clock = clock ?? RetryClock.Real;
            _http = http;
            _retry = retry;
            _requestTimeout = requestTimeout;
            _defaultLog = defaultLog;
        }

        public RetryPolicy Retry => _retry;

        /// <summary>The session's own secrets and tokens, scrubbed by value from every log line and every error.</summary>
        public SecretScrubber Secrets { get; } = new SecretScrubber();

        public void Log(HttpLogLevel level, string message) => HttpLogScope.Write(new HttpLogEntry(level, Secrets.Scrub(message)), _defaultLog);

        private bool Logs(HttpLogLevel level) => HttpLogScope.IsEnabled(level, _defaultLog);

        /// <summary>Starts the clock of one logical call, to share its retry budget among the sends it makes (a 401 repeats the call).</summary>
        public Func<TimeSpan> StartCallTimer() => _clock.StartTimer();

        public async Task<HttpCallResult> SendAsync(HttpCallSpec spec, CancellationToken cancellationToken)
        {
            var elapsed = spec.CallTimer ?? _clock.StartTimer();
            int retries = 0;
            bool mayHaveBeenProcessed = false;
            bool budgetEnded = false;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var attempt = Stopwatch.StartNew();
                var outcome = await AttemptAsync(spec, cancellationToken).ConfigureAwait(false);
                var elapsedMs = attempt.Elapsed.TotalMilliseconds;

                if (outcome.Result != null)
                {
                    var result = outcome.Result;
                    result.Retries = retries;
                    result.EarlierAttemptMayHaveBeenProcessed = mayHaveBeenProcessed;
                    if (outcome.OversizedAt.HasValue)
                    {
                        Log(HttpLogLevel.Verbose, HttpLogFormatter.FormatCall(spec.Method.Method, spec.Url, result.StatusCode, result.ReasonPhrase, elapsedMs, spec.RequestId, "answer too large, not read further"));
                        throw TooLarge(spec, result, outcome.OversizedAt.Value, outcome.OversizeAnnounced, mayHaveBeenProcessed);
                    }
                    if (result.IsRedirect || outcome.RedirectFollowed)
                    {
                        Log(HttpLogLevel.Verbose, HttpLogFormatter.FormatCall(spec.Method.Method, spec.Url, result.StatusCode, result.ReasonPhrase, elapsedMs, spec.RequestId, "redirect not followed"));
                        throw Redirected(spec, result, outcome.RedirectFollowed, mayHaveBeenProcessed);
                    }
                    bool mayRetry = RetryPolicy.IsRetryableStatus(result.StatusCode) && (spec.Idempotent || RetryPolicy.SaysNotProcessed(result.StatusCode));
                    bool lastWait = false;
                    var delay = mayRetry && !budgetEnded ? _retry.NextDelay(retries + 1, elapsed(), result.RetryAfter, out lastWait) : null;
                    if (delay.HasValue)
                    {
                        budgetEnded = lastWait;
                        retries++;
                        if (!RetryPolicy.SaysNotProcessed(result.StatusCode)) mayHaveBeenProcessed = true;
                        Log(HttpLogLevel.Verbose, HttpLogFormatter.FormatCall(spec.Method.Method, spec.Url, result.StatusCode, result.ReasonPhrase, elapsedMs, spec.RequestId,
                            RetryNote(retries, delay.Value, result.RetryAfter)));
                        await _clock.Delay(delay.Value, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    result.RetryTime = elapsed();
                    if (mayRetry) result.RetriesEnded = _retry.WhyStopped(retries, result.RetryTime, budgetEnded);
                    if (Logs(HttpLogLevel.Verbose)) Log(HttpLogLevel.Verbose, HttpLogFormatter.FormatCall(spec.Method.Method, spec.Url, result.StatusCode, result.ReasonPhrase, elapsedMs, spec.RequestId,
                        retries > 0 ? JoinNotes($"after {retries} {(retries == 1 ? "retry" : "retries")}", mayRetry ? "retries exhausted" : null) : mayRetry ? "retries exhausted" : null));
                    return result;
                }

                // No answer at all.
                bool safeToResend = spec.Idempotent || outcome.NothingSent;
                bool lastFailureWait = false;
                var failureDelay = safeToResend && !budgetEnded ? _retry.NextDelay(retries + 1, elapsed(), null, out lastFailureWait) : null;
                var what = outcome.TimedOut ? $"timed out after {_requestTimeout.TotalSeconds:0.###} s" : "connection failed: " + Describe(outcome.Failure);
                if (failureDelay.HasValue)
                {
                    budgetEnded = lastFailureWait;
                    retries++;
                    if (!outcome.NothingSent) mayHaveBeenProcessed = true;
                    Log(HttpLogLevel.Verbose, HttpLogFormatter.FormatCall(spec.Method.Method, spec.Url, null, null, elapsedMs, spec.RequestId,
                        what + "; " + RetryNote(retries, failureDelay.Value, null)));
                    await _clock.Delay(failureDelay.Value, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                Log(HttpLogLevel.Verbose, HttpLogFormatter.FormatCall(spec.Method.Method, spec.Url, null, null, elapsedMs, spec.RequestId, what));
                throw NoAnswer(spec, outcome, retries, what, safeToResend ? _retry.WhyStopped(retries, elapsed(), budgetEnded) : null);
            }
        }

        private async Task<AttemptOutcome> AttemptAsync(HttpCallSpec spec, CancellationToken cancellationToken)
        {
            using (var request = new HttpRequestMessage(spec.Method, spec.Url))
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                try
                {
                    if (spec.ContentFactory != null) request.Content = spec.ContentFactory();
                    request.Headers.TryAddWithoutValidation("x-request-id", spec.RequestId);
                    spec.PrepareRequest?.Invoke(request);
                }
                catch (Exception ex) when (ex is FormatException || ex is InvalidOperationException || ex is ArgumentException)
                {
                    // Header values are checked when they come in; this is the last guard, and nothing has been sent.
                    throw NotSent(spec, ex);
                }
                if (Logs(HttpLogLevel.Debug)) Log(HttpLogLevel.Debug, HttpLogFormatter.FormatRequest(request, spec.LogBody));
                timeout.CancelAfter(_requestTimeout);
                try
                {
                    // Headers first, then the body read here under the same timeout and cancellation, up to the size limit.
                    using (var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false))
                    {
                        // A handler that follows redirects on its own (not the session's) shows it only here.
                        var answeredFrom = response.RequestMessage?.RequestUri;
                        bool followed = answeredFrom != null && answeredFrom != spec.Url;
                        var body = await ReadBodyAsync(response, timeout.Token).ConfigureAwait(false);
                        if (body.Text != null && Logs(HttpLogLevel.Debug)) Log(HttpLogLevel.Debug, HttpLogFormatter.FormatResponse((int)response.StatusCode, response.ReasonPhrase, response.Headers, body.Text));
                        return new AttemptOutcome
                        {
                            Result = new HttpCallResult
                            {
                                Method = spec.Method.Method,
                                Url = HttpLogFormatter.FormatUrl(spec.Url),
                                StatusCode = (int)response.StatusCode,
                                ReasonPhrase = response.ReasonPhrase,
                                Body = body.Text ?? string.Empty,
                                Headers = response.Headers,
                                RequestId = spec.RequestId,
                                ServerRequestId = ServerRequestId(response, spec.RequestId),
                                RetryAfter = RetryPolicy.ReadRetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow),
                                Location = followed ? answeredFrom : ResolveLocation(spec.Url, response.Headers.Location),
                            },
                            RedirectFollowed = followed,
                            OversizedAt = body.Text == null ? body.Bytes : (long?)null,
                            OversizeAnnounced = body.Announced,
                        };
                    }
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    return new AttemptOutcome { TimedOut = true, Failure = ex };
                }
                catch (Exception ex) when ((ex is ObjectDisposedException || ex is System.IO.IOException || ex is HttpRequestException)
                    && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // The body read was cut off by the timeout (the answer was disposed under it).
                    return new AttemptOutcome { TimedOut = true, Failure = ex };
                }
                catch (HttpRequestException ex)
                {
                    return new AttemptOutcome { Failure = ex, NothingSent = FailedBeforeSending(ex) };
                }
                catch (System.IO.IOException ex)
                {
                    return new AttemptOutcome { Failure = ex };
                }
            }
        }

        /// <summary>
        /// The body as text, read to its end but never past the size limit, counted after decompression (a small gzip
        /// answer can unpack to gigabytes). Past the limit, reading stops: the text is null and Bytes says how far it got.
        /// </summary>
        private async Task<BodyRead> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            var content = response.Content;
            if (content == null) return new BodyRead(string.Empty, 0);
            var declared = content.Headers.ContentLength;
            if (declared > _maxResponseBytes) return new BodyRead(null, declared.Value, announced: true);
            // Streams that ignore the token (older frameworks) stop when the answer is disposed.
            using (cancellationToken.Register(response.Dispose))
            using (var stream = await content.ReadAsStreamAsync().ConfigureAwait(false))
            using (var buffer = new System.IO.MemoryStream(declared.HasValue ? (int)declared.Value : 0))
            {
                var chunk = new byte[16 * 1024];
                long total = 0;
                int read;
                while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > _maxResponseBytes) return new BodyRead(null, total);
                    buffer.Write(chunk, 0, read);
                }
                cancellationToken.ThrowIfCancellationRequested();
                return new BodyRead(Decode(buffer, content.Headers.ContentType?.CharSet), total);
            }
        }

        /// <summary>Text as HttpContent.ReadAsStringAsync makes it: a byte-order mark wins, then the charset, then UTF-8.</summary>
        private static string Decode(System.IO.MemoryStream buffer, string charset)
        {
            var bytes = buffer.GetBuffer();
            int length = (int)buffer.Length;
            Encoding encoding = Encoding.UTF8;
            if (!string.IsNullOrWhiteSpace(charset))
            {
                try { encoding = Encoding.GetEncoding(charset.Trim().Trim('"')); }
                catch (ArgumentException) { }
            }
            int skip = 0;
            if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) { encoding = Encoding.UTF8; skip = 3; }
            else if (length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) { encoding = Encoding.Unicode; skip = 2; }
            else if (length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) { encoding = Encoding.BigEndianUnicode; skip = 2; }
            return encoding.GetString(bytes, skip, length - skip);
        }

        private struct BodyRead
        {
            public BodyRead(string text, long bytes, bool announced = false)
            {
                Text = text;
                Bytes = bytes;
                Announced = announced;
            }

            public string Text { get; }
            public long Bytes { get; }

            /// <summary>The size came from Content-Length, before anything was read.</summary>
            public bool Announced { get; }
        }

        private AepApiException NotSent(HttpCallSpec spec, Exception failure) =>
            new AepApiException(AepErrorKind.InvalidRequest,
                Secrets.Scrub($"{spec.Method.Method} {HttpLogFormatter.FormatUrl(spec.Url)} was not sent: the request could not be built ({failure.Message}). Request id: {spec.RequestId}."),
                WithoutSecrets(failure))
            {
                Method = spec.Method.Method,
                Url = HttpLogFormatter.FormatUrl(spec.Url),
                RequestId = spec.RequestId,
            };

        /// <summary>
        /// An answer over the size limit is one error: not read further, not retried (it would be as large again). A
        /// create answered so may still have made its job, unless the status says it was not processed.
        /// </summary>
        private AepApiException TooLarge(HttpCallSpec spec, HttpCallResult result, long bytes, bool announced, bool earlierMayHaveBeenProcessed)
        {
            var limit = _maxResponseBytes >= 1024 * 1024 ? $"{_maxResponseBytes / (1024.0 * 1024):0.#} MiB" : $"{_maxResponseBytes} bytes";
            var message = $"The answer to {spec.Method.Method} {HttpLogFormatter.FormatUrl(spec.Url)} ({result.StatusCode} {result.ReasonPhrase}) is larger than the {limit} the module reads "
                + (announced ? $"(its Content-Length is {bytes.ToString(CultureInfo.InvariantCulture)} bytes); it was not read" : $"(more than {_maxResponseBytes.ToString(CultureInfo.InvariantCulture)} bytes after decompression); it was not read further")
                + " and the call was not retried. "
                + $"Something between the module and the platform may be answering instead of it. Request id: {spec.RequestId}.";
            bool said = result.StatusCode >= 400 && result.StatusCode < 500 || RetryPolicy.SaysNotProcessed(result.StatusCode);
            return new AepApiException(AepErrorKind.ResponseTooLarge, message)
            {
                StatusCode = result.StatusCode,
                ReasonPhrase = result.ReasonPhrase,
                RequestId = spec.RequestId,
                ServerRequestId = result.ServerRequestId,
                Method = spec.Method.Method,
                Url = HttpLogFormatter.FormatUrl(spec.Url),
                Retries = result.Retries,
                RequestMayHaveBeenProcessed = !spec.Idempotent && (earlierMayHaveBeenProcessed || !said),
            };
        }

        /// <summary>
        /// A .NET exception kept as the inner exception, unless its text holds a secret (a header value quoted in a
        /// FormatException, say): then only its scrubbed text is kept. Its own properties cannot be changed.
        /// </summary>
        private Exception WithoutSecrets(Exception failure)
        {
            if (failure == null) return null;
            var text = failure.ToString();
            var clean = Secrets.Scrub(text);
            return string.Equals(text, clean, StringComparison.Ordinal) ? failure : new ScrubbedException(failure.GetType().FullName, Secrets.Scrub(failure.Message));
        }

        private static Uri ResolveLocation(Uri requested, Uri location)
        {
            if (location == null) return null;
            if (location.IsAbsoluteUri) return location;
            return Uri.TryCreate(requested, location, out var resolved) ? resolved : location;
        }

        /// <summary>
        /// A 3xx is an error, never followed: a redirect would carry the token request (with the client secret) or the
        /// session's headers to wherever the answer points, and the module would then trust what that place says. Only
        /// 307 and 308 say outright that the request was not carried out here; after any other redirect a create may
        /// have made a job, so it is looked for like a create whose answer was lost.
        /// </summary>
        private static AepApiException Redirected(HttpCallSpec spec, HttpCallResult result, bool followedByHandler, bool earlierMayHaveBeenProcessed)
        {
            var where = result.Location == null ? "with no Location" : $"to '{HttpLogFormatter.FormatUrl(result.Location)}'";
            var message = followedByHandler
                ? $"{spec.Method.Method} {HttpLogFormatter.FormatUrl(spec.Url)} was redirected {where} ({result.StatusCode} {result.ReasonPhrase}) by the HTTP handler; its answer is not used."
                : $"{spec.Method.Method} {HttpLogFormatter.FormatUrl(spec.Url)} was answered {result.StatusCode} {result.ReasonPhrase}, a redirect {where}.";
            message += " The module follows no redirects: nothing was sent there, because a redirect would carry the client secret or the session's "
                + "headers to another address. Check that -Endpoint and -ImsEndpoint (AEP_ENDPOINT, AEP_IMS_ENDPOINT) name the service itself, "
                + $"not an address that forwards to it. Request id: {spec.RequestId}.";
            bool notProcessed = !followedByHandler && (result.StatusCode == 307 || result.StatusCode == 308);
            return new AepApiException(AepErrorKind.Redirected, message)
            {
                StatusCode = result.StatusCode,
                ReasonPhrase = result.ReasonPhrase,
                RequestId = spec.RequestId,
                ServerRequestId = result.ServerRequestId,
                Method = spec.Method.Method,
                Url = HttpLogFormatter.FormatUrl(spec.Url),
                Location = result.Location == null ? null : HttpLogFormatter.FormatUrl(result.Location),
                Error = AepErrorPayload.Parse(result.Body),
                Retries = result.Retries,
                RequestMayHaveBeenProcessed = !spec.Idempotent && (earlierMayHaveBeenProcessed || !notProcessed),
            };
        }

        private static string ServerRequestId(HttpResponseMessage response, string sent)
        {
            if (!response.Headers.TryGetValues("x-request-id", out var values)) return null;
            var value = values.FirstOrDefault();
            return string.Equals(value, sent, StringComparison.Ordinal) ? null : value;
        }

        /// <summary>
        /// True only when the connection could not even be opened: the server cannot have seen the request. A reset or
        /// a dropped connection after that may have come after the server read it.
        /// </summary>
        internal static bool FailedBeforeSending(Exception exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e is SocketException socket)
                {
                    switch (socket.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                        case SocketError.HostNotFound:
                        case SocketError.HostUnreachable:
                        case SocketError.NetworkUnreachable:
                        case SocketError.NetworkDown:
                        case SocketError.AddressNotAvailable:
                        case SocketError.TryAgain:
                        case SocketError.NoData:
                            return true;
                    }
                }
            }
            return false;
        }

        private AepApiException NoAnswer(HttpCallSpec spec, AttemptOutcome outcome, int retries, string what, string retriesEnded)
        {
            bool mayHaveBeenProcessed = !spec.Idempotent && !outcome.NothingSent;
            var message = $"{spec.Method.Method} {HttpLogFormatter.FormatUrl(spec.Url)} got no answer: {what}"
                + (retries > 0 ? $", after {retries} {(retries == 1 ? "retry" : "retries")}" : string.Empty)
                + (retriesEnded != null ? "; " + retriesEnded : string.Empty)
                + $". Request id: {spec.RequestId}.";
            return new AepApiException(outcome.TimedOut ? AepErrorKind.Timeout : AepErrorKind.ConnectionFailed, Secrets.Scrub(message), WithoutSecrets(outcome.Failure))
            {
                Method = spec.Method.Method,
                Url = HttpLogFormatter.FormatUrl(spec.Url),
                RequestId = spec.RequestId,
                Retries = retries,
                RequestMayHaveBeenProcessed = mayHaveBeenProcessed,
            };
        }

        private static string RetryNote(int retry, TimeSpan delay, TimeSpan? retryAfter)
        {
            var note = $"retry {retry} in {delay.TotalSeconds:0.###} s";
            if (!retryAfter.HasValue || retryAfter.Value <= TimeSpan.Zero) return note;
            return note + (delay < retryAfter.Value
                ? $" (Retry-After {retryAfter.Value.TotalSeconds:0.###} s, cut to what is left of the retry time budget)"
                : " (Retry-After)");
        }

        private static string JoinNotes(string a, string b) => string.IsNullOrEmpty(b) ? a : a + ", " + b;

        private static string Describe(Exception exception)
        {
            var innermost = exception;
            while (innermost?.InnerException != null) innermost = innermost.InnerException;
            return innermost == null || innermost == exception ? exception?.Message : exception.Message + " (" + innermost.Message + ")";
        }

        private sealed class AttemptOutcome
        {
            public HttpCallResult Result;
            public Exception Failure;
            public bool TimedOut;
            public bool NothingSent;
            public bool RedirectFollowed;
            public long? OversizedAt;
            public bool OversizeAnnounced;
        }
    }
}
