using System;

namespace AdobeExportJobs.Client
{
    /// <summary>Everything a client needs except the secret: endpoints, identity headers, retry and timeout limits.</summary>
    public sealed class ExportJobsClientOptions
    {
        public const string JobsPath = "/data/core/ups/export/jobs";

        /// <summary>Platform root; the client appends <see cref="JobsPath"/>.</summary>
        public Uri PlatformEndpoint { get; set; } = new Uri(EndpointPolicy.DefaultPlatformEndpoint);

        /// <summary>IMS root; the token provider appends <see cref="ImsTokenProvider.TokenPath"/>.</summary>
        public Uri ImsEndpoint { get; set; } = new Uri(EndpointPolicy.DefaultImsEndpoint);

        /// <summary>Sent as x-api-key.</summary>
        public string ClientId { get; set; }

        /// <summary>Sent as x-gw-ims-org-id.</summary>
        public string OrgId { get; set; }

        /// <summary>Sent as x-sandbox-name.</summary>
        public string Sandbox { get; set; }

        /// <summary>Comma-separated OAuth scopes for IMS.</summary>
        public string Scopes { get; set; }

        public const int DefaultMaxRetries = 1000;
        public static readonly TimeSpan DefaultMaxRetryTime = TimeSpan.FromMinutes(5);

        /// <summary>
        /// A safety cap on the retries of one call (429/500/502/503/504, connection failures, timeouts of safe calls). Waits
        /// last at least about a second once a call has retried a few times, so the time budget, not this count, normally ends the retries.
        /// </summary>
        public int MaxRetries { get; set; } = DefaultMaxRetries;

        /// <summary>The time one call may spend retrying; the last wait is cut to end with it, whatever Retry-After says.</summary>
        public TimeSpan MaxRetryTime { get; set; } = DefaultMaxRetryTime;

        /// <summary>First backoff step when the server gives no Retry-After; doubles each retry.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        /// <summary>
        /// The longest backoff step. Short enough that a call sees the end of an outage within seconds (it retries at
        /// most this long after the service is back), long enough not to hammer a service that is struggling.
        /// </summary>
        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>The longest one HTTP attempt may take, answer body included.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Receives log lines when no <see cref="HttpLogScope"/> is active.</summary>
        public Action<HttpLogEntry> Log { get; set; }

        public string UserAgent { get; set; } = "AdobeExportJobs/" + typeof(ExportJobsClientOptions).Assembly.GetName().Version;

        /// <summary>The clock of the retries; null: real time. Tests use virtual time.</summary>
        internal RetryClock Clock { get; set; }

        public ExportJobsClientOptions Clone() => (ExportJobsClientOptions)MemberwiseClone();

        /// <summary>The most bytes an answer may have (after decompression); a larger one is an error, not read further and not retried.</summary>
        public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

        public const long DefaultMaxResponseBytes = 64L * 1024 * 1024;

        private static void RequireHeaderValue(string value, string what, string name)
        {
            var problem = HeaderValues.Problem(value.Trim());
            if (problem != null) throw new ArgumentException($"The {what} cannot be sent in an HTTP header: {problem}.", name);
        }

        internal void Validate()
        {
            PlatformEndpoint = EndpointPolicy.Validate(PlatformEndpoint?.ToString(), "platform endpoint");
            ImsEndpoint = EndpointPolicy.Validate(ImsEndpoint?.ToString(), "IMS endpoint");
            if (string.IsNullOrWhiteSpace(ClientId)) throw new ArgumentException("A client id (the x-api-key) is required.", nameof(ClientId));
            if (string.IsNullOrWhiteSpace(OrgId)) throw new ArgumentException("An IMS org id (x-gw-ims-org-id, e.g. 1BD6382559DF0C130A49422D@AdobeOrg) is required.", nameof(OrgId));
            if (string.IsNullOrWhiteSpace(Sandbox)) throw new ArgumentException("A sandbox name (x-sandbox-name, e.g. prod) is required.", nameof(Sandbox));
            RequireHeaderValue(ClientId, "client id", nameof(ClientId));
            RequireHeaderValue(OrgId, "IMS org id", nameof(OrgId));
            RequireHeaderValue(Sandbox, "sandbox name", nameof(Sandbox));
            if (MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries cannot be negative.");
            if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "RequestTimeout must be positive.");
            if (MaxResponseBytes < 1) throw new ArgumentOutOfRangeException(nameof(MaxResponseBytes), MaxResponseBytes, "MaxResponseBytes must be positive.");
            if (MaxRetryTime < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxRetryTime), MaxRetryTime, "MaxRetryTime cannot be negative.");
        }
    }
}
