namespace AdobeExportJobs.Client
{
    /// <summary>
    /// A failed call to the platform or to IMS: every non-2xx answer, connection failure, timeout or malformed answer.
    /// Carries what a person or a runbook needs to act on it; never a secret (messages pass the log redactor).
    /// Made by <see cref="AepApiErrors"/> only.
    /// </summary>
    internal class AepApiException : Exception
    {
        private string _message;

        internal AepApiException(AepErrorKind kind, string message, Exception innerException, AepCallFacts facts)
            : base(HttpLogFormatter.Redact(message), innerException)
        {
            Kind = kind;
            _message = base.Message;
            Facts = facts;
        }

        /// <summary>An error about no call in particular (tests of what reads errors).</summary>
        internal AepApiException(AepErrorKind kind, string message)
            : this(kind, message, null, new AepCallFacts())
        {
        }

        /// <summary>Redacted by pattern when made; scrubbed of the session's own secrets by value before it leaves the client.</summary>
        public override string Message => _message;

        internal AepErrorKind Kind { get; }

        internal AepCallFacts Facts { get; }

        /// <summary>The HTTP status of the answer; 0 when there was no answer.</summary>
        public int StatusCode { get => Facts.StatusCode; internal set => Facts.StatusCode = value; }

        public string ReasonPhrase => Facts.ReasonPhrase;

        /// <summary>The x-request-id the client sent (the same on every retry of the call).</summary>
        public string RequestId => Facts.RequestId;

        /// <summary>The request id the server answered with, when it differs from <see cref="RequestId"/>.</summary>
        public string ServerRequestId => Facts.ServerRequestId;

        public string Method => Facts.Method;

        /// <summary>The URL called, redacted.</summary>
        public string Url => Facts.Url;

        /// <summary>Where a refused redirect pointed (its Location, redacted); null for other errors.</summary>
        public string Location => Facts.Location;

        /// <summary>Adobe's error payload (either shape) or the non-JSON body, truncated.</summary>
        public AepErrorPayload Error => Facts.Error;

        /// <summary>How many times the call was retried before this error.</summary>
        public int Retries => Facts.Retries;

        /// <summary>Seconds the server asked to wait (Retry-After) on the last answer, if it said.</summary>
        public TimeSpan? RetryAfter { get => Facts.RetryAfter; internal set => Facts.RetryAfter = value; }

        /// <summary>True when a create got no answer after it may have reached the server, so a job may exist.</summary>
        public bool RequestMayHaveBeenProcessed => Facts.RequestMayHaveBeenProcessed;

        /// <summary>The job id the call was about, if any.</summary>
        public long? JobId { get => Facts.JobId; internal set => Facts.JobId = value; }

        /// <summary>Applies <paramref name="scrub"/> to every text of this error that came from a server or may hold a secret.</summary>
        internal void ScrubWith(Func<string, string> scrub)
        {
            _message = scrub(_message);
            Facts.ReasonPhrase = scrub(Facts.ReasonPhrase);
            Facts.ServerRequestId = scrub(Facts.ServerRequestId);
            Facts.Url = scrub(Facts.Url);
            Facts.Location = scrub(Facts.Location);
        }
    }
}
