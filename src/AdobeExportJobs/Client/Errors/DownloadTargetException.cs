namespace AdobeExportJobs.Client
{
    /// <summary>
    /// Writing a download to its target failed (a full disk, a file taken away): not a network failure, so never
    /// retried as one. The inner exception says what the file system reported.
    /// </summary>
    internal sealed class DownloadTargetException : Exception
    {
        public DownloadTargetException(IOException inner, string path = null)
            : base(path == null ? "Writing the download failed: " + inner.Message : $"Writing '{path}' failed: {inner.Message}", inner)
        {
            Path = path;
        }

        /// <summary>The file being written, when known.</summary>
        public string Path { get; }
    }
}
