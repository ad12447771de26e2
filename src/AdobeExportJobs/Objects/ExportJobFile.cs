using System.Globalization;

namespace AdobeExportJobs
{
    /// <summary>
    /// One file an export job wrote: which job, batch (and segment, with one batch per segment) and Data Access file set
    /// it belongs to, its name and size, where it downloads from and where Save-ExportJobFile puts it.
    /// </summary>
    public sealed class ExportJobFile
    {
        public long JobId { get; set; }

        public string DatasetId { get; set; }

        public string BatchId { get; set; }

        /// <summary>The segment whose batch this is, when the job wrote one batch per segment; null otherwise.</summary>
        public string SegmentId { get; set; }

        public string SegmentNs { get; set; }

        /// <summary>The file set's id in the Data Access API (<c>GET /files/{dataSetFileId}</c>).</summary>
        public string DataSetFileId { get; set; }

        /// <summary>The file's name as the platform gives it (may hold folders, separated by '/').</summary>
        public string Name { get; set; }

        /// <summary>Size in bytes; null when the platform did not say (Save-ExportJobFile then asks with HEAD).</summary>
        public long? Length { get; set; }

        /// <summary>The download URL: <c>{platform}/data/foundation/export/files/{dataSetFileId}?path={name}</c>.</summary>
        public Uri DownloadUrl { get; set; }

        /// <summary>
        /// Where Save-ExportJobFile writes it below -Path, with '/' separators: <c>jobId/batchId/name</c>, or
        /// <c>jobId/batchId/dataSetFileId/name</c> when two file sets of the batch hold files of the same name.
        /// </summary>
        public string RelativePath { get; set; }

        public override string ToString() =>
            RelativePath ?? string.Join("/", JobId.ToString(CultureInfo.InvariantCulture), BatchId, Name);
    }
}
