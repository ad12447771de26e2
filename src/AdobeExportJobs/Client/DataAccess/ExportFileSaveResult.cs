namespace AdobeExportJobs.Client
{
    /// <summary>How one file was saved.</summary>
    /// <param name="Skipped">It was complete already and nothing was fetched.</param>
    /// <param name="ResumedFrom">The byte an earlier, interrupted save had reached (0 when the file was fetched from the start).</param>
    internal sealed record ExportFileSaveResult(ExportJobFile File, string Path, long Length, bool Skipped, long ResumedFrom, long BytesFetched);
}
