using System.Net.Http.Headers;
using System.Text;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// Sends the export-jobs calls of one session: its identity headers and a token from its token source (through
    /// <see cref="IAccessTokenSource"/> only) on every attempt, and a new token when the platform refuses one.
    /// </summary>
    internal sealed class PlatformCaller
    {
        /// <summary>
        /// How often one call gets a new token after a 401 when tokens keep expiring while it waits out throttling; more
        /// than that says something revokes them, which more tokens will not cure.
        /// </summary>
        internal const int MaxTokenRenewals = 5;

        private readonly AepHttpSender _sender;
        private readonly IAccessTokenSource _tokens;
        private readonly AepSessionOptions _options;

        public PlatformCaller(AepHttpSender sender, IAccessTokenSource tokens, AepSessionOptions options)
        {
            _sender = sender;
            _tokens = tokens;
            _options = options;
        }

        /// <summary>
        /// Sends with the session's headers. A 401 gets a new token and the call is repeated. Only a token refused on its
        /// first attempt right after this call had it issued proves the credentials wrong; a token that expired while the
        /// call waited out throttling is renewed again, within the call's retry budget and at most
        /// MaxRetries (no more than <see cref="MaxTokenRenewals"/>) times.
        /// </summary>
        /// <param name="prepare">Changes each attempt's request after the session's headers are set (a download's Range and Accept).</param>
        /// <param name="readSuccessBody">Reads a 2xx body itself instead of the sender reading it as text (see <see cref="HttpCallSpec.ReadSuccessBody"/>).</param>
        public async Task<HttpCallResult> SendAsync(HttpMethod method, Uri url, string json, string requestId, bool idempotent, CancellationToken cancellationToken,
            Action<HttpRequestMessage> prepare = null, Func<HttpResponseMessage, CancellationToken, Task> readSuccessBody = null)
        {
            int renewals = 0;
            bool tokenIssuedForThisCall = false;
            // One retry budget for the whole call, however often a refused token makes it start again.
            var callTimer = _sender.StartCallTimer();
            while (true)
            {
                int issuedBefore = _tokens.TokensIssued;
                var token = await _tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
                tokenIssuedForThisCall = renewals > 0 && _tokens.TokensIssued != issuedBefore;
                var spec = new HttpCallSpec
                {
                    Method = method,
                    Url = url,
                    RequestId = requestId,
                    Idempotent = idempotent,
                    LogBody = json,
                    ContentFactory = json != null ? () => new StringContent(json, Encoding.UTF8, "application/json")
                        : method == HttpMethod.Delete ? EmptyBody : (Func<HttpContent>)null,
                    PrepareRequest = request =>
                    {
                        AddHeaders(request, token);
                        prepare?.Invoke(request);
                    },
                    ReadSuccessBody = readSuccessBody,
                    CallTimer = callTimer,
                };
                var result = await _sender.SendAsync(spec, cancellationToken).ConfigureAwait(false);
                if (result.StatusCode != 401) return result;

                if (!_tokens.CanRefresh)
                {
                    throw AepApiErrors.TokenRefused(result, AepErrorKind.AccessTokenNotRefreshable, "the access token",
                        ". This session was made from a bare access token, which cannot be refreshed: it has probably expired. "
                        + "Connect again with a new -AccessToken, or with -ClientId/-ClientSecret (or -Credential) so the module can get tokens itself.");
                }
                if (tokenIssuedForThisCall && result.Retries == 0)
                {
                    throw AepApiErrors.TokenRefused(result, AepErrorKind.AuthenticationFailed, "a freshly issued access token",
                        $". IMS accepted the client id and secret, so the token is not valid for this API: check that client id '{_options.ClientId}' "
                        + $"belongs to org '{_options.OrgId}' and that its project has the Experience Platform API.");
                }
                if (renewals >= Math.Min(Math.Max(1, _options.MaxRetries), MaxTokenRenewals) || (renewals > 0 && callTimer() >= _options.MaxRetryTime))
                {
                    throw AepApiErrors.TokenRefused(result, AepErrorKind.AuthenticationFailed, $"{renewals + 1} access tokens in a row for one call",
                        "; each new token expired before the call got through. Check that client id "
                        + $"'{_options.ClientId}' belongs to org '{_options.OrgId}', and whether something revokes its tokens.");
                }
                _sender.Log(HttpLogLevel.Verbose, $"401 for request {requestId}: getting a new access token and repeating the call");
                _tokens.Invalidate(token);
                renewals++;
            }
        }

        /// <summary>
        /// An empty body (Content-Length: 0) for DELETE. .NET silently sends a request without a body again when the
        /// connection closes before any answer; for a cancel the service may already have carried out, that hides the lost
        /// answer from the retry logic, which then takes the 404 of the repeat for a missing job instead of a done cancel.
        /// </summary>
        private static HttpContent EmptyBody() => new ByteArrayContent(new byte[0]);

        private void AddHeaders(HttpRequestMessage request, string token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.TryAddWithoutValidation("x-api-key", _options.ClientId);
            request.Headers.TryAddWithoutValidation("x-gw-ims-org-id", _options.OrgId);
            request.Headers.TryAddWithoutValidation("x-sandbox-name", _options.Sandbox);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        }
    }
}
