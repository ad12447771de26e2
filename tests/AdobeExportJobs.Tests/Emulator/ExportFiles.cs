using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator;
using AdobeExportJobs.Emulator.Datasets;

namespace AdobeExportJobs.Tests.Emulator;

internal static class ProfileIds
{
    public const string SeedSegment = "52c26d0d-45f2-47a2-ab30-ed06abc981ff";
}

/// <summary>Reads exported batches from an in-process emulator's dataset folder, row by row as profile documents
/// (Parquet.Net through <see cref="ExportedRows"/>; ParquetExportTests checks the files' schema and row groups directly).</summary>
internal static class ExportFiles
{
    public static List<string> PartFiles(EmulatorServer server, string datasetId, string batchId) =>
        ExportedRows.PartFiles(server.DatasetRoot, datasetId, batchId).ToList();

    public static List<JsonObject> ReadLines(EmulatorServer server, string datasetId, string batchId) =>
        ExportedRows.ReadBatch(server.DatasetRoot, datasetId, batchId);

    public static List<JsonObject> ReadRows(Stream parquet) => ExportedRows.Read(parquet);

    public static List<string> ReadIds(EmulatorServer server, string datasetId, string batchId) =>
        ReadLines(server, datasetId, batchId).Select(l => (string)l["_id"]).ToList();

    public static List<JsonObject> ReadJob(EmulatorServer server, JsonObject job) =>
        ReadLines(server, (string)job["destination"]["datasetId"], (string)job["destination"]["batchId"]);
}
