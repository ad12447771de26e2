namespace AdobeExportJobs.Client
{
    /// <summary>What is on disk for one export file before it is saved.</summary>
    internal enum ExportFileState
    {
        /// <summary>Nothing yet.</summary>
        Absent,
        /// <summary>A download that stopped part way: <c>&lt;name&gt;.partial</c>, resumed from its end.</summary>
        Partial,
        /// <summary>The file, with the size the platform gives it.</summary>
        Complete,
        /// <summary>A file of that name with another size (an older export's, or changed by hand), or of a size not known yet: downloaded again unless a HEAD shows it complete.</summary>
        Different,
    }
}
