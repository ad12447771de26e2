using System.Globalization;
using System.Text.RegularExpressions;

namespace AdobeExportJobs.Emulator.Datasets;

/// <summary>One published part file of a batch.</summary>
internal sealed record BatchFile(string BatchId, int Part, string Name, string FullPath, long Length, DateTime LastWriteUtc)
{
    /// <summary>The file's id in the Data Access API: the batch id, a dash, and the part number counted from 1.</summary>
    public string DataSetFileId => BatchFiles.FileIdOf(BatchId, Part);
}

/// <summary>
/// How a batch's files are named and found. A batch is written as part files named the way Spark names them,
/// <c>part-00000-&lt;batchId&gt;-c000.snappy.parquet</c>, directly in &lt;DatasetRoot&gt;/&lt;datasetId&gt;/. In the Data Access
/// API each part is a dataSetFileId (&lt;batchId&gt;-1, -2, …) and the batch id itself names the directory of them all.
/// </summary>
internal static partial class BatchFiles
{
    public static string NameOf(string batchId, int part) => $"part-{part.ToString("D5", CultureInfo.InvariantCulture)}-{batchId}-c000.snappy.parquet";

    public static string FileIdOf(string batchId, int part) => $"{batchId}-{(part + 1).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The batch and part a dataSetFileId names (part null: the batch's directory); false when it names neither.</summary>
    public static bool TryParseFileId(string fileId, out string batchId, out int? part)
    {
        var match = FileId().Match(fileId ?? "");
        batchId = match.Success ? match.Groups["batch"].Value : null;
        part = null;
        if (!match.Success) return false;
        if (!match.Groups["part"].Success) return true;
        if (!int.TryParse(match.Groups["part"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1) return false;
        part = number - 1;
        return true;
    }

    /// <summary>The batch's published part files in part order; empty when there are none.</summary>
    public static IReadOnlyList<BatchFile> List(string datasetRoot, string datasetId, string batchId)
    {
        var folder = Path.Combine(datasetRoot, datasetId);
        if (!Directory.Exists(folder)) return Array.Empty<BatchFile>();
        var files = new List<BatchFile>();
        foreach (var path in Directory.EnumerateFiles(folder, $"part-*-{batchId}-c000.snappy.parquet"))
        {
            var name = Path.GetFileName(path);
            if (!int.TryParse(name.AsSpan(5, 5), NumberStyles.None, CultureInfo.InvariantCulture, out var part) || name != NameOf(batchId, part)) continue;
            var info = new FileInfo(path);
            files.Add(new BatchFile(batchId, part, name, path, info.Length, info.LastWriteTimeUtc));
        }
        files.Sort((a, b) => a.Part.CompareTo(b.Part));
        return files;
    }

    // Batch ids are 32 hex digits (a GUID without dashes), so the last dash, if any, starts the part number.
    [GeneratedRegex(@"\A(?<batch>[0-9a-f]{32})(-(?<part>[0-9]{1,9}))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex FileId();
}
