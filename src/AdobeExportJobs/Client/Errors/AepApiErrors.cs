using System.Globalization;
using System.Text;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// The one place an <see cref="AepApiException"/> is made: each way a call can fail, with the words that explain it,
    /// and the facts of the call (method, URL, request ids, status, retries...) filled in the same way every time.
    /// </summary>
    internal static class AepApiErrors
    {
        /// <summary>A non-2xx answer: its status, Adobe's code and text, what the user can do (<paramref name="hint"/>), the request id and the retries.</summary>
        public static AepApiException Refused(HttpCallResult result, string hint = null, AepErrorKind kind = AepErrorKind.HttpError)
        {
            var payload = AepErrorPayload.Parse(result.Body);
            var message = new StringBuilder();
            message.Append(result.Method).Append(' ').Append(result.Url).Append(" failed: ")
                .Append(result.StatusCode).Append(' ').Append(result.ReasonPhrase);
            var summary = payload.Summary.TrimEnd('.', ' ');
            if (payload.ShapeKind == AepErrorShape.Text) message.Append(" (non-JSON answer: ").Append(summary).Append(')');
            else if (summary.Length > 0) message.Append(" - ").Append(summary);
            else if (payload.ShapeKind == AepErrorShape.None) message.Append(" (empty answer)");
            if (!string.IsNullOrEmpty(hint)) message.Append(". ").Append(hint.TrimEnd('.'));
            message.Append(". Request id: ").Append(result.RequestId);
            if (result.Retries > 0)
            {
                message.Append(", after ").Append(Retries(result.Retries))
                    .Append(" in ").Append(result.RetryTime.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)).Append(" s");
            }
            if (result.RetriesEnded != null) message.Append(result.Retries > 0 ? "; " : ". Not retried: ").Append(result.RetriesEnded);
            message.Append('.');
            return FromCall(kind, message.ToString(), null, result, payload);
        }

        /// <summary>
        /// A 401 the client gives up on: <paramref name="what"/> was refused, and <paramref name="why"/> (starting with
        /// its own punctuation) says what that means for this session.
        /// </summary>
        public static AepApiException TokenRefused(HttpCallResult result, AepErrorKind kind, string what, string why)
        {
            var payload = AepErrorPayload.Parse(result.Body);
            var summary = string.IsNullOrEmpty(payload.Summary) ? string.Empty : " - " + payload.Summary;
            return FromCall(kind, $"The platform refused {what} (401{summary}){why} Request id: {result.RequestId}.", null, result, payload);
        }

        /// <summary>A 2xx answer that is not what it should be (<paramref name="why"/>); shows how the answer begins.</summary>
        public static AepApiException Malformed(HttpCallResult result, string why, Exception inner)
        {
            var preview = string.IsNullOrEmpty(result.Body) ? "(empty body)" : AepErrorPayload.Truncate(result.Body, 200);
            return FromCall(AepErrorKind.MalformedResponse,
                $"The answer to {result.Method} {result.Url} ({result.StatusCode} {result.ReasonPhrase}) is malformed or truncated: {why}. "
                + $"Request id: {result.RequestId}. Answer begins: {preview}", inner, result, null);
        }

        /// <summary>An IMS answer without a usable token (<paramref name="why"/>); unlike <see cref="Malformed"/>, it shows none of the answer, which holds the token.</summary>
        public static AepApiException UnusableToken(HttpCallResult result, string why, Exception inner) =>
            FromCall(AepErrorKind.MalformedResponse,
                $"The IMS token answer to {result.Method} {result.Url} is not usable: {why}. Request id: {result.RequestId}.", inner, result, null);

        /// <summary>
        /// An answer whose parts do not add up (<paramref name="why"/>): a listing that never ends, a download that brings
        /// no bytes or a file that changed size. Known by the call it answered rather than by one answer's text.
        /// </summary>
        public static AepApiException Malformed(string method, Uri url, int status, string why, Exception inner, string requestId = null) =>
            new AepApiException(AepErrorKind.MalformedResponse,
                $"The answer to {method} {HttpLogFormatter.FormatUrl(url)} ({status}) is malformed: {why}." + (requestId == null ? string.Empty : $" Request id: {requestId}."),
                inner, AepCallFacts.Of(method, url, requestId, status));

        /// <summary>A file whose size neither its details nor a HEAD give: a download of it could not be checked.</summary>
        public static AepApiException SizeUnknown(string name, Uri url) =>
            new AepApiException(AepErrorKind.MalformedResponse,
                $"The size of '{name}' is unknown: neither its details nor a HEAD of {HttpLogFormatter.FormatUrl(url)} give it, so a download could not be checked.",
                null, AepCallFacts.Of("HEAD", url, null));

        /// <summary>A download whose answers kept stopping short of what they announced, <paramref name="resumes"/> times in a row.</summary>
        public static AepApiException KeptEndingEarly(Uri url, string requestId, int resumes, string why, long done, long count)
        {
            var facts = AepCallFacts.Of("GET", url, requestId);
            facts.Retries = resumes;
            return new AepApiException(AepErrorKind.ConnectionFailed,
                $"GET {HttpLogFormatter.FormatUrl(url)} kept ending early: {resumes} answers in a row stopped short ({why}); {done} of {count} bytes arrived. Request id: {requestId}.",
                null, facts);
        }

        /// <summary>
        /// An answer over the size limit: not read further, not retried (it would be as large again). A create answered
        /// so may still have made its job, unless the status says it was not processed.
        /// </summary>
        public static AepApiException TooLarge(HttpCallSpec spec, HttpCallResult result, long limit, long bytes, bool announced, bool earlierMayHaveBeenProcessed)
        {
            var size = limit >= 1024 * 1024 ? $"{limit / (1024.0 * 1024):0.#} MiB" : $"{limit} bytes";
            var message = $"The answer to {result.Method} {result.Url} ({result.StatusCode} {result.ReasonPhrase}) is larger than the {size} the module reads "
                + (announced ? $"(its Content-Length is {bytes.ToString(CultureInfo.InvariantCulture)} bytes); it was not read" : $"(more than {limit.ToString(CultureInfo.InvariantCulture)} bytes after decompression); it was not read further")
                + " and the call was not retried. "
                + $"Something between the module and the platform may be answering instead of it. Request id: {result.RequestId}.";
            bool saidNotProcessed = result.StatusCode >= 400 && result.StatusCode < 500 || RetryPolicy.SaysNotProcessed(result.StatusCode);
            var error = FromCall(AepErrorKind.ResponseTooLarge, message, null, result, null);
            error.Facts.RequestMayHaveBeenProcessed = !spec.Idempotent && (earlierMayHaveBeenProcessed || !saidNotProcessed);
            return error;
        }

        /// <summary>
        /// A 3xx, never followed: a redirect would carry the token request (with the client secret) or the session's
        /// headers to wherever the answer points. Only 307 and 308 say outright that the request was not carried out
        /// here; after any other a create may have made a job, so it is looked for like a create whose answer was lost.
        /// </summary>
        public static AepApiException Redirected(HttpCallSpec spec, HttpCallResult result, bool followedByHandler, bool earlierMayHaveBeenProcessed)
        {
            var where = result.Location == null ? "with no Location" : $"to '{HttpLogFormatter.FormatUrl(result.Location)}'";
            var message = followedByHandler
                ? $"{result.Method} {result.Url} was redirected {where} ({result.StatusCode} {result.ReasonPhrase}) by the HTTP handler; its answer is not used."
                : $"{result.Method} {result.Url} was answered {result.StatusCode} {result.ReasonPhrase}, a redirect {where}.";
            message += " The module follows no redirects: nothing was sent there, because a redirect would carry the client secret or the session's "
                + "headers to another address. Check that -Endpoint and -ImsEndpoint (AEP_ENDPOINT, AEP_IMS_ENDPOINT) name the service itself, "
                + $"not an address that forwards to it. Request id: {result.RequestId}.";
            bool saidNotProcessed = !followedByHandler && (result.StatusCode == 307 || result.StatusCode == 308);
            var error = FromCall(AepErrorKind.Redirected, message, null, result, AepErrorPayload.Parse(result.Body));
            error.Facts.Location = result.Location == null ? null : HttpLogFormatter.FormatUrl(result.Location);
            error.Facts.RequestMayHaveBeenProcessed = !spec.Idempotent && (earlierMayHaveBeenProcessed || !saidNotProcessed);
            return error;
        }

        /// <summary>No answer at all (<paramref name="what"/>: the timeout or the connection failure), after the retries that were safe.</summary>
        public static AepApiException NoAnswer(HttpCallSpec spec, bool timedOut, string what, Exception inner, int retries, string retriesEnded, bool mayHaveBeenProcessed)
        {
            var message = $"{spec.Method.Method} {HttpLogFormatter.FormatUrl(spec.Url)} got no answer: {what}"
                + (retries > 0 ? ", after " + Retries(retries) : string.Empty)
                + (retriesEnded != null ? "; " + retriesEnded : string.Empty)
                + $". Request id: {spec.RequestId}.";
            var error = FromSpec(timedOut ? AepErrorKind.Timeout : AepErrorKind.ConnectionFailed, message, inner, spec);
            error.Facts.Retries = retries;
            error.Facts.RequestMayHaveBeenProcessed = mayHaveBeenProcessed;
            return error;
        }

        /// <summary>The request could not be built (a header value that cannot be sent); nothing was sent.</summary>
        public static AepApiException NotSent(HttpCallSpec spec, Exception inner, string why) =>
            FromSpec(AepErrorKind.InvalidRequest,
                $"{spec.Method.Method} {HttpLogFormatter.FormatUrl(spec.Url)} was not sent: the request could not be built ({why}). Request id: {spec.RequestId}.",
                inner, spec);

        /// <summary>A create that lost its answer and was not found by its request id: it may or may not have made a job.</summary>
        public static AepApiException CreateOutcomeUnknown(AepApiException lost, string requestId, string message)
        {
            var error = Copy(lost, AepErrorKind.CreateOutcomeUnknown, message, lost);
            error.Facts.RequestId = requestId;
            error.Facts.RequestMayHaveBeenProcessed = true;
            return error;
        }

        private static string Retries(int retries) => retries + (retries == 1 ? " retry" : " retries");

        /// <summary>An error about a call that got an answer; <paramref name="payload"/> is Adobe's error body, when it is one.</summary>
        private static AepApiException FromCall(AepErrorKind kind, string message, Exception inner, HttpCallResult result, AepErrorPayload payload)
        {
            var facts = AepCallFacts.Of(result);
            facts.Error = payload;
            return new AepApiException(kind, message, inner, facts);
        }

        private static AepApiException FromSpec(AepErrorKind kind, string message, Exception inner, HttpCallSpec spec) =>
            new AepApiException(kind, message, inner, AepCallFacts.Of(spec));

        /// <summary>An error made from an earlier one of the same call, under a new kind and message.</summary>
        private static AepApiException Copy(AepApiException from, AepErrorKind kind, string message, Exception inner) =>
            new AepApiException(kind, message, inner, from.Facts.Copy());
    }
}
