namespace AdobeExportJobs.Client
{
    /// <summary>A download ended with another size than the platform gives the file; it keeps its temporary name.</summary>
    internal sealed class ExportFileSizeException : Exception
    {
        public ExportFileSizeException(ExportJobFile file, string partialPath, long expected, long actual)
            : base($"'{partialPath}' has {actual} bytes after the download, but '{file?.Name}' has {expected}; it was not renamed. Save again to fetch it anew.")
        {
        }
    }
}
