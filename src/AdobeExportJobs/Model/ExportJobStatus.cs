namespace AdobeExportJobs.Model
{
    /// <summary>
    /// The status strings the service is known to use. Statuses stay strings everywhere so a value
    /// the service adds later passes through untouched.
    /// </summary>
    internal static class ExportJobStatus
    {
        public const string New = "NEW";
        public const string Processing = "PROCESSING";
        public const string Succeeded = "SUCCEEDED";
        public const string Failed = "FAILED";
        public const string Cancelled = "CANCELLED";

        public static readonly string[] Known = { New, Processing, Succeeded, Failed, Cancelled };

        /// <summary>True for the states a job never leaves.</summary>
        public static bool IsFinal(string status) =>
            Is(status, Succeeded) || Is(status, Failed) || Is(status, Cancelled);

        public static bool Is(string status, string expected) =>
            string.Equals(status, expected, StringComparison.OrdinalIgnoreCase);

        /// <summary>A known status in its canonical upper case; any other string unchanged.</summary>
        public static string Normalize(string status)
        {
            foreach (var known in Known)
            {
                if (Is(status, known)) return known;
            }
            return status;
        }
    }
}
