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

        /// <summary>
        /// Reads a 2xx answer's body itself (a download streaming to disk) instead of the sender reading it as text; gets
        /// the attempt's token (cancelled on timeout or stop). An IOException or HttpRequestException from it counts as
        /// a dropped connection (retried when the call is idempotent); any other exception ends the call.
        /// </summary>
        public Func<HttpResponseMessage, CancellationToken, Task> ReadSuccessBody { get; set; }

        /// <summary>Time since the logical call began, when it spans several sends (a repeat after a 401); null: this send alone.</summary>
        public Func<TimeSpan> CallTimer { get; set; }
    }
}
