using System;
using System.Management.Automation;
using AdobeExportJobs.Client;

namespace AdobeExportJobs.Commands
{
    /// <summary>Turns client failures into ErrorRecords with a category, an error id and the offending object.</summary>
    public static class AepErrorMapper
    {
        public static bool IsReportable(Exception exception) =>
            exception is AepApiException
            || exception is AepSessionDisconnectedException
            || exception is ArgumentException
            || exception is ObjectDisposedException;

        /// <param name="exception">What failed.</param>
        /// <param name="target">The id or value the failure is about (becomes TargetObject).</param>
        /// <param name="notFoundErrorId">Error id for a 404, e.g. "ExportJobNotFound".</param>
        public static ErrorRecord ToErrorRecord(Exception exception, object target, string notFoundErrorId = null)
        {
            var (errorId, category, action) = Classify(exception, notFoundErrorId);
            var record = new ErrorRecord(exception, errorId, category, target);
            record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = action };
            return record;
        }

        private static (string errorId, ErrorCategory category, string action) Classify(Exception exception, string notFoundErrorId)
        {
            switch (exception)
            {
                case AepApiException api:
                    return Classify(api, notFoundErrorId);
                case AepSessionDisconnectedException _:
                case ObjectDisposedException _:
                    return ("AepSessionDisconnected", ErrorCategory.InvalidOperation, "Run Connect-Aep or New-AepSession to make a new session.");
                case ArgumentException _:
                    return ("AepInvalidArgument", ErrorCategory.InvalidArgument, null);
                default:
                    return ("AepUnexpectedError", ErrorCategory.NotSpecified, null);
            }
        }

        private static (string, ErrorCategory, string) Classify(AepApiException api, string notFoundErrorId)
        {
            switch (api.Kind)
            {
                case AepErrorKind.AccessTokenNotRefreshable:
                    return ("AepAccessTokenExpired", ErrorCategory.AuthenticationError, "Connect again with a new -AccessToken, or with client credentials so tokens are refreshed automatically.");
                case AepErrorKind.AuthenticationFailed:
                    return ("AepAuthenticationFailed", ErrorCategory.AuthenticationError, "Check the client id, client secret, org id and scopes of the session.");
                case AepErrorKind.ConnectionFailed:
                    return ("AepConnectionFailed", ErrorCategory.ConnectionError, "Check the endpoint and the network; the call was retried as far as it was safe.");
                case AepErrorKind.Timeout:
                    return ("AepRequestTimeout", ErrorCategory.OperationTimeout, "Try again, or raise the session's -RequestTimeoutSec.");
                case AepErrorKind.MalformedResponse:
                    return ("AepMalformedResponse", ErrorCategory.InvalidResult, "Try again; if it persists, report the request id to Adobe.");
                case AepErrorKind.Redirected:
                    return ("AepRedirectRefused", ErrorCategory.SecurityError, "Point -Endpoint/-ImsEndpoint (AEP_ENDPOINT, AEP_IMS_ENDPOINT) at the service's own address; the module follows no redirects.");
                case AepErrorKind.ResponseTooLarge:
                    return ("AepResponseTooLarge", ErrorCategory.InvalidResult, "Check what answers at the session's endpoint (a proxy or gateway page); the platform's own answers are far smaller.");
                case AepErrorKind.InvalidRequest:
                    return ("AepInvalidRequest", ErrorCategory.InvalidArgument, "Check the session's client id, org id, sandbox and token for line breaks or non-ASCII characters.");
                case AepErrorKind.CreateOutcomeUnknown:
                    return ("ExportJobCreateOutcomeUnknown", ErrorCategory.InvalidResult, "List recent jobs (Get-ExportJob) and look for the request id before creating the job again.");
            }
            switch (api.StatusCode)
            {
                case 400: return ("AepBadRequest", ErrorCategory.InvalidArgument, null);
                case 401: return ("AepAuthenticationFailed", ErrorCategory.AuthenticationError, "Check the session's credentials.");
                case 403: return ("AepAccessDenied", ErrorCategory.PermissionDenied, "Check that the client may use this org and sandbox.");
                case 404: return (notFoundErrorId ?? "AepNotFound", ErrorCategory.ObjectNotFound, null);
                case 409: return ("AepConflict", ErrorCategory.ResourceExists, null);
                case 429: return ("AepThrottled", ErrorCategory.LimitsExceeded, "Wait and try again, or raise the session's -MaxRetries / -MaxRetryTimeSec.");
                case 502:
                case 503:
                case 504: return ("AepServiceUnavailable", ErrorCategory.ResourceUnavailable, "The service is unavailable; try again later.");
            }
            if (api.StatusCode >= 500) return ("AepServerError", ErrorCategory.ResourceUnavailable, "The service failed; try again later and report the request id if it persists.");
            return ("AepRequestFailed", ErrorCategory.InvalidOperation, null);
        }
    }
}
