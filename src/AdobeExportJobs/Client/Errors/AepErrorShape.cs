namespace AdobeExportJobs.Client
{
    /// <summary>Which of Adobe's error bodies an answer carried.</summary>
    internal enum AepErrorShape
    {
        None,
        /// <summary>The API gateway's <c>{"error_code": "401013", "message": "..."}</c>.</summary>
        Gateway,
        /// <summary>The service's <c>{"type", "title", "status", "detail", "report"}</c>.</summary>
        Service,
        /// <summary>IMS's OAuth <c>{"error": "invalid_client", "error_description": "..."}</c>.</summary>
        OAuth,
        /// <summary>Some other JSON object.</summary>
        OtherJson,
        /// <summary>Not JSON at all (a proxy's HTML page, plain text); kept truncated.</summary>
        Text,
    }
}
