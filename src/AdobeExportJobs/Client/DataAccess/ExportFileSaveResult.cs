using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>How one file was saved.</summary>
    internal sealed class ExportFileSaveResult
    {
        public ExportJobFile File { get; internal set; }
        public string Path { get; internal set; }
        public long Length { get; internal set; }

        /// <summary>It was complete already and nothing was fetched.</summary>
        public bool Skipped { get; internal set; }

        /// <summary>The byte an earlier, interrupted save had reached (0 when the file was fetched from the start).</summary>
        public long ResumedFrom { get; internal set; }

        public long BytesFetched { get; internal set; }
    }
}
