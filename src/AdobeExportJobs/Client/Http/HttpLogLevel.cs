namespace AdobeExportJobs.Client
{
    internal enum HttpLogLevel
    {
        /// <summary>One line per HTTP call: method, URL, status, time, retries.</summary>
        Verbose,
        /// <summary>Headers and bodies (redacted).</summary>
        Debug,
    }
}
