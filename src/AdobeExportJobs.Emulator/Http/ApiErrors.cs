using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AdobeExportJobs.Emulator.Http;

/// <summary>
/// The one error shape of the emulator, modelled on the Adobe Experience Platform services:
/// {"type":"https://ns.adobe.com/aep/errors/UPAPI-&lt;code&gt;-&lt;status&gt;","title","status","detail","report":{"requestId"}}.
/// With <see cref="FaultOptions.GatewayErrorShape"/>, 401/403/429 come in the API gateway's shape {"error_code","message"} instead.
/// </summary>
internal static class ApiErrors
{
    public const string TypePrefix = "https://ns.adobe.com/aep/errors/UPAPI-";

    private static readonly Dictionary<int, (string Code, string Title)> Catalog = new()
    {
        [400] = ("113010", "Bad request"),
        [401] = ("113011", "Unauthorized"),
        [403] = ("113012", "Forbidden"),
        [404] = ("113000", "Not found"),
        [405] = ("113013", "Method not allowed"),
        [429] = ("113029", "Too many requests"),
        [500] = ("113050", "Internal server error"),
        [502] = ("113052", "Bad gateway"),
        [503] = ("113053", "Service unavailable"),
        [504] = ("113054", "Gateway timeout"),
    };

    /// <summary>Gateway error codes the real API gateway uses; only sent in the gateway shape.</summary>
    public static class Gateway
    {
        public static readonly (string Code, string Message) TokenMissing = ("403010", "Oauth token is missing.");
        public static readonly (string Code, string Message) TokenInvalid = ("401013", "Oauth token is not valid");
        public static readonly (string Code, string Message) ApiKeyInvalid = ("403003", "Api Key is invalid");
        public static readonly (string Code, string Message) ProfileInvalid = ("403025", "Profile is not valid");
        public static readonly (string Code, string Message) TooManyRequests = ("429050", "Too many requests");
    }

    public static Task WriteAsync(HttpContext context, int status, string detail, (string Code, string Message)? gateway = null,
        JsonObject extra = null)
    {
        var options = context.RequestServices.GetService(typeof(EmulatorOptions)) as EmulatorOptions;
        JsonObject body;
        if (gateway is { } gatewayError && options?.Faults.GatewayErrorShape == true && status is 401 or 403 or 429)
        {
            body = new JsonObject { ["error_code"] = gatewayError.Code, ["message"] = gatewayError.Message };
        }
        else
        {
            var (code, title) = Catalog.TryGetValue(status, out var entry) ? entry : ("113099", "Error");
            body = new JsonObject
            {
                ["type"] = $"{TypePrefix}{code}-{status}",
                ["title"] = title,
                ["status"] = status,
                ["detail"] = detail,
                ["report"] = new JsonObject { ["requestId"] = RequestIds.Of(context) },
            };
            if (extra != null)
            {
                foreach (var (name, value) in extra) body[name] = value?.DeepClone();
            }
        }
        return WriteJsonAsync(context, status, body.ToJsonString());
    }

    public static async Task WriteJsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;charset=utf-8";
        await context.Response.WriteAsync(json);
    }
}

/// <summary>The request id of a request: the client's x-request-id, or one generated for it. Every answer echoes it.</summary>
internal static class RequestIds
{
    public const string Header = "x-request-id";
    private const string ItemKey = "emulator.requestId";

    public static string Of(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var value)) return (string)value;
        string sent = context.Request.Headers[Header];
        var id = string.IsNullOrWhiteSpace(sent) ? Guid.NewGuid().ToString() : sent.Trim();
        context.Items[ItemKey] = id;
        return id;
    }
}
