using AdobeExportJobs.Client;
using Xunit;

namespace AdobeExportJobs.Tests.Module;

/// <summary>
/// Answers the emulator does not give (a proxy's HTML page, malformed or truncated JSON, Retry-After as a date),
/// scripted byte for byte on loopback.
/// </summary>
public class ClientEdgeTests
{
    private static ExportJobsClient ClientFor(ScriptedHttpServer server, Action<ExportJobsClientOptions> configure = null)
    {
        var options = new ExportJobsClientOptions
        {
            PlatformEndpoint = new Uri(server.BaseAddress),
            ImsEndpoint = new Uri(server.BaseAddress),
            ClientId = "scripted-client",
            OrgId = "ORG@AdobeOrg",
            Sandbox = "prod",
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            MaxRetries = 2,
        };
        configure?.Invoke(options);
        return ExportJobsClient.WithClientCredentials(options, TestEmulator.Secure("scripted-secret"));
    }

    private static string Route(ScriptedRequest request, Func<ScriptedRequest, string> api) =>
        request.Path.StartsWith("/ims/token/v3") ? ScriptedHttpServer.TokenAnswer() : api(request);

    [Fact]
    public async Task Truncated_json_is_a_malformed_answer_naming_the_request_id()
    {
        await using var server = new ScriptedHttpServer(r => Route(r, _ => ScriptedHttpServer.Answer(200, "OK", "{\"id\": 12, \"status\": \"SUCC")));
        using var client = ClientFor(server);
        var error = await Assert.ThrowsAsync<AepApiException>(() => client.GetAsync(12));
        Assert.Equal(AepErrorKind.MalformedResponse, error.Kind);
        Assert.Equal(200, error.StatusCode);
        var sent = server.Requests.Single(r => r.Path.Contains("/export/jobs/12"));
        Assert.Equal(sent.Headers["x-request-id"], error.RequestId);
        Assert.Contains(error.RequestId, error.Message);
        Assert.Contains("malformed or truncated", error.Message);
    }

    [Theory]
    [InlineData("<html><body>hello</body></html>", "text/html")]
    [InlineData("", "application/json")]
    [InlineData("[]", "application/json")]
    [InlineData("{\"records\": 5}", "application/json")]
    public async Task A_2xx_answer_that_is_not_a_page_is_malformed(string body, string contentType)
    {
        await using var server = new ScriptedHttpServer(r => Route(r, _ => ScriptedHttpServer.Answer(200, "OK", body, contentType)));
        using var client = ClientFor(server);
        var error = await Assert.ThrowsAsync<AepApiException>(() => client.ListPageAsync());
        Assert.Equal(AepErrorKind.MalformedResponse, error.Kind);
        Assert.Contains(error.RequestId, error.Message);
    }

    [Fact]
    public async Task A_body_cut_short_of_its_content_length_is_retried_then_reported()
    {
        await using var server = new ScriptedHttpServer(r => Route(r, _ =>
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\nConnection: close\r\n\r\n{\"records\": ["));
        using var client = ClientFor(server);
        var error = await Assert.ThrowsAsync<AepApiException>(() => client.ListPageAsync());
        Assert.Equal(AepErrorKind.ConnectionFailed, error.Kind);
        Assert.Equal(2, error.Retries);
        Assert.Equal(3, server.Requests.Count(r => r.Path.Contains("/export/jobs")));
    }

    [Fact]
    public async Task A_proxy_html_page_becomes_readable_truncated_text()
    {
        var html = "<html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head><body><h1>Bad   Gateway</h1>"
            + new string('x', 3000) + "</body></html>";
        await using var server = new ScriptedHttpServer(r => Route(r, _ => ScriptedHttpServer.Answer(500, "Internal Server Error", html, "text/html")));
        using var client = ClientFor(server);
        var error = await Assert.ThrowsAsync<AepApiException>(() => client.GetAsync(3));
        Assert.Equal(500, error.StatusCode);
        Assert.Equal(AepErrorShape.Text, error.Error.Shape);
        Assert.StartsWith("502 Bad Gateway - Bad Gateway", error.Error.Message);
        Assert.DoesNotContain("<h1>", error.Error.Message);
        Assert.DoesNotContain("color:red", error.Error.Message);
        Assert.EndsWith("(truncated)", error.Error.Message);
        Assert.Contains("non-JSON answer", error.Message);
        Assert.Contains(error.RequestId, error.Message);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_honoured()
    {
        int calls = 0;
        await using var server = new ScriptedHttpServer(r => Route(r, _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                var when = DateTimeOffset.UtcNow.AddSeconds(1).ToString("r");
                return ScriptedHttpServer.Answer(503, "Service Unavailable", "{\"error_code\":\"503000\",\"message\":\"busy\"}", "application/json", "Retry-After: " + when);
            }
            return ScriptedHttpServer.Answer(200, "OK", "{\"records\":[{\"id\":1,\"status\":\"NEW\"}],\"page\":{},\"link\":{}}");
        }));
        var log = new List<string>();
        using var client = ClientFor(server, o => o.Log = e => { lock (log) log.Add(e.Message); });
        var page = await client.ListPageAsync();
        Assert.Single(page.Records);
        Assert.Contains(log, l => l.Contains("-> 503") && l.Contains("(Retry-After)"));
    }

    [Fact]
    public async Task Retry_after_beyond_the_total_retry_time_is_cut_to_what_is_left_of_it()
    {
        await using var server = new ScriptedHttpServer(r => Route(r, _ =>
            ScriptedHttpServer.Answer(429, "Too Many Requests", "{\"error_code\":\"429050\",\"message\":\"Too many requests\"}", "application/json", "Retry-After: 3600")));
        using var client = ClientFor(server, o => o.MaxRetryTime = TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<AepApiException>(() => client.ListPageAsync());
        Assert.Equal(429, error.StatusCode);
        // One wait to the end of the budget, one last try.
        Assert.Equal(1, error.Retries);
        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
        Assert.Equal(AepErrorShape.Gateway, error.Error.Shape);
        Assert.Contains("429050", error.Message);
    }

    [Fact]
    public async Task Cancel_with_a_non_json_200_body_still_succeeds()
    {
        await using var server = new ScriptedHttpServer(r => Route(r, _ => ScriptedHttpServer.Answer(200, "OK", "cancelled", "text/plain")));
        using var client = ClientFor(server);
        var result = await client.CancelAsync(9);
        Assert.Equal(200, result.HttpStatus);
        Assert.Equal("cancelled", result.Message);
    }

    [Fact]
    public async Task Requests_carry_the_four_headers_and_one_request_id_per_call()
    {
        int calls = 0;
        await using var server = new ScriptedHttpServer(r => Route(r, _ => Interlocked.Increment(ref calls) == 1
            ? ScriptedHttpServer.Answer(503, "Service Unavailable", "{}", "application/json", "Retry-After: 0")
            : ScriptedHttpServer.Answer(200, "OK", "{\"id\": 5, \"status\": \"NEW\"}")));
        using var client = ClientFor(server);
        await client.CreateAsync(TestEmulator.Request());
        var token = server.Requests.Single(r => r.Path == "/ims/token/v3");
        Assert.Contains("grant_type=client_credentials", token.Body);
        Assert.Contains("client_id=scripted-client", token.Body);
        Assert.Contains("client_secret=scripted-secret", token.Body);
        Assert.Equal("application/x-www-form-urlencoded", token.Headers["Content-Type"]);

        var posts = server.Requests.Where(r => r.Path == "/data/core/ups/export/jobs").ToList();
        Assert.Equal(2, posts.Count);
        foreach (var post in posts)
        {
            Assert.Equal("POST", post.Method);
            Assert.Equal("Bearer scripted-token", post.Headers["Authorization"]);
            Assert.Equal("scripted-client", post.Headers["x-api-key"]);
            Assert.Equal("ORG@AdobeOrg", post.Headers["x-gw-ims-org-id"]);
            Assert.Equal("prod", post.Headers["x-sandbox-name"]);
            Assert.StartsWith("application/json", post.Headers["Content-Type"]);
        }
        Assert.Equal(posts[0].Headers["x-request-id"], posts[1].Headers["x-request-id"]);
    }

    [Theory]
    [InlineData("502", true)]
    [InlineData("503", false)]
    [InlineData("none", false)]
    public async Task A_retried_cancel_that_finds_the_job_gone_counts_as_done_only_after_a_lost_answer(string first, bool alreadyGone)
    {
        // (A dropped connection without any answer is retried by .NET's own handler for DELETE, out of the client's sight;
        // a gateway error is the case the client sees and must judge.)
        await RetriedCancel(first, alreadyGone);
    }

    private static async Task RetriedCancel(string first, bool alreadyGone)
    {
        int deletes = 0;
        const string notFound = "{\"type\":\"https://ns.adobe.com/aep/errors/UPAPI-113000-404\",\"title\":\"Not found\",\"status\":404,\"detail\":\"Export job 7 not found.\"}";
        await using var server = new ScriptedHttpServer(r => Route(r, _ =>
        {
            if (Interlocked.Increment(ref deletes) == 1 && first != "none")
            {
                // A 502 may come after the service did the work; a 503 says it did not.
                return ScriptedHttpServer.Answer(int.Parse(first), "Gateway", "{}", "application/json", "Retry-After: 0");
            }
            return ScriptedHttpServer.Answer(404, "Not Found", notFound);
        }));
        using var client = ClientFor(server);
        if (alreadyGone)
        {
            var result = await client.CancelAsync(7);
            Assert.True(result.AlreadyGone);
            Assert.Equal(404, result.HttpStatus);
        }
        else
        {
            var error = await Assert.ThrowsAsync<AepApiException>(() => client.CancelAsync(7));
            Assert.Equal(404, error.StatusCode);
            Assert.Equal(7, error.JobId);
        }
    }
}
