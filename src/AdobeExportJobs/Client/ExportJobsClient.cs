using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
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
    public sealed class ExportJobsClient : IDisposable
    {
        /// <summary>How many of the newest jobs a create that lost its answer looks through for its request id.</summary>
        internal const int ReconcileScanSize = 200;

        /// <summary>
        /// How often one call gets a new token after a 401 when tokens keep expiring while it waits out throttling; more
        /// than that says something revokes them, which more tokens will not cure.
        /// </summary>
        internal const int MaxTokenRenewals = 5;

        private readonly HttpClient _http;
        private readonly AepHttpSender _sender;
        private readonly Uri _serviceRoot;
        private int _disposed;

        private ExportJobsClient(ExportJobsClientOptions options, HttpMessageHandler handler, Func<AepHttpSender, ExportJobsClientOptions, IAccessTokenSource> tokens)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            Options = options.Clone();
            Options.Validate();
            _http = new HttpClient(handler ?? CreateHandler(), disposeHandler: true);
            RefuseRedirects(handler);
            // Each attempt has its own timeout; the HttpClient's would cut across retries.
            _http.Timeout = Timeout.InfiniteTimeSpan;
            var retry = new RetryPolicy(Options.MaxRetries, Options.MaxRetryTime, Options.RetryBaseDelay, Options.MaxRetryDelay);
            _sender = new AepHttpSender(_http, retry, Options.RequestTimeout, Options.Log, Options.Clock, Options.MaxResponseBytes);
            Tokens = tokens(_sender, Options);
            JobsUrl = EndpointPolicy.Append(Options.PlatformEndpoint, ExportJobsClientOptions.JobsPath);
            _serviceRoot = EndpointPolicy.Append(Options.PlatformEndpoint, "/data/core/ups");
        }

        private static HttpMessageHandler CreateHandler()
        {
            var handler = new HttpClientHandler
            {
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                // A redirect is reported as an error (see AepHttpSender), never followed with the secret or the session's headers.
                AllowAutoRedirect = false,
            };
            try
            {
                // .NET Framework (Windows PowerShell 5.1) allows 2 connections per host by default; waiting on many jobs needs more.
                handler.MaxConnectionsPerServer = 64;
            }
            catch (PlatformNotSupportedException) { }
            return handler;
        }

        /// <summary>A handler given by the caller follows no redirects either; one that cannot be changed is caught by the sender.</summary>
        private static void RefuseRedirects(HttpMessageHandler handler)
        {
            if (!(handler is HttpClientHandler clientHandler) || !clientHandler.AllowAutoRedirect) return;
            try { clientHandler.AllowAutoRedirect = false; }
            catch (InvalidOperationException) { }
        }

        /// <summary>A client that gets its tokens from IMS with the client credentials (OAuth server-to-server).</summary>
        public static ExportJobsClient WithClientCredentials(ExportJobsClientOptions options, SecureString clientSecret, HttpMessageHandler handler = null) =>
            new ExportJobsClient(options, handler, (sender, valid) => new ImsTokenProvider(sender, valid.ImsEndpoint, valid.ClientId, clientSecret, valid.Scopes));

        /// <summary>A client that uses a ready access token; it cannot get a new one when that token expires.</summary>
        public static ExportJobsClient WithAccessToken(ExportJobsClientOptions options, SecureString accessToken, HttpMessageHandler handler = null) =>
            new ExportJobsClient(options, handler, (sender, __) =>
            {
                var source = new StaticAccessTokenSource(accessToken);
                sender.Secrets.AddSecret(accessToken.Copy());
                return source;
            });

        public ExportJobsClientOptions Options { get; }

        public IAccessTokenSource Tokens { get; }

        /// <summary><c>{platform}/data/core/ups/export/jobs</c>.</summary>
        public Uri JobsUrl { get; }

        public bool IsDisposed => _disposed != 0;

        /// <summary>One page of jobs, newest first. All arguments are optional; the server picks its default page size.</summary>
        public Task<ExportJobPage> ListPageAsync(int? limit = null, string offset = null, string status = null, CancellationToken cancellationToken = default(CancellationToken)) =>
            GetPageAsync(ListUrl(limit, offset, status), cancellationToken);

        /// <summary>Pages through the list, following <c>link.next</c>; the pager asks for a page only when called.</summary>
        public ExportJobPager ListPages(int? pageSize = null, string offset = null, string status = null) =>
            new ExportJobPager(this, ListUrl(pageSize, offset, status));

        /// <summary>A page given by a <c>link.next</c> value (relative to the service base) or an absolute URL on the platform.</summary>
        public Task<ExportJobPage> GetPageAsync(string link, CancellationToken cancellationToken = default(CancellationToken))
        {
            var url = ResolveLink(link);
            if (url == null) throw new ArgumentException($"'{link}' is not a link to an export-jobs page.", nameof(link));
            return GetPageAsync(url, cancellationToken);
        }

        internal Task<ExportJobPage> GetPageAsync(Uri url, CancellationToken cancellationToken) =>
            WithoutSecrets(() => ReadPageAsync(url, cancellationToken));

        private async Task<ExportJobPage> ReadPageAsync(Uri url, CancellationToken cancellationToken)
        {
            var result = await SendApiAsync(HttpMethod.Get, url, null, NewRequestId(), idempotent: true, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess) throw AepApiException.FromResponse(result, Hint(result));
            var page = ParseAnswer(result, ParsePageWithRecords, "a page of export jobs");
            // A record without an id cannot be read, waited for or cancelled: the page is broken, not partly usable.
            if (page.Records.Any(job => job != null && job.Id <= 0)) throw MalformedAnswer(result, "a record in it has no job id", null);
            return page;
        }

        public Task<ExportJob> GetAsync(long id, CancellationToken cancellationToken = default(CancellationToken))
        {
            RequireJobId(id);
            return WithoutSecrets(() => ReadJobAsync(id, cancellationToken));
        }

        private async Task<ExportJob> ReadJobAsync(long id, CancellationToken cancellationToken)
        {
            var result = await SendApiAsync(HttpMethod.Get, JobUrl(id), null, NewRequestId(), idempotent: true, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess) throw WithJob(AepApiException.FromResponse(result, Hint(result, id)), id);
            return ParseJob(result);
        }

        public Task<ExportJob> CreateAsync(ExportJobRequest request, CancellationToken cancellationToken = default(CancellationToken)) =>
            CreateAsync(request, null, cancellationToken);

        public Task<ExportJob> CreateAsync(ExportJobRequest request, string requestId, CancellationToken cancellationToken = default(CancellationToken))
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            return CreateAsync(request.ToJson(), requestId, cancellationToken);
        }

        public Task<ExportJob> CreateAsync(string json, CancellationToken cancellationToken = default(CancellationToken)) =>
            CreateAsync(json, null, cancellationToken);

        /// <summary>
        /// Creates a job from a raw JSON body. The create is sent again only when the server said it did not process it
        /// (429/503) or the connection could not be opened. When the answer is lost after the request may have reached the
        /// server, the newest jobs are searched for <paramref name="requestId"/> (sent as x-request-id): found, that job is
        /// returned; not found, <see cref="AepErrorKind.CreateOutcomeUnknown"/> is thrown. Never two jobs for one call.
        /// </summary>
        public Task<ExportJob> CreateAsync(string json, string requestId, CancellationToken cancellationToken = default(CancellationToken))
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

        private async Task<ExportJob> SendCreateAsync(string compact, string requestId, CancellationToken cancellationToken)
        {

            HttpCallResult result;
            try
            {
                result = await SendApiAsync(HttpMethod.Post, JobsUrl, compact, requestId, idempotent: false, cancellationToken).ConfigureAwait(false);
            }
            catch (AepApiException ex) when (ex.RequestMayHaveBeenProcessed)
            {
                return await ReconcileCreateAsync(requestId, ex, cancellationToken).ConfigureAwait(false);
            }
            if (result.StatusCode == 500 || result.StatusCode == 502 || result.StatusCode == 504)
            {
                // A server or gateway error says nothing about whether the service (behind it) made the job.
                return await ReconcileCreateAsync(requestId, AepApiException.FromResponse(result, Hint(result)), cancellationToken).ConfigureAwait(false);
            }
            if (!result.IsSuccess) throw AepApiException.FromResponse(result, Hint(result));
            try
            {
                return ParseJob(result);
            }
            catch (AepApiException unreadable) when (unreadable.Kind == AepErrorKind.MalformedResponse)
            {
                // A 2xx says the job was made; its answer is unreadable, so find it rather than invite a second create.
                return await ReconcileCreateAsync(requestId, unreadable, cancellationToken).ConfigureAwait(false);
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
            var result = await SendApiAsync(HttpMethod.Delete, JobUrl(id), null, NewRequestId(), idempotent: true, cancellationToken).ConfigureAwait(false);
            if (result.StatusCode == 404 && result.EarlierAttemptMayHaveBeenProcessed)
            {
                _sender.Log(HttpLogLevel.Verbose, $"Job {id} is gone after a retried cancel: an earlier attempt that lost its answer did the work");
                return new CancelResult { HttpStatus = 404, AlreadyGone = true };
            }
            if (!result.IsSuccess) throw WithJob(AepApiException.FromResponse(result, Hint(result, id)), id);
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
        /// Every error leaving the client passes here: a server may echo the client secret or a token in its error body
        /// (an IMS page showing the form it got, a 401 naming the token it refused), and messages, the error payload and
        /// the errors wrapped inside must not show them.
        /// </summary>
        private async Task<T> WithoutSecrets<T>(Func<Task<T>> call)
        {
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

        /// <summary>The URL a <c>link.next</c> value points to, or null when it is not a usable export-jobs link.</summary>
        internal Uri ResolveLink(string link)
        {
            if (string.IsNullOrWhiteSpace(link)) return null;
            link = link.Trim();
            if (Uri.TryCreate(link, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttps || absolute.Scheme == Uri.UriSchemeHttp))
            {
                // Never send the session's token to another host because a server answer said so.
                if (Uri.Compare(absolute, Options.PlatformEndpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0) return null;
                return absolute.AbsolutePath.Contains("/export/jobs") ? absolute : null;
            }
            if (!link.StartsWith("/", StringComparison.Ordinal)) return null;
            var path = link.Split('?')[0];
            if (!path.Contains("/export/jobs")) return null;
            var root = path.StartsWith("/data/", StringComparison.Ordinal) ? Options.PlatformEndpoint : _serviceRoot;
            return new Uri(root.ToString().TrimEnd('/') + link);
        }

        internal void Log(string message) => _sender.Log(HttpLogLevel.Verbose, message);

        private Uri ListUrl(int? limit, string offset, string status)
        {
            if (limit.HasValue && limit.Value < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "The page size must be at least 1.");
            var query = new List<string>();
            if (limit.HasValue) query.Add("limit=" + limit.Value.ToString(CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(offset)) query.Add("offset=" + Uri.EscapeDataString(offset));
            if (!string.IsNullOrEmpty(status)) query.Add("status=" + Uri.EscapeDataString(status));
            return new Uri(JobsUrl + (query.Count > 0 ? "?" + string.Join("&", query) : string.Empty));
        }

        private Uri JobUrl(long id) => new Uri(JobsUrl + "/" + id.ToString(CultureInfo.InvariantCulture));

        private static void RequireJobId(long id)
        {
            if (id < 1) throw new ArgumentOutOfRangeException(nameof(id), id, "An export job id is a positive number.");
        }

        private static string NewRequestId() => Guid.NewGuid().ToString();

        /// <summary>
        /// Sends with the session's headers. A 401 gets a new token and the call is repeated. Only a token refused on its
        /// first attempt right after this call had it issued proves the credentials wrong; a token that expired while the
        /// call waited out throttling is renewed again, within the call's retry budget and at most
        /// MaxRetries (no more than <see cref="MaxTokenRenewals"/>) times.
        /// </summary>
        private async Task<HttpCallResult> SendApiAsync(HttpMethod method, Uri url, string json, string requestId, bool idempotent, CancellationToken cancellationToken)
        {
            if (IsDisposed) throw new ObjectDisposedException(nameof(ExportJobsClient), "This session was disconnected; connect again.");
            int renewals = 0;
            bool tokenIssuedForThisCall = false;
            // One retry budget for the whole call, however often a refused token makes it start again.
            var callTimer = _sender.StartCallTimer();
            while (true)
            {
                int issuedBefore = TokensIssuedSoFar();
                var token = await Tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
                tokenIssuedForThisCall = renewals > 0 && TokensIssuedSoFar() != issuedBefore;
                var spec = new HttpCallSpec
                {
                    Method = method,
                    Url = url,
                    RequestId = requestId,
                    Idempotent = idempotent,
                    LogBody = json,
                    ContentFactory = json != null ? () => new StringContent(json, Encoding.UTF8, "application/json")
                        : method == HttpMethod.Delete ? EmptyBody : (Func<HttpContent>)null,
                    PrepareRequest = request => AddHeaders(request, token),
                    CallTimer = callTimer,
                };
                var result = await _sender.SendAsync(spec, cancellationToken).ConfigureAwait(false);
                if (result.StatusCode != 401) return result;

                if (!Tokens.CanRefresh)
                {
                    var error = AepApiException.FromResponse(result);
                    throw error.WithStatus(AepErrorKind.AccessTokenNotRefreshable,
                        "The platform refused the access token (401"
                        + (string.IsNullOrEmpty(error.Error?.Summary) ? string.Empty : " - " + error.Error.Summary)
                        + "). This session was made from a bare access token, which cannot be refreshed: it has probably expired. "
                        + "Connect again with a new -AccessToken, or with -ClientId/-ClientSecret (or -Credential) so the module can get tokens itself. "
                        + $"Request id: {result.RequestId}.");
                }
                if (tokenIssuedForThisCall && result.Retries == 0)
                {
                    var error = AepApiException.FromResponse(result);
                    throw error.WithStatus(AepErrorKind.AuthenticationFailed,
                        "The platform refused a freshly issued access token (401"
                        + (string.IsNullOrEmpty(error.Error?.Summary) ? string.Empty : " - " + error.Error.Summary)
                        + $"). IMS accepted the client id and secret, so the token is not valid for this API: check that client id '{Options.ClientId}' "
                        + $"belongs to org '{Options.OrgId}' and that its project has the Experience Platform API. Request id: {result.RequestId}.");
                }
                if (renewals >= Math.Min(Math.Max(1, Options.MaxRetries), MaxTokenRenewals) || (renewals > 0 && callTimer() >= Options.MaxRetryTime))
                {
                    var error = AepApiException.FromResponse(result);
                    throw error.WithStatus(AepErrorKind.AuthenticationFailed,
                        $"The platform refused {renewals + 1} access tokens in a row for one call (401"
                        + (string.IsNullOrEmpty(error.Error?.Summary) ? string.Empty : " - " + error.Error.Summary)
                        + "); each new token expired before the call got through. Check that client id "
                        + $"'{Options.ClientId}' belongs to org '{Options.OrgId}', and whether something revokes its tokens. Request id: {result.RequestId}.");
                }
                _sender.Log(HttpLogLevel.Verbose, $"401 for request {requestId}: getting a new access token and repeating the call");
                Tokens.Invalidate(token);
                renewals++;
            }
        }

        /// <summary>
        /// An empty body (Content-Length: 0) for DELETE. .NET silently sends a request without a body again when the
        /// connection closes before any answer; for a cancel the service may already have carried out, that hides the lost
        /// answer from the retry logic, which then takes the 404 of the repeat for a missing job instead of a done cancel.
        /// </summary>
        private static HttpContent EmptyBody() => new ByteArrayContent(new byte[0]);

        /// <summary>How many tokens the provider has fetched: tells whether a token was issued while this call waited for it.</summary>
        private int TokensIssuedSoFar() => Tokens is ImsTokenProvider ims ? ims.TokensIssued : 0;

        private void AddHeaders(HttpRequestMessage request, string token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.TryAddWithoutValidation("x-api-key", Options.ClientId);
            request.Headers.TryAddWithoutValidation("x-gw-ims-org-id", Options.OrgId);
            request.Headers.TryAddWithoutValidation("x-sandbox-name", Options.Sandbox);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.TryAddWithoutValidation("User-Agent", Options.UserAgent);
        }

        /// <summary>What the user can do about an error, from Adobe's gateway codes and the status.</summary>
        private string Hint(HttpCallResult result, long? jobId = null)
        {
            var payload = AepErrorPayload.Parse(result.Body);
            switch (payload.Code)
            {
                case "403003": return $"The API key (client id '{Options.ClientId}') is not valid";
                case "403010": return "The request carried no access token";
                case "403025": return $"The token's profile is not valid for org '{Options.OrgId}'";
                case "400003": return "A required header is missing or malformed";
                case "429050": return "Too many requests: the gateway is throttling this client";
            }
            switch (result.StatusCode)
            {
                case 403: return $"Access denied: check that client id '{Options.ClientId}' may use org '{Options.OrgId}' and sandbox '{Options.Sandbox}'";
                case 404 when jobId.HasValue: return $"No export job {jobId} in sandbox '{Options.Sandbox}'";
                case 429: return "Too many requests: the service kept throttling this client";
                default: return null;
            }
        }

        private static AepApiException WithJob(AepApiException error, long id)
        {
            error.JobId = id;
            return error;
        }

        private ExportJob ParseJob(HttpCallResult result)
        {
            var job = ParseAnswer(result, AepJson.ParseJob, "an export job");
            if (job == null || job.Id == 0) throw MalformedAnswer(result, "it has no job id", null);
            return job;
        }

        /// <summary>
        /// The model parsed from a 2xx answer, or a MalformedResponse error: the body must be a JSON object of the expected
        /// shape (the parse says which) so "null", a bare value or a job where a page belongs never becomes a crash or a
        /// silently empty result.
        /// </summary>
        private static T ParseAnswer<T>(HttpCallResult result, Func<string, T> parse, string what) where T : class
        {
            if (string.IsNullOrWhiteSpace(result.Body)) throw MalformedAnswer(result, $"it is not {what} (empty)", null);
            T value;
            try
            {
                value = parse(result.Body);
            }
            catch (JsonException ex)
            {
                throw MalformedAnswer(result, $"it is not {what} ({ex.Message})", ex);
            }
            catch (FormatException ex)
            {
                throw MalformedAnswer(result, $"it is not {what} ({ex.Message})", ex);
            }
            if (value == null) throw MalformedAnswer(result, $"it is not {what} (empty)", null);
            return value;
        }

        private static ExportJobPage ParsePageWithRecords(string body)
        {
            var page = AepJson.ParsePage(body, out bool hasRecords);
            if (!hasRecords) throw new JsonShapeException("no \"records\" array");
            return page;
        }

        private static AepApiException MalformedAnswer(HttpCallResult result, string why, Exception inner)
        {
            var preview = string.IsNullOrEmpty(result.Body) ? "(empty body)" : AepErrorPayload.Truncate(result.Body, 200);
            return new AepApiException(AepErrorKind.MalformedResponse,
                $"The answer to {result.Method} {result.Url} ({result.StatusCode} {result.ReasonPhrase}) is malformed or truncated: {why}. "
                + $"Request id: {result.RequestId}. Answer begins: {preview}", inner)
            {
                StatusCode = result.StatusCode,
                ReasonPhrase = result.ReasonPhrase,
                RequestId = result.RequestId,
                ServerRequestId = result.ServerRequestId,
                Method = result.Method,
                Url = result.Url,
                Retries = result.Retries,
            };
        }

        private async Task<ExportJob> ReconcileCreateAsync(string requestId, AepApiException lost, CancellationToken cancellationToken)
        {
            _sender.Log(HttpLogLevel.Verbose, $"The create with request id {requestId} lost its answer; looking for a job made by it among the newest {ReconcileScanSize} jobs");
            try
            {
                var pager = ListPages(pageSize: 100);
                int seen = 0;
                ExportJobPage page;
                while (seen < ReconcileScanSize && (page = await pager.NextAsync(cancellationToken).ConfigureAwait(false)) != null)
                {
                    foreach (var job in page.Records)
                    {
                        seen++;
                        if (job != null && string.Equals(job.RequestId, requestId, StringComparison.OrdinalIgnoreCase))
                        {
                            _sender.Log(HttpLogLevel.Verbose, $"The create with request id {requestId} did make job {job.Id}; returning it");
                            return job;
                        }
                    }
                }
            }
            catch (AepApiException lookupError)
            {
                throw new AepApiException(AepErrorKind.CreateOutcomeUnknown,
                    $"{lost.Message} The create may have made a job, and looking for it failed too ({lookupError.Message}). "
                    + $"Check with Get-ExportJob for a job with requestId {requestId} before creating it again.", lost)
                { Method = lost.Method, Url = lost.Url, RequestId = requestId, StatusCode = lost.StatusCode, Error = lost.Error, Retries = lost.Retries, RequestMayHaveBeenProcessed = true };
            }
            throw new AepApiException(AepErrorKind.CreateOutcomeUnknown,
                $"{lost.Message} No job with requestId {requestId} exists among the newest jobs, so the create was most likely not processed; "
                + "it was not sent again because it might still be. Check with Get-ExportJob before creating it again.", lost)
            { Method = lost.Method, Url = lost.Url, RequestId = requestId, StatusCode = lost.StatusCode, Error = lost.Error, Retries = lost.Retries, RequestMayHaveBeenProcessed = true };
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) _http.Dispose();
        }
    }
}
