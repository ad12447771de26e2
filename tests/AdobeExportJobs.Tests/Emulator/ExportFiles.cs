using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator;
using Parquet.Serialization;

namespace AdobeExportJobs.Tests.Emulator;

internal static class ProfileIds
{
    public const string SeedSegment = "52c26d0d-45f2-47a2-ab30-ed06abc981ff";
}

/// <summary>
/// Reads exported batches back with Parquet.Net, from the emulator's dataset folder or from downloaded bytes, as
/// JSON documents: structs become objects, lists arrays, timestamps RFC 3339 text (UTC, whole seconds), and null
/// columns (fields a profile does not have) are left out, so a row reads as the exported profile document.
/// </summary>
internal static class ExportFiles
{
    /// <summary>The part files of a batch in part order.</summary>
    public static List<string> PartFiles(EmulatorServer server, string datasetId, string batchId)
    {
        var folder = Path.Combine(server.DatasetRoot, datasetId);
        return Directory.GetFiles(folder, $"part-*-{batchId}-c000.snappy.parquet").OrderBy(f => f, StringComparer.Ordinal).ToList();
    }

    public static List<JsonObject> ReadLines(EmulatorServer server, string datasetId, string batchId)
    {
        var parts = PartFiles(server, datasetId, batchId);
        if (parts.Count == 0) throw new FileNotFoundException($"No part files of batch {batchId} in dataset {datasetId}.");
        return parts.SelectMany(path =>
        {
            using var stream = File.OpenRead(path);
            return ReadRows(stream);
        }).ToList();
    }

    public static List<JsonObject> ReadRows(Stream parquet)
    {
        var result = ParquetSerializer.DeserializeUntypedAsync(parquet).GetAwaiter().GetResult();
        return result.Data.Select(row => (JsonObject)ToJson(row)).ToList();
    }

    public static List<string> ReadIds(EmulatorServer server, string datasetId, string batchId) =>
        ReadLines(server, datasetId, batchId).Select(l => (string)l["_id"]).ToList();

    public static List<JsonObject> ReadJob(EmulatorServer server, JsonObject job) =>
        ReadLines(server, (string)job["destination"]["datasetId"], (string)job["destination"]["batchId"]);

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
