using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using Parquet.Serialization;

namespace AdobeExportJobs.Emulator.Datasets;

/// <summary>
/// Reads exported batches back (with Parquet.Net) as the profile documents they hold: structs become objects, lists
/// arrays, timestamps RFC 3339 text (UTC, whole seconds), and null columns (fields a profile does not have) are left
/// out. For tests, in C# and in PowerShell (<see cref="ReadBatchAsJson"/>), and for looking into an export.
/// </summary>
public static class ExportedRows
{
    /// <summary>The full paths of a batch's part files in part order; empty when the batch has none (yet).</summary>
    public static IReadOnlyList<string> PartFiles(string datasetRoot, string datasetId, string batchId) =>
        BatchFiles.List(datasetRoot, datasetId, batchId).Select(f => f.FullPath).ToList();

    /// <summary>Every row of every part of a batch, in part order.</summary>
    public static List<JsonObject> ReadBatch(string datasetRoot, string datasetId, string batchId)
    {
        var parts = PartFiles(datasetRoot, datasetId, batchId);
        if (parts.Count == 0) throw new FileNotFoundException($"No part files of batch {batchId} in dataset {datasetId} under {datasetRoot}.");
        return parts.SelectMany(path =>
        {
            using var stream = File.OpenRead(path);
            return Read(stream);
        }).ToList();
    }

    /// <summary><see cref="ReadBatch"/> with each row as JSON text (for PowerShell's ConvertFrom-Json).</summary>
    public static string[] ReadBatchAsJson(string datasetRoot, string datasetId, string batchId) =>
        ReadBatch(datasetRoot, datasetId, batchId).Select(row => row.ToJsonString()).ToArray();

    /// <summary>The rows of one Parquet file, e.g. one downloaded through the Data Access API.</summary>
    public static List<JsonObject> Read(Stream parquet)
    {
        var result = ParquetSerializer.DeserializeUntypedAsync(parquet).GetAwaiter().GetResult();
        return result.Data.Select(row => (JsonObject)ToJson(row)).ToList();
    }

    private static JsonNode ToJson(object value) => value switch
    {
        null => null,
        IDictionary<string, object> row => new JsonObject(row.Where(p => p.Value != null).Select(p => KeyValuePair.Create(p.Key, ToJson(p.Value)))),
        string text => JsonValue.Create(text),
        ReadOnlyMemory<char> text => JsonValue.Create(text.ToString()),
        DateTime time => JsonValue.Create(DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
        long number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        bool flag => JsonValue.Create(flag),
        IEnumerable items => new JsonArray(items.Cast<object>().Select(ToJson).ToArray()),
        _ => throw new NotSupportedException($"A Parquet value of type {value.GetType()} was not expected."),
    };
}
