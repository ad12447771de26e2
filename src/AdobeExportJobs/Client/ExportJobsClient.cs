using System.Security;
using AdobeExportJobs.Model;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// The export-jobs API of the Segmentation service (<c>{platform}/data/core/ups/export/jobs</c>): list, get, create,
    /// cancel. One instance per session: it owns that session's HttpClient and token source and may be used concurrently.
    /// Every call takes a CancellationToken, retries what is safe to retry, and fails with <see cref="AepApiException"/>.
    /// </summary>
    internal sealed class ExportJobsClient : IDisposable
    {
        private readonly HttpClient _http;
        private readonly AepHttpSender _sender;
        private readonly PlatformCaller _caller;
        private readonly ExportJobsUrls _urls;
        private int _disposed;

        private ExportJobsClient(AepSessionOptions options, Func<AepHttpSender, AepSessionOptions, IAccessTokenSource> tokens)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            Options = options.Validated();
            _http = SessionHttpClient.Create();
            var retry = new RetryPolicy(Options.MaxRetries, Options.MaxRetryTime, Options.RetryBaseDelay, Options.MaxRetryDelay);
            _sender = new AepHttpSender(_http, retry, Options.RequestTimeout, Options.Clock, Options.MaxResponseBytes);
            Tokens = tokens(_sender, Options);
            _caller = new PlatformCaller(_sender, Tokens, Options);
            _urls = new ExportJobsUrls(Options.Endpoint);
        }

        /// <summary>A client that gets its tokens from IMS with the client credentials (OAuth server-to-server).</summary>
        public static ExportJobsClient WithClientCredentials(AepSessionOptions options, SecureString clientSecret) =>
            new ExportJobsClient(options, (sender, valid) => new ImsTokenProvider(sender, valid.ImsEndpoint, valid.ClientId, clientSecret, string.Join(",", valid.Scopes)));

        /// <summary>A client that uses a ready access token; it cannot get a new one when that token expires.</summary>
        public static ExportJobsClient WithAccessToken(AepSessionOptions options, SecureString accessToken) =>
            new ExportJobsClient(options, (sender, __) =>
            {
                var source = new StaticAccessTokenSource(accessToken);
                sender.Secrets.AddSecret(accessToken.Copy());
                return source;
            });

        public AepSessionOptions Options { get; }

        public IAccessTokenSource Tokens { get; }

        /// <summary>
        /// Proves the credentials with the cheapest call that can: with client credentials, the first token from IMS
        /// (nothing goes to the platform; the token is kept for the calls that follow); with a bare token, a listing of
        /// one job, since only the platform can tell whether it takes the token. Fails like any call, with the same
        /// <see cref="AepApiException"/> and within the same retry budget.
        /// </summary>
        public Task CheckCredentialsAsync(CancellationToken cancellationToken = default(CancellationToken)) =>
            WithoutSecrets(async () =>
            {
                if (Tokens.CanRefresh) await Tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
                else await ReadPageAsync(_urls.List(1, null, null), cancellationToken).ConfigureAwait(false);
                return true;
            });

        /// <summary>One page of jobs, newest first. All arguments are optional; the server picks its default page size.</summary>
        public Task<ExportJobPage> ListPageAsync(int? limit = null, string offset = null, string status = null, CancellationToken cancellationToken = default(CancellationToken)) =>
            GetPageAsync(_urls.List(limit, offset, status), cancellationToken);

        /// <summary>Pages through the list, following <c>link.next</c>; the pager asks for a page only when called.</summary>
        public ExportJobPager ListPages(int? pageSize = null, string offset = null, string status = null) =>
            new ExportJobPager(this, _urls.List(pageSize, offset, status));

        internal Task<ExportJobPage> GetPageAsync(Uri url, CancellationToken cancellationToken) =>
            WithoutSecrets(() => ReadPageAsync(url, cancellationToken));

        private async Task<ExportJobPage> ReadPageAsync(Uri url, CancellationToken cancellationToken)
        {
            var result = await _caller.SendAsync(HttpMethod.Get, url, null, NewRequestId(), idempotent: true, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess) throw AepApiErrors.Refused(result, ErrorHints.For(result, Options));
            return ExportJobAnswers.ParsePage(result);
        }

        public Task<ExportJobRecord> GetAsync(long id, CancellationToken cancellationToken = default(CancellationToken))
        {
            RequireJobId(id);
            return WithoutSecrets(() => ReadJobAsync(id, cancellationToken));
        }

        private async Task<ExportJobRecord> ReadJobAsync(long id, CancellationToken cancellationToken)
        {
            var result = await _caller.SendAsync(HttpMethod.Get, _urls.Job(id), null, NewRequestId(), idempotent: true, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess) throw WithJob(AepApiErrors.Refused(result, ErrorHints.For(result, Options, id)), id);
            return ExportJobAnswers.ParseJob(result);
        }

        /// <summary>
        /// Creates a job from a raw JSON body. The create is sent again only when the server said it did not process it
        /// (429/503) or the connection could not be opened. When the answer is lost after the request may have reached the
        /// server, the newest jobs are searched for <paramref name="requestId"/> (sent as x-request-id): found, that job is
        /// returned; not found, <see cref="AepErrorKind.CreateOutcomeUnknown"/> is thrown. Never two jobs for one call.
        /// </summary>
        public Task<ExportJobRecord> CreateAsync(string json, string requestId = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            if (string.IsNullOrWhiteSpace(json)) throw new ArgumentException("The create body is empty.", nameof(json));
            JToken body;
            try { body = AepJson.ParseToken(json); }
            catch (JsonException ex) { throw new ArgumentException("The create body is not valid JSON: " + ex.Message, nameof(json), ex); }
            if (!(body is JObject)) throw new ArgumentException("The create body must be a JSON object.", nameof(json));
            var compact = body.ToString(Formatting.None);
            requestId = string.IsNullOrWhiteSpace(requestId) ? NewRequestId() : requestId;
            return WithoutSecrets(() => SendCreateAsync(compact, requestId, cancellationToken));
        }

        private async Task<ExportJobRecord> SendCreateAsync(string compact, string requestId, CancellationToken cancellationToken)
        {
            HttpCallResult result;
            try
            {
                result = await _caller.SendAsync(HttpMethod.Post, _urls.Jobs, compact, requestId, idempotent: false, cancellationToken).ConfigureAwait(false);
            }
            catch (AepApiException ex) when (ex.RequestMayHaveBeenProcessed)
            {
                return await LostCreates.FindAsync(this, requestId, ex, cancellationToken).ConfigureAwait(false);
            }
            if (result.StatusCode == 500 || result.StatusCode == 502 || result.StatusCode == 504)
            {
                // A server or gateway error says nothing about whether the service (behind it) made the job.
                return await LostCreates.FindAsync(this, requestId, AepApiErrors.Refused(result, ErrorHints.For(result, Options)), cancellationToken).ConfigureAwait(false);
            }
            if (!result.IsSuccess) throw AepApiErrors.Refused(result, ErrorHints.For(result, Options));
            try
            {
                return ExportJobAnswers.ParseJob(result);
            }
            catch (AepApiException unreadable) when (unreadable.Kind == AepErrorKind.MalformedResponse)
            {
                // A 2xx says the job was made; its answer is unreadable, so find it rather than invite a second create.
                return await LostCreates.FindAsync(this, requestId, unreadable, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Cancels (or, for a finished job, deletes) a job. Accepts v1's 200 with a message and v2's 204. When an earlier
        /// attempt got no answer and the retry finds no job, that earlier attempt did the work: the result says
        /// <see cref="CancelResult.AlreadyGone"/> instead of failing.
        /// </summary>
        public Task<CancelResult> CancelAsync(long id, CancellationToken cancellationToken = default(CancellationToken))
        {
            RequireJobId(id);
            return WithoutSecrets(() => SendCancelAsync(id, cancellationToken));
        }

        private async Task<CancelResult> SendCancelAsync(long id, CancellationToken cancellationToken)
        {
            var result = await _caller.SendAsync(HttpMethod.Delete, _urls.Job(id), null, NewRequestId(), idempotent: true, cancellationToken).ConfigureAwait(false);
            if (result.StatusCode == 404 && result.EarlierAttemptMayHaveBeenProcessed)
            {
                _sender.Log(HttpLogLevel.Verbose, $"Job {id} is gone after a retried cancel: an earlier attempt that lost its answer did the work");
                return new CancelResult { HttpStatus = 404, AlreadyGone = true };
            }
            if (!result.IsSuccess) throw WithJob(AepApiErrors.Refused(result, ErrorHints.For(result, Options, id)), id);
            var answer = new CancelResult { HttpStatus = result.StatusCode };
            if (string.IsNullOrWhiteSpace(result.Body)) return answer;
            try
            {
                if (AepJson.ParseToken(result.Body) is JObject obj)
                {
                    answer = AepJson.ToModel<CancelResult>(obj);
                    answer.HttpStatus = result.StatusCode;
                    return answer;
                }
            }
            catch (JsonException) { }
            // The cancel succeeded by its status; keep whatever text came with it.
            answer.Message = AepErrorPayload.Truncate(result.Body);
            return answer;
        }

        /// <summary>
        /// A call of this session to another platform API (the Data Access API): the session's headers and token, its
        /// retries and size limit. Callers wrap it in <see cref="WithoutSecrets{T}"/> like every call.
        /// </summary>
        internal Task<HttpCallResult> SendAsync(HttpMethod method, Uri url, string requestId, CancellationToken cancellationToken,
            Action<HttpRequestMessage> prepare = null, Func<HttpResponseMessage, CancellationToken, Task> readSuccessBody = null) =>
            _caller.SendAsync(method, url, null, requestId, idempotent: true, cancellationToken, prepare, readSuccessBody);

        /// <summary>The URL a <c>link.next</c> value points to, or null when it is not a usable export-jobs link.</summary>
        public Uri ResolveLink(string link) => _urls.ResolveLink(link);

        public void Log(string message) => _sender.Log(HttpLogLevel.Verbose, message);

        private static void RequireJobId(long id)
        {
            if (id < 1) throw new ArgumentOutOfRangeException(nameof(id), id, "An export job id is a positive number.");
        }

        internal static string NewRequestId() => Guid.NewGuid().ToString();

        private static AepApiException WithJob(AepApiException error, long id)
        {
            error.JobId = id;
            return error;
        }

        /// <summary>
        /// Every error leaving the client passes here: a server may echo the client secret or a token in its error body
        /// (an IMS page showing the form it got, a 401 naming the token it refused), and messages, the error payload and
        /// the errors wrapped inside must not show them. A disconnected session's client refuses every call.
        /// </summary>
        internal async Task<T> WithoutSecrets<T>(Func<Task<T>> call)
        {
            if (_disposed != 0) throw new ObjectDisposedException(nameof(ExportJobsClient), "This session was disconnected; connect again.");
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (AepApiException error)
            {
                _sender.Secrets.Scrub(error);
                throw;
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) _http.Dispose();
        }
    }
}
