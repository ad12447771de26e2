using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator;
using Xunit;

namespace AdobeExportJobs.Tests.Emulator;

/// <summary>A plain HTTP caller of the emulator, as any client would be: IMS token, then the four Adobe headers.</summary>
internal sealed class ApiClient : IDisposable
{
    public const string JobsPath = "/data/core/ups/export/jobs";

    private ApiClient(EmulatorServer server, HttpClient http, string clientId, string orgId, string sandbox, string token)
    {
        Server = server;
        Http = http;
        ClientId = clientId;
        OrgId = orgId;
        Sandbox = sandbox;
        Token = token;
    }

    /// <summary>The emulator when it runs in this process; null for one in another process.</summary>
    public EmulatorServer Server { get; }
    public HttpClient Http { get; }
    public string ClientId { get; }
    public string OrgId { get; }
    public string Sandbox { get; }
    public string Token { get; set; }

    /// <summary>A client of an emulator in another process, with the demo credentials.</summary>
    public static async Task<ApiClient> ConnectAsync(Uri baseUrl, string sandbox = "prod")
    {
        var defaults = new EmulatorOptions();
        var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var token = await RequestTokenAsync(http, defaults.ClientId, defaults.ClientSecret);
        return new ApiClient(null, http, defaults.ClientId, defaults.OrgId, sandbox, token);
    }

    public static async Task<ApiClient> ConnectAsync(EmulatorServer server, string sandbox = "prod", string clientId = null,
        string clientSecret = null, string orgId = null)
    {
        clientId ??= server.Options.ClientId;
        clientSecret ??= server.Options.ClientSecret;
        orgId ??= server.Options.OrgId;
        var http = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var token = await RequestTokenAsync(http, clientId, clientSecret);
        return new ApiClient(server, http, clientId, orgId, sandbox, token);
    }

    public static async Task<string> RequestTokenAsync(HttpClient http, string clientId, string clientSecret)
    {
        using var response = await http.PostAsync("/ims/token/v3", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
            ["scope"] = "openid,AdobeID,read_organizations",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (string)answer["access_token"];
    }

    public HttpRequestMessage NewRequest(HttpMethod method, string path, string jsonBody = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        request.Headers.Add("x-api-key", ClientId);
        request.Headers.Add("x-gw-ims-org-id", OrgId);
        request.Headers.Add("x-sandbox-name", Sandbox);
        if (jsonBody != null) request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        return request;
    }

    public async Task<(HttpStatusCode Status, JsonNode Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, string jsonBody = null, Action<HttpRequestMessage> adjust = null)
    {
        using var request = NewRequest(method, path, jsonBody);
        adjust?.Invoke(request);
        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public async Task<JsonObject> CreateJobAsync(JsonObject body, string requestId = null)
    {
        var (status, answer, response) = await SendAsync(HttpMethod.Post, JobsPath, body.ToJsonString(),
            r => { if (requestId != null) r.Headers.Add("x-request-id", requestId); });
        Assert.True(status == HttpStatusCode.OK, $"create answered {(int)status}: {answer?.ToJsonString()}");
        response.Dispose();
        return answer!.AsObject();
    }

    public async Task<JsonObject> GetJobAsync(long id)
    {
        var (status, answer, response) = await SendAsync(HttpMethod.Get, $"{JobsPath}/{id}");
        response.Dispose();
        Assert.True(status == HttpStatusCode.OK, $"get {id} answered {(int)status}: {answer?.ToJsonString()}");
        return answer!.AsObject();
    }

    /// <summary>Polls until the job reaches one of the statuses (the emulator's job durations are short in tests).</summary>
    public async Task<JsonObject> WaitForStatusAsync(long id, params string[] statuses)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var job = await GetJobAsync(id);
            var status = (string)job["status"];
            if (statuses.Contains(status)) return job;
            if (status is "SUCCEEDED" or "FAILED" or "CANCELLED")
                throw new InvalidOperationException($"job {id} reached {status} while waiting for {string.Join("/", statuses)}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {id} stayed {(string)job["status"]}");
            await Task.Delay(20);
        }
    }

    public async Task<JsonObject> CreateAndFinishAsync(JsonObject body)
    {
        var created = await CreateJobAsync(body);
        return await WaitForStatusAsync((long)created["id"], "SUCCEEDED", "FAILED");
    }

    /// <summary>Follows link.next from the first page; returns every record in order.</summary>
    public async Task<List<JsonObject>> ListAllAsync(int limit, string status = null)
    {
        var records = new List<JsonObject>();
        string path = $"{JobsPath}?limit={limit}" + (status == null ? "" : "&status=" + status);
        while (path != null)
        {
            var (code, page, response) = await SendAsync(HttpMethod.Get, path);
            response.Dispose();
            Assert.Equal(HttpStatusCode.OK, code);
            records.AddRange(page!["records"]!.AsArray().Select(r => r!.AsObject()));
            var next = (string)page["link"]?["next"];
            path = string.IsNullOrEmpty(next) ? null : "/data/core/ups" + next;
        }
        return records;
    }

    public void Dispose() => Http.Dispose();
}

internal static class Bodies
{
    public static JsonObject Minimal(string datasetId = "5b7c86968f7b6501e21ba9df") => new()
    {
        ["destination"] = new JsonObject { ["datasetId"] = datasetId },
        ["schema"] = new JsonObject { ["name"] = "_xdm.context.profile" },
    };

    public static JsonObject WithSegment(this JsonObject body, string segmentId, string segmentNs = null, params string[] statuses)
    {
        var filter = body["filter"] as JsonObject ?? new JsonObject();
        body["filter"] = filter;
        var segments = filter["segments"] as JsonArray ?? new JsonArray();
        filter["segments"] = segments;
        var segment = new JsonObject { ["segmentId"] = segmentId };
        if (segmentNs != null) segment["segmentNs"] = segmentNs;
        if (statuses.Length > 0) segment["status"] = new JsonArray(statuses.Select(s => (JsonNode)s).ToArray());
        segments.Add(segment);
        return body;
    }

    public static JsonObject WithFilter(this JsonObject body, string name, JsonNode value)
    {
        var filter = body["filter"] as JsonObject ?? new JsonObject();
        body["filter"] = filter;
        filter[name] = value;
        return body;
    }
}

internal static class Emulators
{
    /// <summary>Options for a fast test emulator: a small store and jobs that finish in a fraction of a second.</summary>
    public static EmulatorOptions Fast(int profileCount = 300) => new()
    {
        ProfileCount = profileCount,
        MinJobDuration = TimeSpan.FromMilliseconds(60),
        MaxJobDuration = TimeSpan.FromMilliseconds(160),
    };

    /// <summary>The API gateway's shape: {"error_code","message"} and nothing else.</summary>
    public static void AssertGatewayError(HttpStatusCode status, JsonNode body, int expectedStatus, string expectedCode, string messageContains = null)
    {
        Assert.Equal(expectedStatus, (int)status);
        Assert.NotNull(body);
        Assert.Equal(expectedCode, (string)body["error_code"]);
        Assert.False(string.IsNullOrEmpty((string)body["message"]));
        Assert.Equal(new[] { "error_code", "message" }, body.AsObject().Select(p => p.Key).Order());
        if (messageContains != null) Assert.Contains(messageContains, (string)body["message"]);
    }

    public static void AssertServiceError(HttpStatusCode status, JsonNode body, int expectedStatus, string detailContains = null)
    {
        Assert.Equal(expectedStatus, (int)status);
        Assert.NotNull(body);
        var type = (string)body["type"];
        Assert.StartsWith("https://ns.adobe.com/aep/errors/UPAPI-", type);
        Assert.EndsWith("-" + expectedStatus, type);
        Assert.False(string.IsNullOrEmpty((string)body["title"]));
        Assert.Equal(expectedStatus, (int)body["status"]);
        if (detailContains != null) Assert.Contains(detailContains, (string)body["detail"]);
    }
}
