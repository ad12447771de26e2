namespace AdobeExportJobs.Client
{
    /// <summary>A log line about HTTP traffic; its text is already redacted.</summary>
    internal sealed class HttpLogEntry
    {
        public HttpLogEntry(HttpLogLevel level, string message)
        {
            Level = level;
            Message = message;
        }

        public HttpLogLevel Level { get; }

        public string Message { get; }

        public override string ToString() => Message;
    }
}
