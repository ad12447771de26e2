using System;
using System.Security;

namespace AdobeExportJobs
{
    /// <summary>What a session is made from; <see cref="AepSession"/> validates it and copies the secrets.</summary>
    public sealed class AepSessionOptions
    {
        /// <summary>Platform root, e.g. https://platform.adobe.io (null: that default).</summary>
        public string Endpoint { get; set; }

        /// <summary>IMS root, e.g. https://ims-na1.adobelogin.com (null: that default).</summary>
        public string ImsEndpoint { get; set; }

        public string ClientId { get; set; }
        public string OrgId { get; set; }
        public string Sandbox { get; set; }
        public string[] Scopes { get; set; }

        /// <summary>For OAuth server-to-server; exclusive with <see cref="AccessToken"/>.</summary>
        public SecureString ClientSecret { get; set; }

        /// <summary>A ready token; a session made from it cannot refresh it.</summary>
        public SecureString AccessToken { get; set; }

        public int MaxRetries { get; set; } = Client.ExportJobsClientOptions.DefaultMaxRetries;
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);
        public TimeSpan MaxRetryTime { get; set; } = Client.ExportJobsClientOptions.DefaultMaxRetryTime;
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    }

    public enum AepAuthMethod
    {
        /// <summary>OAuth server-to-server: tokens from IMS with client id and secret, refreshed as needed.</summary>
        ClientCredentials,
        /// <summary>A ready access token, used until it expires.</summary>
        AccessToken,
    }
}
