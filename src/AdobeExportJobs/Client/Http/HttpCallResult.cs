using System.Net.Http.Headers;

namespace AdobeExportJobs.Client
{
    /// <summary>The final answer of a call after any retries.</summary>
    internal sealed class HttpCallResult
    {
        public string Method { get; set; }
        public string Url { get; set; }
        public int StatusCode { get; set; }
        public string ReasonPhrase { get; set; }
        public string Body { get; set; }
        public HttpResponseHeaders Headers { get; set; }
        public string RequestId { get; set; }
        public string ServerRequestId { get; set; }
        public int Retries { get; set; }
        public TimeSpan? RetryAfter { get; set; }

        /// <summary>For an answer that would have been retried: how long the call spent, and why it retried no more.</summary>
        public TimeSpan RetryTime { get; set; }
        public string RetriesEnded { get; set; }

        /// <summary>The answer's Content-Length (for a HEAD, the size a GET would send); null when it did not say.</summary>
        public long? ContentLength { get; set; }

        /// <summary>The Location header of the answer, resolved against the URL called; null when absent.</summary>
        public Uri Location { get; set; }

        /// <summary>
        /// True when an earlier attempt of this call got no answer or a gateway error, so the server may have carried it
        /// out already (a retried DELETE that then finds nothing has done its work).
        /// </summary>
        public bool EarlierAttemptMayHaveBeenProcessed { get; set; }

        public bool IsSuccess => StatusCode >= 200 && StatusCode < 300;

        public bool IsRedirect => StatusCode >= 300 && StatusCode < 400;
    }
}
