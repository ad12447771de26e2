using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>One export file's place on disk and what is there already.</summary>
    internal sealed class ExportFileTarget
    {
        public ExportJobFile File { get; internal set; }
        public string Path { get; internal set; }
        public string PartialPath { get; internal set; }
        public ExportFileState State { get; internal set; }

        /// <summary>Bytes already there: the partial file's size when <see cref="State"/> is Partial, else 0.</summary>
        public long PartialBytes { get; internal set; }

        /// <summary>The bytes a save would still fetch, when the file's size is known.</summary>
        public long? BytesToFetch(bool force) =>
            File.Length.HasValue ? (force ? File.Length : State == ExportFileState.Complete ? 0 : File.Length - PartialBytes) : null;
    }
}
