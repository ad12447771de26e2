namespace AdobeExportJobs.Client
{
    /// <summary>Supplies the bearer token for platform calls.</summary>
    internal interface IAccessTokenSource
    {
        /// <summary>False for a bare access token: once the platform refuses it, nothing can make a new one.</summary>
        bool CanRefresh { get; }

        /// <summary>When the current token expires, if known.</summary>
        DateTimeOffset? ExpiresOn { get; }

        /// <summary>How many tokens this source has fetched: a call that sees the count change while it waited got a new one.</summary>
        int TokensIssued { get; }

        Task<string> GetAccessTokenAsync(CancellationToken cancellationToken);

        /// <summary>The platform refused <paramref name="rejectedToken"/>: forget it so the next call gets a fresh one.</summary>
        void Invalidate(string rejectedToken);
    }
}
