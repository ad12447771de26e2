namespace AdobeExportJobs.Client
{
    /// <summary>A file's name or place (from the server or a pipeline object) cannot be a path below the target folder.</summary>
    internal sealed class ExportFileNameException : Exception
    {
        public ExportFileNameException(ExportJobFile file, string relativePath, string problem)
            : base($"The export file '{relativePath}' cannot be saved: {problem}. Nothing was written.")
        {
            File = file;
            RelativePath = relativePath;
        }

        public ExportJobFile File { get; }

        public string RelativePath { get; }
    }
}
