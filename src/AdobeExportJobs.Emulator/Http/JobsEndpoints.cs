using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator.Jobs;
using AdobeExportJobs.Emulator.Profiles;
using Microsoft.AspNetCore.Http;

namespace AdobeExportJobs.Emulator.Http;

/// <summary>The export jobs API: GET/POST /data/core/ups/export/jobs and GET/DELETE /data/core/ups/export/jobs/{id}.</summary>
internal sealed class JobsEndpoints(
    EmulatorOptions options,
    CallerAuthenticator authenticator,
    JobStore store,
    JobRunner runner,
    ProfileStore profiles,
    FaultInjector faults,
    EmulatorStatistics statistics)
{
    public const string CollectionPath = "/data/core/ups/export/jobs";

    /// <summary>The path link.next is relative to (the platform's base URL is .../data/core/ups).</summary>
    private const string LinkPath = "/export/jobs/";

    public async Task HandleCollectionAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsPost(method))
        {
            await MethodNotAllowedAsync(context, "GET, POST");
            return;
        }
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller == null) return;
        if (HttpMethods.IsGet(method)) await ListAsync(context, caller);
        else await CreateAsync(context, caller);
    }

    public async Task HandleItemAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsDelete(method))
        {
            await MethodNotAllowedAsync(context, "GET, DELETE");
            return;
        }
        var caller = await authenticator.AuthenticateAsync(context);
        if (caller == null) return;
        var idText = (string)context.Request.RouteValues["id"];
        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await ApiErrors.WriteAsync(context, 400, $"id: '{idText}' is not an export job id (job ids are integers).");
            return;
        }
        if (HttpMethods.IsGet(method)) await GetAsync(context, caller, id);
        else await DeleteAsync(context, caller, id);
    }

    private async Task ListAsync(HttpContext context, Caller caller)
    {
        var query = context.Request.Query;
        int limit = options.MaxListLimit;
        if (query.TryGetValue("limit", out var limitValues))
        {
            var text = limitValues.ToString();
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                await ApiErrors.WriteAsync(context, 400, $"limit: '{text}' is not a number.");
                return;
            }
            if (parsed < 1)
            {
                await ApiErrors.WriteAsync(context, 400, $"limit: must be a positive integer, got {parsed}.");
                return;
            }
            // A larger limit is lowered, not refused: the pages just get more numerous, and link.next says so.
            limit = Math.Min(parsed, options.MaxListLimit);
        }
        JobKey? after = null;
        if (query.TryGetValue("offset", out var offsetValues) && !string.IsNullOrEmpty(offsetValues.ToString()))
        {
            if (!JobKey.TryParse(offsetValues.ToString(), out var cursor))
            {
                await ApiErrors.WriteAsync(context, 400, $"offset: '{offsetValues}' is not a page offset (expected creationTimeMs_id, as in link.next).");
                return;
            }
            after = cursor;
        }
        string status = null;
        if (query.TryGetValue("status", out var statusValues))
        {
            status = JobStatus.All.FirstOrDefault(s => string.Equals(s, statusValues.ToString(), StringComparison.OrdinalIgnoreCase));
            if (status == null)
            {
                await ApiErrors.WriteAsync(context, 400, $"status: unknown status '{statusValues}' (valid: {string.Join(", ", JobStatus.All)}).");
                return;
            }
        }

        var page = store.List(caller.OrgId, caller.Sandbox, limit, after, status);
        // As Adobe's API reference describes them: pageOffset is the cursor of the page's last record (where the next
        // page starts), pageSize the number of records on this page, and link.next is empty on the last page.
        var pageInfo = new JsonObject
        {
            ["sortField"] = "createdTime",
            ["sort"] = "desc",
            ["pageOffset"] = page.Last?.ToString() ?? after?.ToString() ?? "",
            ["pageSize"] = page.Records.Count,
        };
        var next = "";
        if (page.More && page.Last is { } last)
        {
            next = $"{LinkPath}?limit={limit}&offset={last}";
            if (status != null) next += "&status=" + status;
        }
        var link = new JsonObject { ["next"] = next };

        // The records are written as stored, one after another: a page is never copied into one big buffer.
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json;charset=utf-8";
        await response.Body.WriteAsync("{\"records\":["u8.ToArray(), context.RequestAborted);
        for (int i = 0; i < page.Records.Count; i++)
        {
            if (i > 0) await response.Body.WriteAsync(Comma, context.RequestAborted);
            await response.Body.WriteAsync(page.Records[i], context.RequestAborted);
        }
        var tail = $"],\"page\":{pageInfo.ToJsonString()},\"link\":{link.ToJsonString()}}}";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(tail), context.RequestAborted);
    }

    private static readonly byte[] Comma = { (byte)',' };

    private async Task CreateAsync(HttpContext context, Caller caller)
    {
        if (!RequestBodies.IsJson(context.Request))
        {
            var sent = string.IsNullOrWhiteSpace(context.Request.ContentType) ? "none" : $"'{context.Request.ContentType}'";
            await ApiErrors.WriteAsync(context, 415, $"Content-Type: a create body must be application/json (sent: {sent}).");
            return;
        }
        using var body = await RequestBodies.ReadAsync(context, options);
        var bytes = body.WrittenMemory;
        if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            await ApiErrors.WriteAsync(context, 400, "body: a JSON body describing the export job is required.", extra: new JsonObject { ["field"] = "body" });
            return;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, BodyParsing);
        }
        catch (JsonException e)
        {
            await ApiErrors.WriteAsync(context, 400, $"body: malformed JSON ({e.Message})", extra: new JsonObject { ["field"] = "body" });
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            var request = ExportRequest.Parse(root, profiles, out var field, out var problem);
            if (request == null)
            {
                await ApiErrors.WriteAsync(context, 400, problem, extra: new JsonObject { ["field"] = field });
                return;
            }

            var requestId = RequestIds.Of(context);
            string profileInstanceId = context.Request.Headers["x-profile-instance-id"];
            var job = store.Create(caller.OrgId, caller.Sandbox, request, root, bytes,
                requestId, string.IsNullOrWhiteSpace(profileInstanceId) ? "ups" : profileInstanceId.Trim(), DurationFor);
            statistics.CountJobCreated(caller.OrgId, requestId);
            var answer = job.Json;
            runner.Start(job);

            if (faults.ShouldDropAfterCreate())
            {
                context.Abort();
                return;
            }
            var requestUrl = context.Request;
            context.Response.Headers["X-Location"] = $"{requestUrl.Scheme}://{requestUrl.Host}{CollectionPath}/{job.Id}";
            await ApiErrors.WriteJsonAsync(context, 200, answer);
        }
    }

    /// <summary>Duplicate keys are refused outright: which of two values a service would take is anybody's guess.
    /// <see cref="MaxBodyDepth"/> leaves room for the two levels a list page adds, under the 64 most JSON readers allow.</summary>
    private static readonly JsonDocumentOptions BodyParsing = new() { AllowDuplicateProperties = false, MaxDepth = MaxBodyDepth };

    public const int MaxBodyDepth = 32;

    private async Task GetAsync(HttpContext context, Caller caller, long id)
    {
        var json = store.GetJson(caller.OrgId, caller.Sandbox, id);
        if (json == null)
        {
            await ApiErrors.WriteAsync(context, 404, $"Export job {id} not found.");
            return;
        }
        await ApiErrors.WriteJsonAsync(context, 200, json);
    }

    private async Task DeleteAsync(HttpContext context, Caller caller, long id)
    {
        var outcome = store.Delete(caller.OrgId, caller.Sandbox, id, out var job);
        if (outcome == DeleteOutcome.NotFound)
        {
            await ApiErrors.WriteAsync(context, 404, $"Export job {id} not found.");
            return;
        }
        if (outcome == DeleteOutcome.Cancelled) JobRunner.Stop(job);
        if (options.DeleteAnswerV1)
        {
            await ApiErrors.WriteJsonAsync(context, 200, "{\"status\":true,\"message\":\"Export job has been marked for cancelling\"}");
        }
        else
        {
            context.Response.StatusCode = 204;
        }
    }

    /// <summary>Spread uniformly between the min and max job duration, fixed by seed and job id.</summary>
    private long DurationFor(long id)
    {
        var min = options.MinJobDuration;
        var max = options.MaxJobDuration;
        if (max < min) (min, max) = (max, min);
        double share = UniformShare(options.Seed, id);
        return (long)(min.TotalMilliseconds + share * (max - min).TotalMilliseconds);
    }

    /// <summary>A SplitMix64 hash of (seed, id) mapped to [0,1): stable across processes, unlike HashCode.</summary>
    internal static double UniformShare(int seed, long id)
    {
        unchecked
        {
            ulong z = (ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)id;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }

    public static async Task MethodNotAllowedAsync(HttpContext context, string allowed)
    {
        context.Response.Headers.Allow = allowed;
        await ApiErrors.WriteAsync(context, 405, $"{context.Request.Method} is not supported here; use {allowed}.");
    }
}
