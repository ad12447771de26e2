namespace AdobeExportJobs.Client
{
    /// <summary>
    /// What is known of the call an <see cref="AepApiException"/> is about. Filled once, from the call's answer or its
    /// request (<see cref="AepApiErrors"/>); an error made from an earlier one of the same call starts from a copy.
    /// </summary>
    internal sealed class AepCallFacts
    {
        public string Method;
        public string Url;
        public string RequestId;
        public string ServerRequestId;
        public int StatusCode;
        public string ReasonPhrase;
        public string Location;
        public AepErrorPayload Error;
        public int Retries;
        public TimeSpan? RetryAfter;
        public bool RequestMayHaveBeenProcessed;
        public long? JobId;

        public static AepCallFacts Of(HttpCallResult answer) => new AepCallFacts
        {
            Method = answer.Method,
            Url = answer.Url,
            RequestId = answer.RequestId,
            ServerRequestId = answer.ServerRequestId,
            StatusCode = answer.StatusCode,
            ReasonPhrase = answer.ReasonPhrase,
            Retries = answer.Retries,
            RetryAfter = answer.RetryAfter,
        };

        public static AepCallFacts Of(HttpCallSpec request) => new AepCallFacts
        {
            Method = request.Method.Method,
            Url = HttpLogFormatter.FormatUrl(request.Url),
            RequestId = request.RequestId,
        };

        /// <summary>A call known only by what it asked (a listing or download judged as a whole).</summary>
        public static AepCallFacts Of(string method, Uri url, string requestId, int status = 0) => new AepCallFacts
        {
            Method = method,
            Url = HttpLogFormatter.FormatUrl(url),
            RequestId = requestId,
            StatusCode = status,
        };

        public AepCallFacts Copy() => (AepCallFacts)MemberwiseClone();
    }
}
