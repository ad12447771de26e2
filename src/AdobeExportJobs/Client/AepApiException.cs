using System;
using System.Text;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// A failed call to the platform or to IMS: every non-2xx answer, connection failure, timeout or malformed answer.
    /// Carries what a person or a runbook needs to act on it; never a secret (messages pass the log redactor).
    /// </summary>
    public class AepApiException : Exception
    {
        private string _message;

        public AepApiException(AepErrorKind kind, string message, Exception innerException = null)
            : base(HttpLogFormatter.Redact(message), innerException)
        {
            Kind = kind;
            _message = base.Message;
        }

        /// <summary>Redacted by pattern when made; scrubbed of the session's own secrets by value before it leaves the client.</summary>
        public override string Message => _message;

        public AepErrorKind Kind { get; }

        /// <summary>The HTTP status of the answer; 0 when there was no answer.</summary>
        public int StatusCode { get; internal set; }

        public string ReasonPhrase { get; internal set; }

        /// <summary>The x-request-id the client sent (the same on every retry of the call).</summary>
        public string RequestId { get; internal set; }

        /// <summary>The request id the server answered with, when it differs from <see cref="RequestId"/>.</summary>
        public string ServerRequestId { get; internal set; }

        public string Method { get; internal set; }

        /// <summary>The URL called, redacted.</summary>
        public string Url { get; internal set; }

        /// <summary>Where a refused redirect pointed (its Location, redacted); null for other errors.</summary>
        public string Location { get; internal set; }

        /// <summary>Adobe's error payload (either shape) or the non-JSON body, truncated.</summary>
        public AepErrorPayload Error { get; internal set; }

        /// <summary>How many times the call was retried before this error.</summary>
        public int Retries { get; internal set; }

        /// <summary>Seconds the server asked to wait (Retry-After) on the last answer, if it said.</summary>
        public TimeSpan? RetryAfter { get; internal set; }

        /// <summary>True when a create got no answer after it may have reached the server, so a job may exist.</summary>
        public bool RequestMayHaveBeenProcessed { get; internal set; }

        /// <summary>The job id the call was about, if any.</summary>
        public long? JobId { get; internal set; }

        /// <summary>Applies <paramref name="scrub"/> to every text of this error that came from a server or may hold a secret.</summary>
        internal void ScrubWith(Func<string, string> scrub)
        {
            _message = scrub(_message);
            ReasonPhrase = scrub(ReasonPhrase);
            ServerRequestId = scrub(ServerRequestId);
            Url = scrub(Url);
            Location = scrub(Location);
        }

        internal static AepApiException FromResponse(HttpCallResult result, string hint = null)
        {
            var payload = AepErrorPayload.Parse(result.Body);
            var kind = AepErrorKind.HttpError;
            var message = new StringBuilder();
            message.Append(result.Method).Append(' ').Append(result.Url).Append(" failed: ")
                .Append(result.StatusCode).Append(' ').Append(result.ReasonPhrase);
            var summary = payload.Summary.TrimEnd('.', ' ');
            if (payload.Shape == AepErrorShape.Text) message.Append(" (non-JSON answer: ").Append(summary).Append(')');
            else if (summary.Length > 0) message.Append(" - ").Append(summary);
            else if (payload.Shape == AepErrorShape.None) message.Append(" (empty answer)");
            if (!string.IsNullOrEmpty(hint)) message.Append(". ").Append(hint.TrimEnd('.'));
            message.Append(". Request id: ").Append(result.RequestId);
            if (result.Retries > 0)
            {
                message.Append(", after ").Append(result.Retries).Append(result.Retries == 1 ? " retry" : " retries")
                    .Append(" in ").Append(result.RetryTime.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)).Append(" s");
            }
            if (result.RetriesEnded != null) message.Append(result.Retries > 0 ? "; " : ". Not retried: ").Append(result.RetriesEnded);
            message.Append('.');
            return new AepApiException(kind, message.ToString())
            {
                StatusCode = result.StatusCode,
                ReasonPhrase = result.ReasonPhrase,
                RequestId = result.RequestId,
                ServerRequestId = result.ServerRequestId,
                Method = result.Method,
                Url = result.Url,
                Error = payload,
                Retries = result.Retries,
                RetryAfter = result.RetryAfter,
            };
        }

        internal AepApiException WithStatus(AepErrorKind kind, string message) =>
            new AepApiException(kind, message, InnerException)
            {
                StatusCode = StatusCode,
                ReasonPhrase = ReasonPhrase,
                RequestId = RequestId,
                ServerRequestId = ServerRequestId,
                Method = Method,
                Url = Url,
                Location = Location,
                Error = Error,
                Retries = Retries,
                RetryAfter = RetryAfter,
                JobId = JobId,
                RequestMayHaveBeenProcessed = RequestMayHaveBeenProcessed,
            };
    }
}
