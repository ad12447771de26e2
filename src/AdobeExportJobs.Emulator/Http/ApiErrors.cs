using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AdobeExportJobs.Emulator.Http;

/// <summary>
/// Adobe's two error shapes. The service answers {"type":"https://ns.adobe.com/aep/errors/UPAPI-&lt;code&gt;-&lt;status&gt;",
/// "title","status","detail","report":{"requestId"}}; what the API gateway answers in front of it (authentication,
/// authorization, unreadable or missing Adobe headers, throttling) comes as {"error_code","message"}, unless
/// <see cref="EmulatorOptions.GatewayErrors"/> asks for the service shape.
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
        [408] = ("113014", "Request timeout"),
        [413] = ("113015", "Payload too large"),
        [415] = ("113016", "Unsupported media type"),
        [416] = ("113017", "Range not satisfiable"),
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

        /// <summary>A header the gateway cannot accept; the message names it.</summary>
        public static (string Code, string Message) BadHeader(string message) => ("400003", message);
    }

    /// <summary>An error answer; <paramref name="gateway"/> marks an error of the API gateway, answered in the gateway shape
    /// unless <see cref="EmulatorOptions.GatewayErrors"/> says otherwise.</summary>
    public static Task WriteAsync(HttpContext context, int status, string detail, (string Code, string Message)? gateway = null,
        JsonObject extra = null)
    {
        var options = context.RequestServices.GetService(typeof(EmulatorOptions)) as EmulatorOptions;
        JsonObject body;
        if (gateway is { } gatewayError && (options?.GatewayErrors ?? ErrorShape.Gateway) == ErrorShape.Gateway)
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

    public static Task MethodNotAllowedAsync(HttpContext context, string allowed)
    {
        context.Response.Headers.Allow = allowed;
        return WriteAsync(context, 405, $"{context.Request.Method} is not supported here; use {allowed}.");
    }

    public static async Task WriteJsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;charset=utf-8";
        await context.Response.WriteAsync(json);
    }

    public static async Task WriteJsonAsync(HttpContext context, int status, byte[] utf8Json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;charset=utf-8";
        context.Response.ContentLength = utf8Json.Length;
        await context.Response.Body.WriteAsync(utf8Json);
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
        // An unreadable id is answered 400 by the header check; it is never echoed, so the answer itself stays valid.
        var id = string.IsNullOrWhiteSpace(sent) || RequestHeaders.UnreadableAt(sent) >= 0 ? Guid.NewGuid().ToString() : sent.Trim();
        context.Items[ItemKey] = id;
        return id;
    }
}

/// <summary>Header values must be printable ASCII (or tab), as HTTP's field-vchar says; the gateway rejects anything else.</summary>
internal static class RequestHeaders
{
    /// <summary>The first header whose value cannot be read, with the position of the first bad character; null when all are fine.</summary>
    public static (string Name, int Position)? FindUnreadable(IHeaderDictionary headers)
    {
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                int position = UnreadableAt(value);
                if (position >= 0) return (name, position);
            }
        }
        return null;
    }

    public static int UnreadableAt(string value)
    {
        if (value == null) return -1;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c is not ('\t' or (>= ' ' and <= '~'))) return i;
        }
        return -1;
    }
}
