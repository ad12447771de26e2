using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator;

namespace AdobeExportJobs.Tests.Emulator;

internal static class ProfileIds
{
    public const string SeedSegment = "52c26d0d-45f2-47a2-ab30-ed06abc981ff";
}

/// <summary>Reads exported batches from the emulator's dataset folder.</summary>
internal static class ExportFiles
{
    public static List<JsonObject> ReadLines(EmulatorServer server, string datasetId, string batchId)
    {
        var path = Path.Combine(server.DatasetRoot, datasetId, batchId + ".json");
        return File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
    }

    public static List<string> ReadIds(EmulatorServer server, string datasetId, string batchId) =>
        ReadLines(server, datasetId, batchId).Select(l => (string)l["_id"]).ToList();

    public static List<JsonObject> ReadJob(EmulatorServer server, JsonObject job) =>
        ReadLines(server, (string)job["destination"]["datasetId"], (string)job["destination"]["batchId"]);
}
