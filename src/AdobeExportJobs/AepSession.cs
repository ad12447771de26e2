using System;
using System.Linq;
using System.Security;
using System.Threading;
using AdobeExportJobs.Client;

namespace AdobeExportJobs
{
    /// <summary>
    /// A connection to one org and sandbox: endpoints, identity, limits, and the secret or token (kept as a SecureString
    /// and never shown). Holds the one HttpClient its calls share. Several sessions can live side by side.
    /// </summary>
    public sealed class AepSession : IDisposable
    {
        /// <summary>Scopes Adobe's OAuth server-to-server credentials for Experience Platform use when none are given.</summary>
        public static readonly string[] DefaultScopes = { "openid", "AdobeID", "read_organizations", "additional_info.projectedProductContext", "session" };

        private static int _lastNumber;

        private readonly SecureString _clientSecret;
        private readonly SecureString _accessToken;
        private readonly object _clientLock = new object();
        private ExportJobsClient _client;
        private bool _disconnected;

        public AepSession(AepSessionOptions options)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            Endpoint = EndpointPolicy.Validate(string.IsNullOrWhiteSpace(options.Endpoint) ? EndpointPolicy.DefaultPlatformEndpoint : options.Endpoint, "platform endpoint");
            ImsEndpoint = EndpointPolicy.Validate(string.IsNullOrWhiteSpace(options.ImsEndpoint) ? EndpointPolicy.DefaultImsEndpoint : options.ImsEndpoint, "IMS endpoint");
            ClientId = Required(options.ClientId, "client id", nameof(options.ClientId));
            OrgId = Required(options.OrgId, "IMS org id", nameof(options.OrgId));
            Sandbox = Required(options.Sandbox, "sandbox name", nameof(options.Sandbox));
            SendableInHeader(ClientId, "client id", nameof(options.ClientId));
            SendableInHeader(OrgId, "IMS org id", nameof(options.OrgId));
            SendableInHeader(Sandbox, "sandbox name", nameof(options.Sandbox));
            var scopes = (options.Scopes ?? new string[0]).SelectMany(s => (s ?? string.Empty).Split(',')).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
            Scopes = scopes.Length > 0 ? scopes : (string[])DefaultScopes.Clone();
            if (options.MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(options.MaxRetries), options.MaxRetries, "MaxRetries cannot be negative.");
            if (options.RequestTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options.RequestTimeout), options.RequestTimeout, "RequestTimeout must be positive.");
            MaxRetries = options.MaxRetries;
            RequestTimeout = options.RequestTimeout;
            MaxRetryTime = options.MaxRetryTime < TimeSpan.Zero ? TimeSpan.Zero : options.MaxRetryTime;
            RetryBaseDelay = options.RetryBaseDelay < TimeSpan.Zero ? TimeSpan.Zero : options.RetryBaseDelay;

            bool hasSecret = !SecureStrings.IsEmpty(options.ClientSecret);
            bool hasToken = !SecureStrings.IsEmpty(options.AccessToken);
            if (hasSecret && hasToken) throw new ArgumentException("Give either a client secret or an access token, not both.");
            if (!hasSecret && !hasToken) throw new ArgumentException("A client secret or an access token is required.");
            if (hasToken)
            {
                var problem = HeaderValues.Problem(SecureStrings.Reveal(options.AccessToken));
                if (problem != null) throw new ArgumentException("The access token cannot be sent in an HTTP header: " + problem + ". Copy the token again, without quotes or line breaks.", nameof(options.AccessToken));
            }
            AuthMethod = hasSecret ? AepAuthMethod.ClientCredentials : AepAuthMethod.AccessToken;
            _clientSecret = hasSecret ? ReadOnlyCopy(options.ClientSecret) : null;
            _accessToken = hasToken ? ReadOnlyCopy(options.AccessToken) : null;
            Number = Interlocked.Increment(ref _lastNumber);
            CreatedOn = DateTimeOffset.Now;
        }

        /// <summary>Numbers sessions of this process (1, 2, ...) so they can be told apart in output.</summary>
        public int Number { get; }

        public Uri Endpoint { get; }
        public Uri ImsEndpoint { get; }
        public string ClientId { get; }
        public string OrgId { get; }
        public string Sandbox { get; }
        public string[] Scopes { get; }
        public AepAuthMethod AuthMethod { get; }
        public int MaxRetries { get; }
        public TimeSpan RequestTimeout { get; }
        public TimeSpan MaxRetryTime { get; }
        public TimeSpan RetryBaseDelay { get; }
        public DateTimeOffset CreatedOn { get; }

        /// <summary>The export-jobs URL this session calls.</summary>
        public Uri JobsUrl => EndpointPolicy.Append(Endpoint, ExportJobsClientOptions.JobsPath);

        /// <summary>False for a session made from a bare access token.</summary>
        public bool CanRefreshToken => AuthMethod == AepAuthMethod.ClientCredentials;

        /// <summary>When the cached token expires; null before the first call or when unknown.</summary>
        public DateTimeOffset? TokenExpiresOn
        {
            get { lock (_clientLock) return _client?.Tokens.ExpiresOn?.ToLocalTime(); }
        }

        public bool IsConnected
        {
            get { lock (_clientLock) return !_disconnected; }
        }

        /// <summary>The session's client, made on first use. A method rather than a property so views and Format-List * leave it alone.</summary>
        public ExportJobsClient GetClient()
        {
            lock (_clientLock)
            {
                if (_disconnected) throw new AepSessionDisconnectedException(this);
                if (_client == null)
                {
                    var options = new ExportJobsClientOptions
                    {
                        PlatformEndpoint = Endpoint,
                        ImsEndpoint = ImsEndpoint,
                        ClientId = ClientId,
                        OrgId = OrgId,
                        Sandbox = Sandbox,
                        Scopes = string.Join(",", Scopes),
                        MaxRetries = MaxRetries,
                        RequestTimeout = RequestTimeout,
                        MaxRetryTime = MaxRetryTime,
                        RetryBaseDelay = RetryBaseDelay,
                    };
                    _client = AuthMethod == AepAuthMethod.ClientCredentials
                        ? ExportJobsClient.WithClientCredentials(options, _clientSecret)
                        : ExportJobsClient.WithAccessToken(options, _accessToken);
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

        private static string Required(string value, string what, string name)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"A {what} is required.", name);
            return value.Trim();
        }

        private static void SendableInHeader(string value, string what, string name)
        {
            var problem = HeaderValues.Problem(value);
            if (problem != null) throw new ArgumentException($"The {what} cannot be sent in an HTTP header: {problem}.", name);
        }

        private static SecureString ReadOnlyCopy(SecureString value)
        {
            var copy = value.Copy();
            copy.MakeReadOnly();
            return copy;
        }
    }

    /// <summary>A call through a session after Disconnect-Aep.</summary>
    public sealed class AepSessionDisconnectedException : InvalidOperationException
    {
        public AepSessionDisconnectedException(AepSession session)
            : base($"{session} was disconnected; run Connect-Aep (or New-AepSession) to make a new session.")
        {
            Session = session;
        }

        public AepSession Session { get; }
    }
}
