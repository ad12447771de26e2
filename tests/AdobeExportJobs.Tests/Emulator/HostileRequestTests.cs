using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator;
using Xunit;

namespace AdobeExportJobs.Tests.Emulator;

/// <summary>
/// Malformed and hostile requests get a 4xx in a documented error shape: never a 500, never a dropped connection,
/// never a job.
/// </summary>
public class HostileRequestTests : IAsyncLifetime
{
    private EmulatorServer _server;
    private ApiClient _client;

    public async Task InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(Emulators.Fast(20));
        _client = await ApiClient.ConnectAsync(_server);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private const string Valid = "\"destination\":{\"datasetId\":\"ds\"},\"schema\":{\"name\":\"_xdm.context.profile\"}";

    private void AssertNothingCreatedAndNo500()
    {
        Assert.Equal(0, _server.JobCount);
        Assert.DoesNotContain(_server.Statistics.ResponsesByStatus.Keys, status => status >= 500);
    }

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("{" + Valid + ",\"destination\":{\"datasetId\":\"other\"}}")]
    [InlineData("{\"destination\":{\"datasetId\":\"ds\",\"datasetId\":\"other\"},\"schema\":{\"name\":\"_xdm.context.profile\"}}")]
    [InlineData("{" + Valid + ",\"additionalFields\":{\"custom\":{\"deep\":[{\"k\":1,\"k\":2}]}}}")]
    [InlineData("{" + Valid + "} trailing")]
    [InlineData("{" + Valid + ",\"filter\":{\"emptyProfiles\":NaN}}")]
    [InlineData("{" + Valid + ",}")]
    [InlineData("{'destination':{'datasetId':'ds'}}")]
    public async Task Duplicate_keys_and_malformed_json_answer_400(string body)
    {
        var (status, answer, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, body);
        Emulators.AssertServiceError(status, answer, 400, "body");
        Assert.Equal("body", (string)answer["field"]);
        AssertNothingCreatedAndNo500();
    }

    [Fact]
    public async Task Json_nested_too_deep_or_not_utf8_answers_400()
    {
        // 32 levels are accepted (a list page adds two, and most JSON readers stop at 64); 33 are not.
        string Nested(int levels) => "{" + Valid + ",\"additionalFields\":{\"x\":" + new string('[', levels - 2) + new string(']', levels - 2) + "}}";
        var (accepted, _, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, Nested(32));
        Assert.Equal(HttpStatusCode.OK, accepted);
        var (tooDeep, answer, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, Nested(33));
        Emulators.AssertServiceError(tooDeep, answer, 400, "depth");
        var (status, deepAnswer, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, Nested(5000));
        Emulators.AssertServiceError(status, deepAnswer, 400, "body");
        Assert.Equal(1, _server.JobCount);

        var notUtf8 = Encoding.UTF8.GetBytes("{" + Valid + ",\"fields\":\"x\"}");
        notUtf8[notUtf8.Length - 4] = 0xFF;
        var (binaryStatus, binaryAnswer, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, adjust: r =>
        {
            r.Content = new ByteArrayContent(notUtf8);
            r.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        });
        Emulators.AssertServiceError(binaryStatus, binaryAnswer, 400, "body");
        Assert.Equal(1, _server.JobCount);
        Assert.DoesNotContain(_server.Statistics.ResponsesByStatus.Keys, code => code >= 500);
    }

    public static TheoryData<string, string, string> UnreadableHeaders() => new()
    {
        // header, value as raw bytes (Latin-1 string), request line
        { "x-request-id", "caf\u00c3\u00a9", "GET /data/core/ups/export/jobs" },   // UTF-8 é
        { "x-request-id", "\u00e9t\u00e9", "GET /data/core/ups/export/jobs/1" },    // not UTF-8 at all
        { "x-request-id", "a\u007fb", "GET /data/core/ups/export/jobs" },          // DEL
        { "x-request-id", "a\u0001b", "GET /" },                                  // a control character
        { "x-request-id", "a\u007fb", "POST /ims/token/v3" },
        { "x-request-id", "a\u007fb", "DELETE /data/core/ups/export/jobs/7" },
        { "x-sandbox-name", "pr\u00f6d", "GET /data/core/ups/export/jobs" },
        { "x-api-key", "emulator-client\u007f", "POST /data/core/ups/export/jobs" },
        { "User-Agent", "curl\u00ff", "GET /nowhere" },
    };

    [Theory]
    [MemberData(nameof(UnreadableHeaders))]
    public async Task An_unreadable_header_value_answers_400_naming_the_header(string header, string value, string requestLine)
    {
        var head = RawHttp.Head(requestLine.Split(' ')[0], requestLine.Split(' ')[1], _client)
                   .Replace($"{header}: ", $"x-replaced-{header}: ", StringComparison.OrdinalIgnoreCase)
                   + $"{header}: {value}\r\n";
        var answer = await RawHttp.SendAsync(_server.BaseUrl, head);

        Emulators.AssertGatewayError((HttpStatusCode)answer.Status!.Value, answer.Json, 400, "400003", header);
        // The answer's own x-request-id is a readable one, never the unreadable value echoed back.
        Assert.Matches("^[ -~]+$", answer.Headers["x-request-id"]);
        AssertNothingCreatedAndNo500();

        _server.Options.GatewayErrors = ErrorShape.Service;
        var service = await RawHttp.SendAsync(_server.BaseUrl, head);
        Emulators.AssertServiceError((HttpStatusCode)service.Status!.Value, service.Json, 400, header);
    }

    [Fact]
    public async Task A_body_over_the_limit_answers_413_whether_announced_or_chunked()
    {
        int limit = _server.Options.MaxRequestBodyBytes;
        Assert.Equal(256 * 1024, limit);
        string Padded(int size)
        {
            var prefix = "{" + Valid + ",\"additionalFields\":{\"pad\":\"";
            return prefix + new string('x', size - prefix.Length - 3) + "\"}}";
        }

        // Up to the limit a body is read and accepted.
        var (accepted, job, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, Padded(limit));
        Assert.Equal(HttpStatusCode.OK, accepted);
        Assert.Equal(limit, Encoding.UTF8.GetByteCount(Padded(limit)));
        Assert.EndsWith("xxx", (string)job["additionalFields"]["pad"]);

        var (announced, announcedBody, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, Padded(limit + 1));
        Emulators.AssertServiceError(announced, announcedBody, 413, limit.ToString());

        var (chunked, chunkedBody, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, adjust: r =>
        {
            r.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Padded(limit * 3))));
            r.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            r.Headers.TransferEncodingChunked = true;
        });
        Emulators.AssertServiceError(chunked, chunkedBody, 413);

        // A body the size the issue found fatal: answered, not dropped.
        var (huge, hugeBody, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, Padded(29_000_000));
        Emulators.AssertServiceError(huge, hugeBody, 413);

        Assert.Equal(1, _server.JobCount);
        Assert.DoesNotContain(_server.Statistics.ResponsesByStatus.Keys, status => status >= 500);
    }

    [Fact]
    public async Task A_body_that_trickles_in_answers_408()
    {
        _server.Options.MinRequestBodyBytesPerSecond = 200;
        _server.Options.RequestBodyGracePeriod = TimeSpan.FromSeconds(1);
        var head = RawHttp.Head("POST", ApiClient.JobsPath, _client, "Content-Type: application/json", "Content-Length: 1000");
        var answer = await RawHttp.SendAsync(_server.BaseUrl, head, async stream =>
        {
            // Two bytes a second, for at most ten seconds; the server gives up long before.
            for (int i = 0; i < 20; i++)
            {
                await stream.WriteAsync(new[] { (byte)' ' });
                await Task.Delay(500);
            }
        });
        Assert.True(answer.Status == 408, answer.ToString());
        Emulators.AssertServiceError((HttpStatusCode)answer.Status!.Value, answer.Json, 408, "slowly");
        AssertNothingCreatedAndNo500();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/jsonp")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task A_create_body_that_is_not_application_json_answers_415(string contentType)
    {
        var body = Encoding.UTF8.GetBytes("{" + Valid + "}");
        var (status, answer, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, adjust: r =>
        {
            r.Content = new ByteArrayContent(body);
            if (contentType != null) r.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        });
        Emulators.AssertServiceError(status, answer, 415, "application/json");
        AssertNothingCreatedAndNo500();
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    public async Task Application_json_with_parameters_or_in_any_case_is_accepted(string contentType)
    {
        var (status, _, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, adjust: r =>
        {
            r.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{" + Valid + "}"));
            r.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        });
        Assert.Equal(HttpStatusCode.OK, status);
    }

    public static TheoryData<string, string, string> BrokenForms() => new()
    {
        { "a 5 MB value", "application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=" + new string('a', 5_000_000) },
        { "5,000 keys", "application/x-www-form-urlencoded", string.Join("&", Enumerable.Range(0, 5000).Select(i => $"k{i}=v")) },
        { "multipart without a boundary", "multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n" },
        { "multipart cut short", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"client_id\"\r\n\r\nemul" },
        { "multipart with a broken part header", "multipart/form-data; boundary=x", "--x\r\nno colon here\r\n\r\nb\r\n--x--\r\n" },
    };

    [Theory]
    [MemberData(nameof(BrokenForms))]
    public async Task A_broken_token_form_answers_400_in_the_ims_shape(string what, string contentType, string body)
    {
        using var http = new HttpClient { BaseAddress = _server.BaseUrl };
        var tokensBefore = _server.Statistics.TokensIssued;
        foreach (var version in new[] { "v3", "v2" })
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            using var response = await http.PostAsync($"/ims/token/{version}", content);
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            Emulators.AssertServiceError(response.StatusCode, answer, 400);
            Assert.True((string)answer["error"] == "invalid_request", $"{what} on {version}: {answer}");
            Assert.False(string.IsNullOrEmpty((string)answer["error_description"]));
        }
        Assert.Equal(tokensBefore, _server.Statistics.TokensIssued);
        Assert.DoesNotContain(_server.Statistics.ResponsesByStatus.Keys, status => status >= 500);
    }
}
