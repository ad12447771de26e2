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

        /// <summary>Retries of one call (429/502/503/504, connection failures, timeouts of safe calls).</summary>
        public int MaxRetries { get; set; } = 4;

        /// <summary>The total time a call may spend in retries; no wait is started that would end past it.</summary>
        public TimeSpan MaxRetryTime { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>First backoff step when the server gives no Retry-After; doubles each retry.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The longest one HTTP attempt may take, answer body included.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Receives log lines when no <see cref="HttpLogScope"/> is active.</summary>
        public Action<HttpLogEntry> Log { get; set; }

        public string UserAgent { get; set; } = "AdobeExportJobs/" + typeof(ExportJobsClientOptions).Assembly.GetName().Version;

        public ExportJobsClientOptions Clone() => (ExportJobsClientOptions)MemberwiseClone();

        internal void Validate()
        {
            PlatformEndpoint = EndpointPolicy.Validate(PlatformEndpoint?.ToString(), "platform endpoint");
            ImsEndpoint = EndpointPolicy.Validate(ImsEndpoint?.ToString(), "IMS endpoint");
            if (string.IsNullOrWhiteSpace(ClientId)) throw new ArgumentException("A client id (the x-api-key) is required.", nameof(ClientId));
            if (string.IsNullOrWhiteSpace(OrgId)) throw new ArgumentException("An IMS org id (x-gw-ims-org-id, e.g. 1BD6382559DF0C130A49422D@AdobeOrg) is required.", nameof(OrgId));
            if (string.IsNullOrWhiteSpace(Sandbox)) throw new ArgumentException("A sandbox name (x-sandbox-name, e.g. prod) is required.", nameof(Sandbox));
            if (MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries cannot be negative.");
            if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "RequestTimeout must be positive.");
            if (MaxRetryTime < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxRetryTime), MaxRetryTime, "MaxRetryTime cannot be negative.");
        }
    }
}
