using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AdobeExportJobs.Model;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// Gets OAuth server-to-server tokens from Adobe IMS (<c>POST {ims}/ims/token/v3</c>, client credentials), caches
    /// them, and asks again shortly before expiry or when the platform refuses one. IMS issues no refresh token, so the
    /// provider keeps the client secret (as a SecureString) and uses it for every new token.
    /// </summary>
    public sealed class ImsTokenProvider : IAccessTokenSource
    {
        public const string TokenPath = "/ims/token/v3";

        private static readonly TimeSpan MaxRefreshMargin = TimeSpan.FromMinutes(5);

        private readonly AepHttpSender _sender;
        private readonly Uri _tokenUrl;
        private readonly string _clientId;
        private readonly SecureString _clientSecret;
        private readonly string _scopes;
        private readonly Func<DateTimeOffset> _clock;
        private readonly SemaphoreSlim _fetchLock = new SemaphoreSlim(1, 1);

        private volatile CachedToken _current;

        internal ImsTokenProvider(AepHttpSender sender, Uri imsEndpoint, string clientId, SecureString clientSecret, string scopes, Func<DateTimeOffset> clock = null)
        {
            if (string.IsNullOrWhiteSpace(clientId)) throw new ArgumentException("A client id is needed to get tokens from IMS.", nameof(clientId));
            if (SecureStrings.IsEmpty(clientSecret)) throw new ArgumentException("A client secret is needed to get tokens from IMS.", nameof(clientSecret));
            _sender = sender;
            _tokenUrl = EndpointPolicy.Append(imsEndpoint, TokenPath);
            _clientId = clientId;
            _clientSecret = clientSecret.Copy();
            _clientSecret.MakeReadOnly();
            _sender.Secrets.AddSecret(_clientSecret);
            _scopes = scopes ?? string.Empty;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
        }

        public bool CanRefresh => true;

        public DateTimeOffset? ExpiresOn => _current?.ExpiresOn;

        /// <summary>How many tokens this provider has fetched (for tests and diagnostics).</summary>
        public int TokensIssued { get; private set; }

        public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await GetOrFetchAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (AepApiException error)
            {
                // An IMS error page may echo the form it got, client secret included.
                _sender.Secrets.Scrub(error);
                throw;
            }
        }

        private async Task<string> GetOrFetchAsync(CancellationToken cancellationToken)
        {
            var token = _current;
            if (token != null && !token.NeedsRefresh(_clock())) return token.Value;

            await _fetchLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Another caller may have fetched one while this one waited.
                token = _current;
                if (token != null && !token.NeedsRefresh(_clock())) return token.Value;
                _current = await FetchAsync(cancellationToken).ConfigureAwait(false);
                TokensIssued++;
                return _current.Value;
            }
            finally
            {
                _fetchLock.Release();
            }
        }

        public void Invalidate(string rejectedToken)
        {
            var token = _current;
            // Only the token that was refused: a concurrent call may already have replaced it.
            if (token != null && token.Value == rejectedToken) _current = null;
        }

        private async Task<CachedToken> FetchAsync(CancellationToken cancellationToken)
        {
            var requestedAt = _clock();
            var spec = new HttpCallSpec
            {
                Method = HttpMethod.Post,
                Url = _tokenUrl,
                RequestId = Guid.NewGuid().ToString(),
                // Asking for a token twice is harmless.
                Idempotent = true,
                ContentFactory = () => new FormUrlEncodedContent(new[]
                {
                    new KeyValuePair<string, string>("grant_type", "client_credentials"),
                    new KeyValuePair<string, string>("client_id", _clientId),
                    new KeyValuePair<string, string>("client_secret", SecureStrings.Reveal(_clientSecret)),
                    new KeyValuePair<string, string>("scope", _scopes),
                }),
                LogBody = $"grant_type=client_credentials&client_id={Uri.EscapeDataString(_clientId)}&client_secret={HttpLogFormatter.Mask}&scope={Uri.EscapeDataString(_scopes)}",
            };
            var result = await _sender.SendAsync(spec, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                var hint = result.StatusCode == 400 || result.StatusCode == 401 || result.StatusCode == 403
                    ? $"IMS refused the client credentials: check the client id '{_clientId}', the client secret and the scopes"
                    : "IMS could not issue a token";
                var error = AepApiException.FromResponse(result, hint);
                throw result.StatusCode == 400 || result.StatusCode == 401 || result.StatusCode == 403
                    ? error.WithStatus(AepErrorKind.AuthenticationFailed, error.Message)
                    : error;
            }

            JObject answer;
            try
            {
                answer = AepJson.ParseToken(result.Body) as JObject;
            }
            catch (JsonException ex)
            {
                throw Malformed(result, ex.Message, ex);
            }
            var accessToken = (string)answer?["access_token"];
            if (string.IsNullOrEmpty(accessToken)) throw Malformed(result, "it has no access_token", null);
            _sender.Secrets.AddToken(accessToken);
            var problem = HeaderValues.Problem(accessToken);
            if (problem != null) throw Malformed(result, "the access_token it issued cannot be sent in an HTTP header: " + problem + "; nothing was sent to the platform", null);

            var lifetime = TimeSpan.FromHours(24);
            var expiresIn = answer["expires_in"];
            if (expiresIn != null && (expiresIn.Type == JTokenType.Integer || expiresIn.Type == JTokenType.Float || expiresIn.Type == JTokenType.String)
                && double.TryParse(expiresIn.ToString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            {
                lifetime = TimeSpan.FromSeconds(seconds);
            }
            _sender.Log(HttpLogLevel.Verbose, $"IMS issued an access token for client '{_clientId}', valid for {lifetime.TotalSeconds:0} s");
            return new CachedToken(accessToken, requestedAt + lifetime, lifetime);
        }

        private static AepApiException Malformed(HttpCallResult result, string why, Exception inner) =>
            new AepApiException(AepErrorKind.MalformedResponse,
                $"The IMS token answer to {result.Method} {result.Url} is not usable: {why}. Request id: {result.RequestId}.", inner)
            {
                StatusCode = result.StatusCode,
                ReasonPhrase = result.ReasonPhrase,
                RequestId = result.RequestId,
                Method = result.Method,
                Url = result.Url,
            };

        private sealed class CachedToken
        {
            public CachedToken(string value, DateTimeOffset expiresOn, TimeSpan lifetime)
            {
                Value = value;
                ExpiresOn = expiresOn;
                // Renew a little before the end: a tenth of the lifetime, at most five minutes.
                var margin = TimeSpan.FromTicks(Math.Min(lifetime.Ticks / 10, MaxRefreshMargin.Ticks));
                RefreshAfter = expiresOn - margin;
            }

            public string Value { get; }
            public DateTimeOffset ExpiresOn { get; }
            public DateTimeOffset RefreshAfter { get; }

            public bool NeedsRefresh(DateTimeOffset now) => now >= RefreshAfter;
        }
    }
}
