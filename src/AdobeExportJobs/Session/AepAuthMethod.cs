namespace AdobeExportJobs
{
    public enum AepAuthMethod
    {
        /// <summary>OAuth server-to-server: tokens from IMS with client id and secret, refreshed as needed.</summary>
        ClientCredentials,
        /// <summary>A ready access token, used until it expires.</summary>
        AccessToken,
    }
}
