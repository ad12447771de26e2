using System.Globalization;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// Where saved export files go below the target folder: <c>&lt;jobId&gt;/&lt;batchId&gt;/&lt;name&gt;</c>, and
    /// <c>&lt;jobId&gt;/&lt;batchId&gt;/&lt;dataSetFileId&gt;/&lt;name&gt;</c> for names that two file sets of one batch share.
    /// Every part comes from a server or a pipeline object, so each is checked before it becomes a path: nothing lands
    /// outside the target folder.
    /// </summary>
    internal static class ExportFileLayout
    {
        /// <summary>Appended to a file's name while it downloads; renamed away only once its size is right.</summary>
        public const string PartialSuffix = ".partial";

        private static readonly char[] Separators = { '/', '\\' };
        private static readonly HashSet<char> Invalid = new HashSet<char>(Path.GetInvalidFileNameChars().Concat(new[] { '/', '\\' }));

        /// <summary>Sets <see cref="ExportJobFile.RelativePath"/> of the files of one batch.</summary>
        internal static void AssignPaths(IReadOnlyCollection<ExportJobFile> filesOfOneBatch)
        {
            var shared = new HashSet<string>(filesOfOneBatch.GroupBy(f => f.Name ?? string.Empty, StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Select(f => f.DataSetFileId).Distinct(StringComparer.Ordinal).Count() > 1)
                .Select(g => g.Key), StringComparer.OrdinalIgnoreCase);
            foreach (var file in filesOfOneBatch) file.RelativePath = RelativePath(file, shared.Contains(file.Name ?? string.Empty));
        }

        /// <summary>The relative path of a file, '/'-separated; <paramref name="underFileSet"/> adds its dataSetFileId as a folder.</summary>
        public static string RelativePath(ExportJobFile file, bool underFileSet = false)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            var parts = new List<string> { file.JobId.ToString(CultureInfo.InvariantCulture), file.BatchId };
            if (underFileSet) parts.Add(file.DataSetFileId);
            parts.Add(file.Name);
            return string.Join("/", parts.Select(p => p ?? string.Empty));
        }

        /// <summary>
        /// The full local path of a file below <paramref name="root"/>, from its <see cref="ExportJobFile.RelativePath"/>
        /// (or the default layout when it has none). An <see cref="ExportFileNameException"/> when a part of it is empty,
        /// <c>.</c> or <c>..</c>, or holds a character no file name may have.
        /// </summary>
        public static string LocalPath(string root, ExportJobFile file)
        {
            if (string.IsNullOrEmpty(root)) throw new ArgumentException("The target folder is empty.", nameof(root));
            if (file == null) throw new ArgumentNullException(nameof(file));
            var relative = string.IsNullOrEmpty(file.RelativePath) ? RelativePath(file) : file.RelativePath;
            var segments = relative.Split(Separators);
            foreach (var segment in segments)
            {
                var problem = Problem(segment);
                if (problem != null) throw new ExportFileNameException(file, relative, problem);
            }
            var fullRoot = Path.GetFullPath(root);
            var path = Path.GetFullPath(Path.Combine(new[] { fullRoot }.Concat(segments).ToArray()));
            var prefix = fullRoot.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? fullRoot : fullRoot + Path.DirectorySeparatorChar;
            if (!path.StartsWith(prefix, StringComparison.Ordinal)) throw new ExportFileNameException(file, relative, "it leads out of the target folder");
            return path;
        }

        /// <summary>The temporary name a file has while it downloads.</summary>
        public static string PartialPath(string localPath) => localPath + PartialSuffix;

        private static string Problem(string segment)
        {
            if (segment.Length == 0) return "it has an empty part";
            if (segment == "." || segment == "..") return $"it has a '{segment}' part";
            if (segment.Any(c => Invalid.Contains(c) || char.IsControl(c))) return $"its part '{Printable(segment)}' holds a character no file name may have";
            if (segment.EndsWith(PartialSuffix, StringComparison.OrdinalIgnoreCase)) return $"its part '{segment}' ends in {PartialSuffix}, the suffix of unfinished downloads";
            return null;
        }

        private static string Printable(string text) =>
            new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
