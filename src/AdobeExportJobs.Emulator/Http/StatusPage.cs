using System.Text;
using AdobeExportJobs.Emulator.Datasets;
using AdobeExportJobs.Emulator.Jobs;
using AdobeExportJobs.Emulator.Profiles;
using Microsoft.AspNetCore.Http;

namespace AdobeExportJobs.Emulator.Http;

/// <summary>GET /: what this emulator serves and holds, as plain text for a browser or curl.</summary>
internal static class StatusPage
{
    public static async Task WriteAsync(HttpContext context, EmulatorOptions options, ProfileStore profiles, JobStore jobs,
        DatasetRootFolder datasets, EmulatorStatistics statistics)
    {
        var root = $"{context.Request.Scheme}://{context.Request.Host}";
        var text = new StringBuilder()
            .AppendLine("AdobeExportJobs emulator: the Adobe Experience Platform export jobs API, locally")
            .AppendLine($"Platform API:  {root}{Routes.Jobs}   (AEP_ENDPOINT={root})")
            .AppendLine($"Data Access:   {root}{Routes.DataAccess}/batches/{{batchId}}/files, /files/{{dataSetFileId}}")
            .AppendLine($"IMS token:     {root}{Routes.ImsToken}/v3 and /v2      (AEP_IMS_ENDPOINT={root})")
            .AppendLine($"Clients:       {string.Join(", ", options.AllClients())}")
            .AppendLine($"Sandboxes:     {string.Join(", ", options.Sandboxes)}")
            .AppendLine($"Profiles:      {profiles.Profiles.Count} (seed {profiles.Seed})")
            .AppendLine($"Jobs:          {jobs.Count} {string.Join(" ", jobs.CountByStatus().OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}")
            .AppendLine($"Storage:       {(options.DataDirectory == null ? "in memory" : options.DataDirectory)}")
            .AppendLine($"Datasets:      {datasets.Path} (Parquet, at most {options.ParquetRowsPerFile} rows a file)")
            .AppendLine($"Limits:        bodies {options.MaxRequestBodyBytes} bytes, list pages {options.MaxListLimit} jobs")
            .AppendLine($"Requests:      {statistics}")
            .AppendLine("Documentation: src/AdobeExportJobs.Emulator/README.md of the AdobeExportJobs emulator");
        context.Response.ContentType = "text/plain;charset=utf-8";
        await context.Response.WriteAsync(text.ToString());
    }
}
