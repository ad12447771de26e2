using System.Management.Automation;
using AdobeExportJobs.Client;
using AdobeExportJobs.Requests;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// The one place ErrorRecords are made: each id of <see cref="ErrorIds"/> with its category and what the user can do
    /// about it, the offending value as the target, and the message as the record's details.
    /// </summary>
    internal static class ErrorRecords
    {
        private const string CorrectTheInput = "Correct the value and run the command again; nothing was sent.";
        private const string SetTheSetting = "Pass it as a parameter or set its AEP_* variable; in a runbook, check that the variables or the credential asset are really set.";
        private const string TryLater = "The service is unavailable; try again later.";

        private static readonly Dictionary<string, (ErrorCategory Category, string Action)> Catalog = new Dictionary<string, (ErrorCategory, string)>
        {
            [ErrorIds.MissingClientId] = (ErrorCategory.InvalidArgument, SetTheSetting),
            [ErrorIds.MissingOrgId] = (ErrorCategory.InvalidArgument, SetTheSetting),
            [ErrorIds.MissingSandbox] = (ErrorCategory.InvalidArgument, SetTheSetting),
            [ErrorIds.MissingCredential] = (ErrorCategory.AuthenticationError, SetTheSetting),
            [ErrorIds.InsecureEndpoint] = (ErrorCategory.SecurityError, "Use https:// (plain http is only for the emulator on this machine, 127.0.0.1 or localhost)."),
            [ErrorIds.InvalidEndpoint] = (ErrorCategory.InvalidArgument, "Give the root URL of the service, such as https://platform.adobe.io."),
            [ErrorIds.InvalidSession] = (ErrorCategory.InvalidArgument, "Correct the value and connect again; nothing was sent."),
            [ErrorIds.NoSession] = (ErrorCategory.InvalidOperation, "Run Connect-Aep (with -ClientId, -ClientSecret, -OrgId, -Sandbox, or the AEP_* environment variables)."),
            [ErrorIds.SessionDisconnected] = (ErrorCategory.InvalidOperation, "Run Connect-Aep or New-AepSession to make a new session."),

            [ErrorIds.AuthenticationFailed] = (ErrorCategory.AuthenticationError, "Check the client id, client secret, org id and scopes of the session."),
            [ErrorIds.AccessTokenExpired] = (ErrorCategory.AuthenticationError, "Connect again with a new -AccessToken, or with client credentials so tokens are refreshed automatically."),
            [ErrorIds.AccessDenied] = (ErrorCategory.PermissionDenied, "Check that the client may use this org and sandbox."),
            [ErrorIds.BadRequest] = (ErrorCategory.InvalidArgument, null),
            [ErrorIds.NotFound] = (ErrorCategory.ObjectNotFound, null),
            [ErrorIds.Conflict] = (ErrorCategory.ResourceExists, null),
            [ErrorIds.Throttled] = (ErrorCategory.LimitsExceeded, "Wait and try again, or raise the session's -MaxRetries / -MaxRetryTimeSec."),
            [ErrorIds.ServiceUnavailable] = (ErrorCategory.ResourceUnavailable, TryLater),
            [ErrorIds.ServerError] = (ErrorCategory.ResourceUnavailable, "The service failed; try again later and report the request id if it persists."),
            [ErrorIds.RequestFailed] = (ErrorCategory.InvalidOperation, null),
            [ErrorIds.ConnectionFailed] = (ErrorCategory.ConnectionError, "Check the endpoint and the network; the call was retried as far as it was safe."),
            [ErrorIds.RequestTimeout] = (ErrorCategory.OperationTimeout, "Try again, or raise the session's -RequestTimeoutSec."),
            [ErrorIds.MalformedResponse] = (ErrorCategory.InvalidResult, "Try again; if it persists, report the request id to Adobe."),
            [ErrorIds.RedirectRefused] = (ErrorCategory.SecurityError, "Point -Endpoint/-ImsEndpoint (AEP_ENDPOINT, AEP_IMS_ENDPOINT) at the service's own address; the module follows no redirects."),
            [ErrorIds.ResponseTooLarge] = (ErrorCategory.InvalidResult, "Check what answers at the session's endpoint (a proxy or gateway page); the platform's own answers are far smaller."),
            [ErrorIds.InvalidRequest] = (ErrorCategory.InvalidArgument, "Check the session's client id, org id, sandbox and token for line breaks or non-ASCII characters."),
            [ErrorIds.InvalidArgument] = (ErrorCategory.InvalidArgument, null),
            [ErrorIds.UnexpectedError] = (ErrorCategory.NotSpecified, null),

            [ErrorIds.ExportJobNotFound] = (ErrorCategory.ObjectNotFound, null),
            [ErrorIds.ExportJobPageNotFound] = (ErrorCategory.ObjectNotFound, null),
            [ErrorIds.ExportJobFailed] = (ErrorCategory.InvalidResult, "Read the job's Errors; fix the cause and create the job again."),
            [ErrorIds.ExportJobWaitTimeout] = (ErrorCategory.OperationTimeout, "Wait again with a longer -Timeout, or cancel the job with Remove-ExportJob."),
            [ErrorIds.ExportJobCreateOutcomeUnknown] = (ErrorCategory.InvalidResult, "List recent jobs (Get-ExportJob) and look for the request id before creating the job again."),
            [ErrorIds.ExportJobNotSucceeded] = (ErrorCategory.InvalidOperation, "Wait for the job (Wait-ExportJob), or read its Errors."),

            [ErrorIds.ExportFileNotFound] = (ErrorCategory.ObjectNotFound, "Save again: what was fetched is kept and resumed."),
            [ErrorIds.ExportFileNameUnsafe] = (ErrorCategory.InvalidData, "Report the file name to Adobe; the module writes nothing outside -Path."),
            [ErrorIds.ExportFileWriteFailed] = (ErrorCategory.WriteError, "Free space or fix the permissions of -Path, then save again: what was fetched is kept and resumed."),
            [ErrorIds.ExportFileSizeMismatch] = (ErrorCategory.InvalidResult, "Save again with -Force."),
            [ErrorIds.ExportFileInvalidPath] = (ErrorCategory.InvalidArgument, CorrectTheInput),

            [ErrorIds.MissingDatasetId] = (ErrorCategory.InvalidArgument, CorrectTheInput),
            [ErrorIds.MissingSchemaName] = (ErrorCategory.InvalidArgument, CorrectTheInput),
            [ErrorIds.EmptySegmentId] = (ErrorCategory.InvalidArgument, CorrectTheInput),
            [ErrorIds.EmptyFieldName] = (ErrorCategory.InvalidArgument, CorrectTheInput),
            [ErrorIds.InvalidSegment] = (ErrorCategory.InvalidArgument, CorrectTheInput),
            [ErrorIds.InvalidSegmentStatus] = (ErrorCategory.InvalidArgument, CorrectTheInput),
            [ErrorIds.SegmentOptionWithoutSegment] = (ErrorCategory.InvalidArgument, CorrectTheInput),
            [ErrorIds.InvalidTime] = (ErrorCategory.InvalidArgument, CorrectTheInput),
            [ErrorIds.TimeOutOfRange] = (ErrorCategory.InvalidArgument, CorrectTheInput),
            [ErrorIds.InvalidTimeWindow] = (ErrorCategory.InvalidArgument, CorrectTheInput),
            [ErrorIds.InvalidMergePolicyVersion] = (ErrorCategory.InvalidArgument, CorrectTheInput),
            [ErrorIds.MergePolicyIdMissing] = (ErrorCategory.InvalidArgument, CorrectTheInput),
            [ErrorIds.InvalidBodyJson] = (ErrorCategory.InvalidArgument, CorrectTheInput),
            [ErrorIds.InvalidBodyType] = (ErrorCategory.InvalidArgument, CorrectTheInput),
            [ErrorIds.InvalidBodyValue] = (ErrorCategory.InvalidArgument, CorrectTheInput),
            [ErrorIds.InvalidTimeout] = (ErrorCategory.InvalidArgument, CorrectTheInput),
            [ErrorIds.InvalidPollInterval] = (ErrorCategory.InvalidArgument, CorrectTheInput),
        };

        /// <summary>What the user can do about <paramref name="errorId"/>; null when the message says all.</summary>
        public static string ActionOf(string errorId) => Catalog[errorId].Action;

        /// <summary>Whether <paramref name="errorId"/> has a category here (a test checks every id of <see cref="ErrorIds"/> has).</summary>
        internal static bool Knows(string errorId) => Catalog.ContainsKey(errorId);

        /// <summary>
        /// The record for <paramref name="errorId"/>, about <paramref name="target"/> (the id or value the failure is
        /// about). Its details are the exception's message and the id's recommended action, unless the caller knows
        /// better words for this failure (<paramref name="message"/>, <paramref name="action"/>).
        /// </summary>
        public static ErrorRecord Create(string errorId, Exception exception, object target, string message = null, string action = null)
        {
            var (category, catalogAction) = Catalog[errorId];
            var plain = MessageOf(exception);
            // The record's exception says what its details say, without .NET's "(Parameter 'x')" either.
            if (exception is ArgumentException && !(exception is PSArgumentException) && plain != exception.Message) exception = new PSArgumentException(plain, exception);
            return new ErrorRecord(exception, errorId, category, target)
            {
                ErrorDetails = new ErrorDetails(message ?? plain) { RecommendedAction = action ?? catalogAction },
            };
        }

        /// <summary>The exception's message without .NET's decorations (see <see cref="PlainMessages.Of"/>).</summary>
        public static string MessageOf(Exception exception) => PlainMessages.Of(exception);

        /// <summary>
        /// Failures a cmdlet reports as ErrorRecords: of its own work. Anything else propagates: pipeline stops, flow
        /// control, bugs.
        /// </summary>
        public static bool IsReportable(Exception exception) =>
            exception is AepApiException
            || exception is AepSessionDisconnectedException
            || exception is ArgumentException
            || exception is ObjectDisposedException;

        /// <summary>The id of a reportable failure; <paramref name="notFoundErrorId"/> is the id of a 404 (e.g. <see cref="ErrorIds.ExportJobNotFound"/>).</summary>
        public static string IdOf(Exception exception, string notFoundErrorId = null)
        {
            switch (exception)
            {
                case ExportJobRequestException refused:
                    return refused.ErrorId;
                case AepApiException api:
                    return IdOf(api, notFoundErrorId);
                case AepSessionDisconnectedException _:
                case ObjectDisposedException _:
                    return ErrorIds.SessionDisconnected;
                case ArgumentException _:
                    return ErrorIds.InvalidArgument;
                default:
                    return ErrorIds.UnexpectedError;
            }
        }

        /// <summary>The record of a reportable failure (see <see cref="IdOf(Exception, string)"/>).</summary>
        public static ErrorRecord FromFailure(Exception exception, object target, string notFoundErrorId = null) =>
            exception is ExportJobRequestException refused
                ? Create(refused.ErrorId, refused, refused.OffendingValue)
                : Create(IdOf(exception, notFoundErrorId), exception, target);

        private static string IdOf(AepApiException api, string notFoundErrorId)
        {
            switch (api.Kind)
            {
                case AepErrorKind.AccessTokenNotRefreshable: return ErrorIds.AccessTokenExpired;
                case AepErrorKind.AuthenticationFailed: return ErrorIds.AuthenticationFailed;
                case AepErrorKind.ConnectionFailed: return ErrorIds.ConnectionFailed;
                case AepErrorKind.Timeout: return ErrorIds.RequestTimeout;
                case AepErrorKind.MalformedResponse: return ErrorIds.MalformedResponse;
                case AepErrorKind.Redirected: return ErrorIds.RedirectRefused;
                case AepErrorKind.ResponseTooLarge: return ErrorIds.ResponseTooLarge;
                case AepErrorKind.InvalidRequest: return ErrorIds.InvalidRequest;
                case AepErrorKind.CreateOutcomeUnknown: return ErrorIds.ExportJobCreateOutcomeUnknown;
            }
            switch (api.StatusCode)
            {
                case 400: return ErrorIds.BadRequest;
                case 401: return ErrorIds.AuthenticationFailed;
                case 403: return ErrorIds.AccessDenied;
                case 404: return notFoundErrorId ?? ErrorIds.NotFound;
                case 409: return ErrorIds.Conflict;
                case 429: return ErrorIds.Throttled;
                case 502:
                case 503:
                case 504: return ErrorIds.ServiceUnavailable;
            }
            return api.StatusCode >= 500 ? ErrorIds.ServerError : ErrorIds.RequestFailed;
        }
    }
}
