using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
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

        public AepHttpSender(HttpClient http, RetryPolicy retry, TimeSpan requestTimeout, Action<HttpLogEntry> defaultLog, RetryClock clock = null)
        {
            _clock = clock ?? RetryClock.Real;
            _http = http;
            _retry = retry;
            _requestTimeout = requestTimeout;
            _defaultLog = defaultLog;
        }

        public RetryPolicy Retry => _retry;

        public void Log(HttpLogLevel level, string message) => HttpLogScope.Write(new HttpLogEntry(level, message), _defaultLog);

        private bool Logs(HttpLogLevel level) => HttpLogScope.IsEnabled(level, _defaultLog);

        /// <summary>Starts the clock of one logical call, to share its retry budget among the sends it makes (a 401 repeats the call).</summary>
        public Func<TimeSpan> StartCallTimer() => _clock.StartTimer();

        public async Task<HttpCallResult> SendAsync(HttpCallSpec spec, CancellationToken cancellationToken)
        {
            var elapsed = spec.CallTimer ?? _clock.StartTimer();
            int retries = 0;
            bool mayHaveBeenProcessed = false;
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
                    if (result.IsRedirect || outcome.RedirectFollowed)
                    {
                        Log(HttpLogLevel.Verbose, HttpLogFormatter.FormatCall(spec.Method.Method, spec.Url, result.StatusCode, result.ReasonPhrase, elapsedMs, spec.RequestId, "redirect not followed"));
                        throw Redirected(spec, result, outcome.RedirectFollowed, mayHaveBeenProcessed);
                    }
                    bool mayRetry = RetryPolicy.IsRetryableStatus(result.StatusCode) && (spec.Idempotent || RetryPolicy.SaysNotProcessed(result.StatusCode));
                    var delay = mayRetry ? _retry.NextDelay(retries + 1, elapsed(), result.RetryAfter) : null;
                    if (delay.HasValue)
                    {
                        retries++;
                        if (!RetryPolicy.SaysNotProcessed(result.StatusCode)) mayHaveBeenProcessed = true;
                        Log(HttpLogLevel.Verbose, HttpLogFormatter.FormatCall(spec.Method.Method, spec.Url, result.StatusCode, result.ReasonPhrase, elapsedMs, spec.RequestId,
                            RetryNote(retries, delay.Value, result.RetryAfter)));
                        await _clock.Delay(delay.Value, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    result.RetryTime = elapsed();
                    if (mayRetry) result.RetriesEnded = _retry.WhyStopped(retries, result.RetryTime);
                    if (Logs(HttpLogLevel.Verbose)) Log(HttpLogLevel.Verbose, HttpLogFormatter.FormatCall(spec.Method.Method, spec.Url, result.StatusCode, result.ReasonPhrase, elapsedMs, spec.RequestId,
                        retries > 0 ? JoinNotes($"after {retries} {(retries == 1 ? "retry" : "retries")}", mayRetry ? "retries exhausted" : null) : mayRetry ? "retries exhausted" : null));
                    return result;
                }

                // No answer at all.
                bool safeToResend = spec.Idempotent || outcome.NothingSent;
                var failureDelay = safeToResend ? _retry.NextDelay(retries + 1, elapsed(), null) : null;
                var what = outcome.TimedOut ? $"timed out after {_requestTimeout.TotalSeconds:0.###} s" : "connection failed: " + Describe(outcome.Failure);
                if (failureDelay.HasValue)
                {
                    retries++;
                    if (!outcome.NothingSent) mayHaveBeenProcessed = true;
                    Log(HttpLogLevel.Verbose, HttpLogFormatter.FormatCall(spec.Method.Method, spec.Url, null, null, elapsedMs, spec.RequestId,
                        what + "; " + RetryNote(retries, failureDelay.Value, null)));
                    await _clock.Delay(failureDelay.Value, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                Log(HttpLogLevel.Verbose, HttpLogFormatter.FormatCall(spec.Method.Method, spec.Url, null, null, elapsedMs, spec.RequestId, what));
                throw NoAnswer(spec, outcome, retries, what, safeToResend ? _retry.WhyStopped(retries, elapsed()) : null);
            }
        }

        private async Task<AttemptOutcome> AttemptAsync(HttpCallSpec spec, CancellationToken cancellationToken)
        {
            using (var request = new HttpRequestMessage(spec.Method, spec.Url))
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (spec.ContentFactory != null) request.Content = spec.ContentFactory();
                request.Headers.TryAddWithoutValidation("x-request-id", spec.RequestId);
                spec.PrepareRequest?.Invoke(request);
                if (Logs(HttpLogLevel.Debug)) Log(HttpLogLevel.Debug, HttpLogFormatter.FormatRequest(request, spec.LogBody));
                timeout.CancelAfter(_requestTimeout);
                try
                {
                    // ResponseContentRead: the body is read under the same timeout and cancellation as the headers.
                    using (var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false))
                    {
                        // A handler that follows redirects on its own (not the session's) shows it only here.
                        var answeredFrom = response.RequestMessage?.RequestUri;
                        bool followed = answeredFrom != null && answeredFrom != spec.Url;
                        var body = response.Content == null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        if (Logs(HttpLogLevel.Debug)) Log(HttpLogLevel.Debug, HttpLogFormatter.FormatResponse((int)response.StatusCode, response.ReasonPhrase, response.Headers, body));
                        return new AttemptOutcome
                        {
                            Result = new HttpCallResult
                            {
                                Method = spec.Method.Method,
                                Url = HttpLogFormatter.FormatUrl(spec.Url),
                                StatusCode = (int)response.StatusCode,
                                ReasonPhrase = response.ReasonPhrase,
                                Body = body,
                                Headers = response.Headers,
                                RequestId = spec.RequestId,
                                ServerRequestId = ServerRequestId(response, spec.RequestId),
                                RetryAfter = RetryPolicy.ReadRetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow),
                                Location = followed ? answeredFrom : ResolveLocation(spec.Url, response.Headers.Location),
                            },
                            RedirectFollowed = followed,
                        };
                    }
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
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
            return new AepApiException(outcome.TimedOut ? AepErrorKind.Timeout : AepErrorKind.ConnectionFailed, message, outcome.Failure)
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
        }
    }
}
