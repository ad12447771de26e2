namespace AdobeExportJobs.Client
{
    /// <summary>A token handed in by the user (-AccessToken / AEP_ACCESS_TOKEN); used as is, never refreshed.</summary>
    internal sealed class StaticAccessTokenSource : IAccessTokenSource
    {
        private readonly System.Security.SecureString _token;

        public StaticAccessTokenSource(System.Security.SecureString token)
        {
            RequireSendable(token);
            _token = SecureStrings.ReadOnlyCopy(token);
        }

        /// <summary>Refuses a token that is empty or could not go in an Authorization header, before anything is sent.</summary>
        public static void RequireSendable(System.Security.SecureString token)
        {
            if (SecureStrings.IsEmpty(token)) throw new ArgumentException("The access token is empty.", nameof(token));
            var problem = HeaderValues.Problem(SecureStrings.Reveal(token));
            if (problem != null) throw new ArgumentException("The access token cannot be sent in an HTTP header: " + problem + ". Copy the token again, without quotes or line breaks.", nameof(token));
        }

        public bool CanRefresh => false;

        public DateTimeOffset? ExpiresOn => null;

        public int TokensIssued => 0;

        public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken) => Task.FromResult(SecureStrings.Reveal(_token));

        public void Invalidate(string rejectedToken) { }
    }
}
