namespace AdobeExportJobs.Client
{
    /// <summary>What went wrong in a call, beyond the HTTP status.</summary>
    public enum AepErrorKind
    {
        /// <summary>The server answered with a non-2xx status.</summary>
        HttpError,
        /// <summary>No answer: the connection failed or dropped.</summary>
        ConnectionFailed,
        /// <summary>No answer within the per-request timeout.</summary>
        Timeout,
        /// <summary>A 2xx answer whose body is not the JSON it should be.</summary>
        MalformedResponse,
        /// <summary>IMS refused the client credentials, or the platform refused a freshly issued token.</summary>
        AuthenticationFailed,
        /// <summary>The platform refused the token of a session made from a bare access token, which cannot be refreshed.</summary>
        AccessTokenNotRefreshable,
        /// <summary>A create may or may not have made a job (the connection dropped after the request was sent) and no job with its request id was found.</summary>
        CreateOutcomeUnknown,
        /// <summary>The server answered with a redirect (3xx). The module follows none: nothing is sent to the address it names.</summary>
        Redirected,
        /// <summary>An answer larger than the module reads (after decompression); not read further and not retried.</summary>
        ResponseTooLarge,
        /// <summary>The request could not be built (a header value that cannot be sent); nothing was sent.</summary>
        InvalidRequest,
    }
}
