using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace AdobeExportJobs.Client
{
    /// <summary>One logical call: sent once, or again on retries, always under the same request id.</summary>
    internal sealed class HttpCallSpec
    {
        public HttpMethod Method { get; set; }
        public Uri Url { get; set; }

        /// <summary>Makes a fresh body for each attempt (a sent HttpContent cannot be sent again).</summary>
        public Func<HttpContent> ContentFactory { get; set; }

        /// <summary>The body as it may be logged (before redaction).</summary>
        public string LogBody { get; set; }

        /// <summary>Adds per-attempt headers such as Authorization.</summary>
        public Action<HttpRequestMessage> PrepareRequest { get; set; }

        public string RequestId { get; set; }

        /// <summary>
        /// Whether sending twice is harmless. A create is not: it is sent again only when the server said it did not
        /// process it (429, 503) or the connection failed before anything was sent.
        /// </summary>
        public bool Idempotent { get; set; }

        /// <summary>Time since the logical call began, when it spans several sends (a repeat after a 401); null: this send alone.</summary>
        public Func<TimeSpan> CallTimer { get; set; }
    }

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
