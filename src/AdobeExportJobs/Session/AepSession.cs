using System.Security;
using AdobeExportJobs.Client;

namespace AdobeExportJobs
{
    /// <summary>
    /// A connection to one org and sandbox: its <see cref="AepSessionOptions"/> (endpoints, identity, limits) and the
    /// secret or token (kept as a SecureString and never shown). Holds the one HttpClient its calls share. Several
    /// sessions can live side by side.
    /// </summary>
    public sealed class AepSession : IDisposable
    {
        private static int _lastNumber;

        private readonly SecureString _clientSecret;
        private readonly SecureString _accessToken;
        private readonly object _clientLock = new object();
        private ExportJobsClient _client;
        private bool _disconnected;

        /// <param name="options">Checked here (<see cref="AepSessionOptions.Validated"/>); the session keeps the checked copy.</param>
        /// <param name="clientSecret">For OAuth server-to-server; exclusive with <paramref name="accessToken"/>.</param>
        /// <param name="accessToken">A ready token; a session made from it cannot refresh it.</param>
        internal AepSession(AepSessionOptions options, SecureString clientSecret, SecureString accessToken)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            Options = options.Validated();
            bool hasSecret = !SecureStrings.IsEmpty(clientSecret);
            bool hasToken = !SecureStrings.IsEmpty(accessToken);
            if (hasSecret && hasToken) throw new ArgumentException("Give either a client secret or an access token, not both.");
            if (!hasSecret && !hasToken) throw new ArgumentException("A client secret or an access token is required.");
            if (hasToken) StaticAccessTokenSource.RequireSendable(accessToken);
            AuthMethod = hasSecret ? AepAuthMethod.ClientCredentials : AepAuthMethod.AccessToken;
            _clientSecret = hasSecret ? SecureStrings.ReadOnlyCopy(clientSecret) : null;
            _accessToken = hasToken ? SecureStrings.ReadOnlyCopy(accessToken) : null;
            Number = Interlocked.Increment(ref _lastNumber);
            CreatedOn = ValueText.Time(DateTimeOffset.UtcNow);
        }

        internal AepSessionOptions Options { get; }

        /// <summary>Numbers sessions of this process (1, 2, ...) so they can be told apart in output.</summary>
        public int Number { get; }

        public Uri Endpoint => Options.Endpoint;
        public Uri ImsEndpoint => Options.ImsEndpoint;
        public string ClientId => Options.ClientId;
        public string OrgId => Options.OrgId;
        public string Sandbox => Options.Sandbox;
        public StringList Scopes => new StringList(Options.Scopes);
        public AepAuthMethod AuthMethod { get; }
        public int MaxRetries => Options.MaxRetries;
        // Durations as hh:mm:ss.fff text, like a job's Duration: a TimeSpan would explode into Ticks, Days... in ConvertTo-Json.
        public string RequestTimeout => ValueText.Duration(Options.RequestTimeout);
        public string MaxRetryTime => ValueText.Duration(Options.MaxRetryTime);
        public string RetryBaseDelay => ValueText.Duration(Options.RetryBaseDelay);
        /// <summary>When the session was made, in UTC: 2026-11-30T12:37:00.393Z (ISO 8601 text, as every time the module shows).</summary>
        public string CreatedOn { get; }

        /// <summary>The export-jobs URL this session calls.</summary>
        public Uri JobsUrl => EndpointPolicy.Append(Endpoint, ExportJobsUrls.JobsPath);

        /// <summary>False for a session made from a bare access token.</summary>
        public bool CanRefreshToken => AuthMethod == AepAuthMethod.ClientCredentials;

        /// <summary>When the cached token expires, in UTC as <see cref="CreatedOn"/>; null before the first call or when unknown.</summary>
        public string TokenExpiresOn
        {
            get { lock (_clientLock) return ValueText.Time(_client?.Tokens.ExpiresOn); }
        }

        public bool IsConnected
        {
            get { lock (_clientLock) return !_disconnected; }
        }

        /// <summary>The session's client, made on first use. A method rather than a property so views and Format-List * leave it alone.</summary>
        internal ExportJobsClient GetClient()
        {
            lock (_clientLock)
            {
                if (_disconnected) throw new AepSessionDisconnectedException(this);
                if (_client == null)
                {
                    _client = AuthMethod == AepAuthMethod.ClientCredentials
                        ? ExportJobsClient.WithClientCredentials(Options, _clientSecret)
                        : ExportJobsClient.WithAccessToken(Options, _accessToken);
                }
                return _client;
            }
        }

        /// <summary>Ends the session: its HttpClient and cached token are dropped; later calls fail clearly.</summary>
        public void Disconnect()
        {
            lock (_clientLock)
            {
                _disconnected = true;
                _client?.Dispose();
                _client = null;
            }
        }

        public void Dispose() => Disconnect();

        public override string ToString() =>
            $"AEP session {Number}: client {ClientId}, org {OrgId}, sandbox {Sandbox}, {Endpoint} ({AuthMethod}{(IsConnected ? string.Empty : ", disconnected")})";
    }
}
