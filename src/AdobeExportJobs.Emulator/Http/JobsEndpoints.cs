using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator.Jobs;
using AdobeExportJobs.Emulator.Profiles;
using Microsoft.AspNetCore.Http;

namespace AdobeExportJobs.Emulator.Http;

/// <summary>The export jobs API's handlers (list, create, get, delete); <see cref="Routes"/> maps them behind
/// <see cref="CallerAuthentication"/>.</summary>
internal sealed class JobsEndpoints(
    EmulatorOptions options,
    JobStore store,
    JobRunner runner,
    ProfileStore profiles,
    FaultInjector faults,
    EmulatorStatistics statistics)
{
    public async Task ListAsync(HttpContext context)
    {
        var caller = Caller.Of(context);
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
            next = $"{Routes.JobsLink}?limit={limit}&offset={last}";
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

    public async Task CreateAsync(HttpContext context)
    {
        var caller = Caller.Of(context);
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
                requestId, string.IsNullOrWhiteSpace(profileInstanceId) ? "ups" : profileInstanceId.Trim(), id => JobDurations.For(options, id));
            statistics.CountJobCreated(caller.OrgId, requestId);
            var answer = job.Json;
            runner.Start(job);

            if (faults.ShouldDropAfterCreate())
            {
                context.Abort();
                return;
            }
            context.Response.Headers["X-Location"] = Routes.JobUrl(context.Request, job.Id);
            await ApiErrors.WriteJsonAsync(context, 200, answer);
        }
    }

    /// <summary>Duplicate keys are refused outright: which of two values a service would take is anybody's guess.
    /// <see cref="MaxBodyDepth"/> leaves room for the two levels a list page adds, under the 64 most JSON readers allow.</summary>
    private static readonly JsonDocumentOptions BodyParsing = new() { AllowDuplicateProperties = false, MaxDepth = MaxBodyDepth };

    public const int MaxBodyDepth = 32;

    public async Task GetAsync(HttpContext context, long id)
    {
        var caller = Caller.Of(context);
        var json = store.GetJson(caller.OrgId, caller.Sandbox, id);
        if (json == null)
        {
            await ApiErrors.WriteAsync(context, 404, $"Export job {id} not found.");
            return;
        }
        await ApiErrors.WriteJsonAsync(context, 200, json);
    }

    public async Task DeleteAsync(HttpContext context, long id)
    {
        var caller = Caller.Of(context);
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
}
