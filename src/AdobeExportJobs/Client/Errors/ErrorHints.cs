namespace AdobeExportJobs.Client
{
    /// <summary>What the user can do about a refused call, from Adobe's gateway codes and the status.</summary>
    internal static class ErrorHints
    {
        public static string For(HttpCallResult result, AepSessionOptions options, long? jobId = null)
        {
            var payload = AepErrorPayload.Parse(result.Body);
            switch (payload.Code)
            {
                case "403003": return $"The API key (client id '{options.ClientId}') is not valid";
                case "403010": return "The request carried no access token";
                case "403025": return $"The token's profile is not valid for org '{options.OrgId}'";
                case "400003": return "A required header is missing or malformed";
                case "429050": return "Too many requests: the gateway is throttling this client";
            }
            switch (result.StatusCode)
            {
                case 403: return $"Access denied: check that client id '{options.ClientId}' may use org '{options.OrgId}' and sandbox '{options.Sandbox}'";
                case 404 when jobId.HasValue: return $"No export job {jobId} in sandbox '{options.Sandbox}'";
                case 429: return "Too many requests: the service kept throttling this client";
                default: return null;
            }
        }
    }
}
