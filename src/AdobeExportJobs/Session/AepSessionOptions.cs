using AdobeExportJobs.Client;

namespace AdobeExportJobs
{
    /// <summary>
    /// Everything a session and its client are made of but the secret: endpoints, identity headers, retry and timeout
    /// limits. The one place for their defaults and their rules: a session holds a <see cref="Validated"/> copy, and so
    /// does the client it makes.
    /// </summary>
    internal sealed class AepSessionOptions
    {
        public const string DefaultEndpoint = "https://platform.adobe.io";
        public const string DefaultImsEndpoint = "https://ims-na1.adobelogin.com";

        /// <summary>Scopes Adobe's OAuth server-to-server credentials for Experience Platform use when none are given.</summary>
        public static readonly string[] DefaultScopes = { "openid", "AdobeID", "read_organizations", "additional_info.projectedProductContext", "session" };

        public const int DefaultMaxRetries = 1000;
        public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(60);
        public static readonly TimeSpan DefaultMaxRetryTime = TimeSpan.FromMinutes(5);
        public const long DefaultMaxResponseBytes = 64L * 1024 * 1024;

        /// <summary>Platform root; the client appends the service paths (a proxy's path prefix is kept).</summary>
        public Uri Endpoint { get; set; } = new Uri(DefaultEndpoint);

        /// <summary>IMS root; the token provider appends <see cref="ImsTokenProvider.TokenPath"/>.</summary>
        public Uri ImsEndpoint { get; set; } = new Uri(DefaultImsEndpoint);

        /// <summary>Sent as x-api-key, and as client_id to IMS.</summary>
        public string ClientId { get; set; }

        /// <summary>Sent as x-gw-ims-org-id.</summary>
        public string OrgId { get; set; }

        /// <summary>Sent as x-sandbox-name.</summary>
        public string Sandbox { get; set; }

        /// <summary>OAuth scopes; an entry may hold several, comma-separated. None: <see cref="DefaultScopes"/>.</summary>
        public string[] Scopes { get; set; }

        /// <summary>
        /// A safety cap on the retries of one call (429/500/502/503/504, connection failures, timeouts of safe calls). Waits
        /// last at least about a second once a call has retried a few times, so the time budget, not this count, normally ends the retries.
        /// </summary>
        public int MaxRetries { get; set; } = DefaultMaxRetries;

        /// <summary>The longest one HTTP attempt may take, answer body included.</summary>
        public TimeSpan RequestTimeout { get; set; } = DefaultRequestTimeout;

        /// <summary>The time one call may spend retrying; the last wait is cut to end with it, whatever Retry-After says.</summary>
        public TimeSpan MaxRetryTime { get; set; } = DefaultMaxRetryTime;

        /// <summary>First backoff step when the server gives no Retry-After; doubles each retry.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        /// <summary>
        /// The longest backoff step. Short enough that a call sees the end of an outage within seconds (it retries at
        /// most this long after the service is back), long enough not to hammer a service that is struggling.
        /// </summary>
        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>The most bytes an answer may have (after decompression); a larger one is an error, not read further and not retried.</summary>
        public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

        public string UserAgent { get; set; } = "AdobeExportJobs/" + typeof(AepSessionOptions).Assembly.GetName().Version;

        /// <summary>The clock of the retries; null: real time. Tests use virtual time.</summary>
        public RetryClock Clock { get; set; }

        /// <summary>
        /// A checked copy: endpoints normalized by <see cref="EndpointPolicy"/>, identity trimmed and sendable in a
        /// header, scopes split and defaulted, limits in range. A missing identity value is a
        /// <see cref="MissingSettingException"/> naming the property; anything else unusable an <see cref="ArgumentException"/>.
        /// </summary>
        public AepSessionOptions Validated()
        {
            var valid = (AepSessionOptions)MemberwiseClone();
            valid.ClientId = Required(ClientId, nameof(ClientId), "A client id (the x-api-key) is required.");
            valid.OrgId = Required(OrgId, nameof(OrgId), "An IMS org id (x-gw-ims-org-id, e.g. 1BD6382559DF0C130A49422D@AdobeOrg) is required.");
            valid.Sandbox = Required(Sandbox, nameof(Sandbox), "A sandbox name (x-sandbox-name, e.g. prod) is required.");
            valid.Endpoint = EndpointPolicy.Validate(Endpoint?.ToString(), "platform endpoint");
            valid.ImsEndpoint = EndpointPolicy.Validate(ImsEndpoint?.ToString(), "IMS endpoint");
            SendableInHeader(valid.ClientId, "client id", nameof(ClientId));
            SendableInHeader(valid.OrgId, "IMS org id", nameof(OrgId));
            SendableInHeader(valid.Sandbox, "sandbox name", nameof(Sandbox));
            var scopes = (Scopes ?? new string[0]).SelectMany(s => (s ?? string.Empty).Split(',')).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
            valid.Scopes = scopes.Length > 0 ? scopes : (string[])DefaultScopes.Clone();
            if (MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries cannot be negative.");
            if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "RequestTimeout must be positive.");
            if (MaxRetryTime < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxRetryTime), MaxRetryTime, "MaxRetryTime cannot be negative.");
            if (RetryBaseDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RetryBaseDelay), RetryBaseDelay, "RetryBaseDelay cannot be negative.");
            if (MaxRetryDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxRetryDelay), MaxRetryDelay, "MaxRetryDelay cannot be negative.");
            if (MaxResponseBytes < 1) throw new ArgumentOutOfRangeException(nameof(MaxResponseBytes), MaxResponseBytes, "MaxResponseBytes must be positive.");
            return valid;
        }

        private static string Required(string value, string name, string message)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new MissingSettingException(name, message);
            return value.Trim();
        }

        private static void SendableInHeader(string value, string what, string name)
        {
            var problem = HeaderValues.Problem(value);
            if (problem != null) throw new ArgumentException($"The {what} cannot be sent in an HTTP header: {problem}.", name);
        }
    }
}
