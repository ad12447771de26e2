using System.Reflection;

namespace AdobeExportJobs
{
    /// <summary>
    /// Every error id the module reports: the first part of an ErrorRecord's FullyQualifiedErrorId, what scripts match
    /// (README's troubleshooting table lists them all; a test keeps the two in step). The one place an id is written.
    /// <para>
    /// The scheme: PascalCase, what went wrong. <c>Aep…</c> for the session and for the service's answers
    /// (connection, authentication, HTTP status); <c>ExportJob…</c> for a job (not found, failed, still running, outcome
    /// unknown), <c>ExportFile…</c> for its files; for input refused before anything is sent, the problem and the input it is about
    /// (<c>InvalidSegmentStatus</c>, <c>MissingDatasetId</c>). Three older ids of that last group put the words the other
    /// way round (<see cref="MergePolicyIdMissing"/>, <see cref="SegmentOptionWithoutSegment"/>, <see cref="TimeOutOfRange"/>);
    /// they stay as they are, because a FullyQualifiedErrorId holds one id and scripts already match these.
    /// </para>
    /// </summary>
    internal static class ErrorIds
    {
        // Making and using a session (Connect-Aep, New-AepSession, -Session).
        public const string MissingClientId = "AepMissingClientId";
        public const string MissingOrgId = "AepMissingOrgId";
        public const string MissingSandbox = "AepMissingSandbox";
        public const string MissingCredential = "AepMissingCredential";
        public const string InsecureEndpoint = "AepInsecureEndpoint";
        public const string InvalidEndpoint = "AepInvalidEndpoint";
        public const string InvalidSession = "AepInvalidSession";
        public const string NoSession = "AepNoSession";
        public const string SessionDisconnected = "AepSessionDisconnected";

        // A call to the platform or to IMS that failed.
        public const string AuthenticationFailed = "AepAuthenticationFailed";
        public const string AccessTokenExpired = "AepAccessTokenExpired";
        public const string AccessDenied = "AepAccessDenied";
        public const string BadRequest = "AepBadRequest";
        public const string NotFound = "AepNotFound";
        public const string Conflict = "AepConflict";
        public const string Throttled = "AepThrottled";
        public const string ServiceUnavailable = "AepServiceUnavailable";
        public const string ServerError = "AepServerError";
        public const string RequestFailed = "AepRequestFailed";
        public const string ConnectionFailed = "AepConnectionFailed";
        public const string RequestTimeout = "AepRequestTimeout";
        public const string MalformedResponse = "AepMalformedResponse";
        public const string RedirectRefused = "AepRedirectRefused";
        public const string ResponseTooLarge = "AepResponseTooLarge";
        public const string InvalidRequest = "AepInvalidRequest";
        public const string InvalidArgument = "AepInvalidArgument";
        public const string UnexpectedError = "AepUnexpectedError";

        // Export jobs.
        public const string ExportJobNotFound = "ExportJobNotFound";
        public const string ExportJobPageNotFound = "ExportJobPageNotFound";
        public const string ExportJobFailed = "ExportJobFailed";
        public const string ExportJobWaitTimeout = "ExportJobWaitTimeout";
        public const string ExportJobCreateOutcomeUnknown = "ExportJobCreateOutcomeUnknown";
        public const string ExportJobNotSucceeded = "ExportJobNotSucceeded";

        // The files of export jobs (Get-ExportJobFile, Save-ExportJobFile).
        public const string ExportFileNotFound = "ExportFileNotFound";
        public const string ExportFileNameUnsafe = "ExportFileNameUnsafe";
        public const string ExportFileWriteFailed = "ExportFileWriteFailed";
        public const string ExportFileSizeMismatch = "ExportFileSizeMismatch";
        public const string ExportFileInvalidPath = "ExportFileInvalidPath";

        // Input refused before anything is sent: New-ExportJob's create body, Wait-ExportJob's durations.
        public const string MissingDatasetId = "MissingDatasetId";
        public const string MissingSchemaName = "MissingSchemaName";
        public const string EmptySegmentId = "EmptySegmentId";
        public const string EmptyFieldName = "EmptyFieldName";
        public const string InvalidSegment = "InvalidSegment";
        public const string InvalidSegmentStatus = "InvalidSegmentStatus";
        public const string SegmentOptionWithoutSegment = "SegmentOptionWithoutSegment";
        public const string InvalidTime = "InvalidTime";
        public const string TimeOutOfRange = "TimeOutOfRange";
        public const string InvalidTimeWindow = "InvalidTimeWindow";
        public const string InvalidMergePolicyVersion = "InvalidMergePolicyVersion";
        public const string MergePolicyIdMissing = "MergePolicyIdMissing";
        public const string InvalidBodyJson = "InvalidBodyJson";
        public const string InvalidBodyType = "InvalidBodyType";
        public const string InvalidBodyValue = "InvalidBodyValue";
        public const string InvalidTimeout = "InvalidTimeout";
        public const string InvalidPollInterval = "InvalidPollInterval";

        /// <summary>Every id above.</summary>
        public static IReadOnlyList<string> All { get; } = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()).ToList();
    }
}
