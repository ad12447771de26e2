namespace AdobeExportJobs.Requests
{
    /// <summary>
    /// A create request refused before it is sent: says which value is wrong and what would be valid.
    /// Carries its own error id so a script can tell one mistake from another.
    /// </summary>
    internal sealed class ExportJobRequestException : ArgumentException
    {
        public ExportJobRequestException(string errorId, string message, object offendingValue, Exception innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
            OffendingValue = offendingValue;
        }

        /// <summary>The FullyQualifiedErrorId stem, one of <see cref="ErrorIds"/>, e.g. <c>InvalidSegmentStatus</c>.</summary>
        public string ErrorId { get; }

        /// <summary>The value that was refused (becomes the ErrorRecord's TargetObject).</summary>
        public object OffendingValue { get; }
    }
}
