using System;
using System.Threading;
using System.Threading.Tasks;

namespace AdobeExportJobs.Client
{
    /// <summary>Supplies the bearer token for platform calls.</summary>
    public interface IAccessTokenSource
    {
        /// <summary>False for a bare access token: once the platform refuses it, nothing can make a new one.</summary>
        bool CanRefresh { get; }

        /// <summary>When the current token expires, if known.</summary>
        DateTimeOffset? ExpiresOn { get; }

        Task<string> GetAccessTokenAsync(CancellationToken cancellationToken);

        /// <summary>The platform refused <paramref name="rejectedToken"/>: forget it so the next call gets a fresh one.</summary>
        void Invalidate(string rejectedToken);
    }

    /// <summary>A token handed in by the user (-AccessToken / AEP_ACCESS_TOKEN); used as is, never refreshed.</summary>
    public sealed class StaticAccessTokenSource : IAccessTokenSource
    {
        private readonly System.Security.SecureString _token;

        public StaticAccessTokenSource(System.Security.SecureString token)
        {
            if (SecureStrings.IsEmpty(token)) throw new ArgumentException("The access token is empty.", nameof(token));
            var problem = HeaderValues.Problem(SecureStrings.Reveal(token));
            if (problem != null) throw new ArgumentException("The access token cannot be sent in an HTTP header: " + problem + ". Copy the token again, without quotes or line breaks.", nameof(token));
            _token = token.Copy();
            _token.MakeReadOnly();
        }

        public bool CanRefresh => false;

        public DateTimeOffset? ExpiresOn => null;

        public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken) => Task.FromResult(SecureStrings.Reveal(_token));

        public void Invalidate(string rejectedToken) { }
    }
}
