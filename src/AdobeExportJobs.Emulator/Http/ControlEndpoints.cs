using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AdobeExportJobs.Emulator.Http;

/// <summary>
/// The emulator's own control API (off unless <c>--control-api</c>): lets a test or a rehearsal read the request
/// statistics and switch faults and job durations while the emulator runs in its own process. It lives under
/// <see cref="Routes.Control"/>, a path Adobe's API never uses, and no fault ever strikes it.
/// </summary>
internal static class ControlEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Map(RouteGroupBuilder control)
    {
        control.MapGet("/statistics", (EmulatorStatistics statistics) => Results.Json(new
        {
            statistics.TotalRequests,
            RequestsByMethod = statistics.RequestsByMethod,
            ResponsesByStatus = statistics.ResponsesByStatus.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value),
            FaultsInjected = statistics.FaultsInjected,
            statistics.JobsCreated,
            JobsCreatedByRequestId = statistics.JobsCreatedByRequestId,
            statistics.TokensIssued,
            statistics.Downloads,
            statistics.DownloadedBytes,
            statistics.DownloadsInProgress,
        }, Json));
        control.MapDelete("/statistics", (EmulatorStatistics statistics) =>
        {
            statistics.Reset();
            return Results.NoContent();
        });
        control.MapGet("/faults", (EmulatorOptions options) => Results.Json(options.Faults, Json));
        // Replaces the fault settings as a whole: what the body leaves out is off.
        control.MapPut("/faults", async (HttpContext context, EmulatorOptions options) =>
        {
            FaultOptions faults;
            try { faults = await JsonSerializer.DeserializeAsync<FaultOptions>(context.Request.Body, Json) ?? new FaultOptions(); }
            catch (JsonException e) { return Results.BadRequest(new { detail = e.Message }); }
            options.Faults = faults;
            return Results.Json(faults, Json);
        });
        control.MapDelete("/faults", (EmulatorOptions options) =>
        {
            options.Faults = new FaultOptions();
            return Results.NoContent();
        });
        control.MapPut("/job-duration", (JobDuration duration, EmulatorOptions options) =>
        {
            if (duration.Min < TimeSpan.Zero || duration.Max < duration.Min)
                return Results.BadRequest(new { detail = "Give min >= 0 and max >= min, as hh:mm:ss[.fff]." });
            options.MinJobDuration = duration.Min;
            options.MaxJobDuration = duration.Max;
            return Results.Json(duration, Json);
        });
    }

    internal sealed record JobDuration(TimeSpan Min, TimeSpan Max);
}
