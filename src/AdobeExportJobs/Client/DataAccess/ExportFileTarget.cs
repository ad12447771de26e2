namespace AdobeExportJobs.Client
{
    /// <summary>One export file's place on disk and what is there already.</summary>
    /// <param name="PartialBytes">Bytes already there: the partial file's size when <paramref name="State"/> is Partial, else 0.</param>
    internal sealed record ExportFileTarget(ExportJobFile File, string Path, string PartialPath, ExportFileState State, long PartialBytes)
    {
        /// <summary>The bytes a save would still fetch, when the file's size is known.</summary>
        public long? BytesToFetch(bool force) =>
            File.Length.HasValue ? (force ? File.Length : State == ExportFileState.Complete ? 0 : File.Length - PartialBytes) : null;
    }
}
