using System.Text.Json.Nodes;
using Parquet;
using Parquet.Serialization;

namespace AdobeExportJobs.Emulator.Datasets;

/// <summary>
/// Writes one batch's rows as Parquet part files (Snappy-compressed, as Spark writes them): a new part after
/// <c>rowsPerFile</c> rows, each part in row groups of at most <see cref="RowGroupRows"/> rows, so memory stays the
/// size of one row group whatever the batch size. A batch without rows still gets one (empty) part, so every batch
/// of a finished job has a file to list.
/// </summary>
internal static class ParquetBatchWriter
{
    public const int RowGroupRows = 10_000;

    /// <summary>Writes the parts into <paramref name="folder"/>; returns their paths in part order.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(string folder, string batchId, ExportShape shape,
        IAsyncEnumerable<JsonObject> documents, int rowsPerFile, CancellationToken cancellationToken)
    {
        if (rowsPerFile < 1) throw new ArgumentOutOfRangeException(nameof(rowsPerFile));
        var schema = shape.ToParquetSchema();
        var parts = new List<string>();
        var group = new List<IDictionary<string, object>>(Math.Min(RowGroupRows, rowsPerFile));
        FileStream file = null;
        int rowsInPart = 0;
        bool groupsInPart = false;

        async Task FlushGroupAsync()
        {
            if (group.Count == 0 && groupsInPart) return;
            // Append adds a row group to the part written so far; the first group writes the file's header.
            await ParquetSerializer.SerializeUntypedAsync(group, schema, file, new ParquetOptions { Append = groupsInPart }, cancellationToken: cancellationToken);
            groupsInPart = true;
            group.Clear();
        }

        async Task ClosePartAsync()
        {
            await FlushGroupAsync();
            await file.DisposeAsync();
            file = null;
        }

        try
        {
            await foreach (var document in documents.WithCancellation(cancellationToken))
            {
                if (file != null && rowsInPart == rowsPerFile) await ClosePartAsync();
                if (file == null)
                {
                    parts.Add(Path.Combine(folder, BatchFiles.NameOf(batchId, parts.Count)));
                    file = new FileStream(parts[^1], FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
                    rowsInPart = 0;
                    groupsInPart = false;
                }
                group.Add(shape.ToRow(document));
                rowsInPart++;
                if (group.Count == RowGroupRows) await FlushGroupAsync();
            }
            if (file == null)
            {
                parts.Add(Path.Combine(folder, BatchFiles.NameOf(batchId, 0)));
                file = new FileStream(parts[^1], FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
                groupsInPart = false;
            }
            await ClosePartAsync();
            return parts;
        }
        finally
        {
            if (file != null) await file.DisposeAsync();
        }
    }
}
