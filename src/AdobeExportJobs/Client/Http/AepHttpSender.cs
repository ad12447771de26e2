using System.Diagnostics;
using System.Net.Sockets;

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
        private readonly RetryClock _clock;
        private readonly long _maxResponseBytes;

        public AepHttpSender(HttpClient http, RetryPolicy retry, TimeSpan requestTimeout, RetryClock clock = null,
            long maxResponseBytes = AepSessionOptions.DefaultMaxResponseBytes)
        {
            _maxResponseBytes = maxResponseBytes;
            _clock = clock ?? RetryClock.Real;
            _http = http;
            _retry = retry;
            _requestTimeout = requestTimeout;
        }

        public RetryPolicy Retry => _retry;

        /// <summary>The session's own secrets and tokens, scrubbed by value from every log line and every error.</summary>
        public SecretScrubber Secrets { get; } = new SecretScrubber();

        public void Log(HttpLogLevel level, string message) => HttpLogScope.Write(new HttpLogEntry(level, Secrets.Scrub(message)));

        private bool Logs(HttpLogLevel level) => HttpLogScope.IsEnabled(level);

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
                        throw AepApiErrors.TooLarge(spec, result, _maxResponseBytes, outcome.OversizedAt.Value, outcome.OversizeAnnounced, mayHaveBeenProcessed);
                    }
                    if (result.IsRedirect || outcome.RedirectFollowed)
                    {
                        Log(HttpLogLevel.Verbose, HttpLogFormatter.FormatCall(spec.Method.Method, spec.Url, result.StatusCode, result.ReasonPhrase, elapsedMs, spec.RequestId, "redirect not followed"));
                        throw AepApiErrors.Redirected(spec, result, outcome.RedirectFollowed, mayHaveBeenProcessed);
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
                throw AepApiErrors.NoAnswer(spec, outcome.TimedOut, Secrets.Scrub(what), WithoutSecrets(outcome.Failure), retries,
                    safeToResend ? _retry.WhyStopped(retries, elapsed(), budgetEnded) : null, mayHaveBeenProcessed: !spec.Idempotent && !outcome.NothingSent);
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
                    throw AepApiErrors.NotSent(spec, WithoutSecrets(ex), Secrets.Scrub(PlainMessages.Of(ex)));
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
                        var body = await ReadOrStreamBodyAsync(spec, response, followed, timeout.Token).ConfigureAwait(false);
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
                                ContentLength = response.Content?.Headers.ContentLength,
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
        /// A HEAD answer has no body to read. A 2xx answer of a call that streams (a download) goes to the call's own
        /// reader, under this attempt's timeout and cancellation; everything else, errors included, is read as text.
        /// </summary>
        private async Task<BoundedBody> ReadOrStreamBodyAsync(HttpCallSpec spec, HttpResponseMessage response, bool followed, CancellationToken cancellationToken)
        {
            if (spec.Method == HttpMethod.Head) return BoundedBody.Empty;
            int status = (int)response.StatusCode;
            if (spec.ReadSuccessBody == null || followed || status < 200 || status > 299) return await BoundedBody.ReadAsync(response, _maxResponseBytes, cancellationToken).ConfigureAwait(false);
            // Streams that ignore the token (older frameworks) stop when the answer is disposed.
            using (cancellationToken.Register(response.Dispose))
            {
                await spec.ReadSuccessBody(response, cancellationToken).ConfigureAwait(false);
            }
            return BoundedBody.Empty;
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
