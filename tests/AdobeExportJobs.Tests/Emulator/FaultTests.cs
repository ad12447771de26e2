using System.Net;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator;
using Xunit;

namespace AdobeExportJobs.Tests.Emulator;

public class FaultTests
{
    [Fact]
    public async Task Rate_limit_answers_429_with_Retry_After_and_creates_nothing()
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast(20));
        using var client = await ApiClient.ConnectAsync(server);
        server.Options.Faults.RateLimitShare = 1;
        server.Options.Faults.RetryAfterSeconds = 3;

        var (status, body, response) = await client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, Bodies.Minimal().ToJsonString());
        Emulators.AssertGatewayError(status, body, 429, "429050");
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter.Delta);
        Assert.Equal(0, server.JobCount);
        Assert.Equal(0, server.Statistics.JobsCreated);
        Assert.Equal(1, server.Statistics.FaultsInjected[FaultKind.RateLimit]);

        server.Options.Faults.RetryAfterSeconds = null;
        var (_, _, withoutHeader) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath);
        Assert.Null(withoutHeader.Headers.RetryAfter);

        server.Options.Faults.RateLimitShare = 0;
        await client.CreateJobAsync(Bodies.Minimal());
        Assert.Equal(1, server.JobCount);
    }

    [Fact]
    public async Task A_share_of_faults_hits_only_some_requests_and_only_answered_creates_exist()
    {
        var options = Emulators.Fast(20);
        options.MinJobDuration = options.MaxJobDuration = TimeSpan.FromMinutes(5);
        await using var server = await EmulatorServer.StartAsync(options);
        using var client = await ApiClient.ConnectAsync(server);
        server.Options.Faults.RateLimitShare = 0.3;
        server.Options.Faults.ServerErrorShare = 0.2;

        var answers = new List<HttpStatusCode>();
        for (int i = 0; i < 120; i++)
        {
            var (status, _, response) = await client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, Bodies.Minimal().ToJsonString());
            response.Dispose();
            answers.Add(status);
        }

        int ok = answers.Count(s => s == HttpStatusCode.OK);
        Assert.InRange(ok, 1, 119);
        Assert.Contains(HttpStatusCode.TooManyRequests, answers);
        Assert.All(answers, s => Assert.Contains((int)s, new[] { 200, 429, 500, 502, 503 }));
        Assert.Equal(ok, server.JobCount);
        Assert.Equal(ok, server.Statistics.JobsCreated);
        Assert.Equal(answers.Count - ok, server.Statistics.TotalFaultsInjected);
        Assert.Equal(answers.Count(s => s == HttpStatusCode.TooManyRequests), server.Statistics.FaultsInjected[FaultKind.RateLimit]);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task Server_errors_answer_the_chosen_5xx_in_the_service_shape_and_create_nothing(int code)
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast(20));
        using var client = await ApiClient.ConnectAsync(server);
        server.Options.Faults.ServerErrorShare = 1;
        server.Options.Faults.ServerErrorStatuses = new List<int> { code };

        var (status, body, response) = await client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, Bodies.Minimal().ToJsonString());
        Emulators.AssertServiceError(status, body, code);
        Assert.Equal(code == 503, response.Headers.RetryAfter != null);
        Assert.Equal(0, server.JobCount);
        Assert.Equal(1, server.Statistics.FaultsInjected[FaultKind.ForStatus(code)]);
    }

    [Fact]
    public async Task Slow_answers_arrive_late_and_a_client_that_gives_up_creates_nothing()
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast(20));
        using var client = await ApiClient.ConnectAsync(server);
        server.Options.Faults.SlowShare = 1;
        server.Options.Faults.SlowDelay = TimeSpan.FromMilliseconds(150);

        var (status, _, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, server.Statistics.FaultsInjected[FaultKind.Slow]);

        server.Options.Faults.SlowDelay = TimeSpan.FromSeconds(1);
        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        using var request = client.NewRequest(HttpMethod.Post, ApiClient.JobsPath, Bodies.Minimal().ToJsonString());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Http.SendAsync(request, impatient.Token));
        server.Options.Faults.SlowShare = 0;
        await Task.Delay(1500); // past the delay: the abandoned request must not have been processed
        Assert.Equal(0, server.JobCount);
    }

    [Fact]
    public async Task Dropped_connections_get_no_answer_and_create_nothing()
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast(20));
        using var client = await ApiClient.ConnectAsync(server);
        server.Options.Faults.DropShare = 1;

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, Bodies.Minimal().ToJsonString()));
        Assert.Equal(1, server.Statistics.FaultsInjected[FaultKind.Drop]);
        server.Options.Faults.DropShare = 0;
        Assert.Empty(await client.ListAllAsync(10));
        Assert.Equal(0, server.Statistics.JobsCreated);
    }

    [Fact]
    public async Task Drop_after_create_loses_the_answer_but_the_job_exists_once()
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast(20));
        using var client = await ApiClient.ConnectAsync(server);
        server.Options.Faults.DropAfterCreateShare = 1;

        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, Bodies.Minimal().ToJsonString(),
            r => r.Headers.Add("x-request-id", "lost-answer")));
        Assert.Equal(1, server.Statistics.FaultsInjected[FaultKind.DropAfterCreate]);

        // GETs are not affected by this fault; the client can find the job by its request id.
        var jobs = await client.ListAllAsync(10);
        Assert.Single(jobs);
        Assert.Equal("lost-answer", (string)jobs[0]["requestId"]);
        Assert.Equal(1, server.Statistics.JobsCreatedByRequestId["lost-answer"]);
    }

    [Fact]
    public async Task Tokens_can_expire_long_before_expires_in_says()
    {
        var options = Emulators.Fast(20);
        options.Faults.TokenEarlyExpiry = TimeSpan.FromMilliseconds(200);
        await using var server = await EmulatorServer.StartAsync(options);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        using var tokenResponse = await http.PostAsync("/ims/token/v3", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "emulator-client", ["client_secret"] = "emulator-secret",
        }));
        var answer = JsonNode.Parse(await tokenResponse.Content.ReadAsStringAsync());
        Assert.Equal(86400, (long)answer["expires_in"]);

        using var client = await ApiClient.ConnectAsync(server);
        client.Token = (string)answer["access_token"];
        await Task.Delay(300);
        var (status, body, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath);
        Emulators.AssertGatewayError(status, body, 401, "401013");
        server.Options.GatewayErrors = ErrorShape.Service;
        (status, body, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath);
        Emulators.AssertServiceError(status, body, 401, "expired");
    }

    [Fact]
    public async Task Auth_and_throttling_errors_use_the_gateway_shape_by_default_and_the_service_shape_when_asked()
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast(20));
        using var client = await ApiClient.ConnectAsync(server);

        var (invalid, invalidBody, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath,
            adjust: r => r.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "x.y.z"));
        Assert.Equal(HttpStatusCode.Unauthorized, invalid);
        Assert.Equal("401013", (string)invalidBody["error_code"]);
        Assert.Equal("Oauth token is not valid", (string)invalidBody["message"]);
        Assert.Null(invalidBody["type"]);

        var (badKey, badKeyBody, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath, adjust: r => r.Headers.Remove("x-api-key"));
        Assert.Equal(HttpStatusCode.Forbidden, badKey);
        Assert.Equal("403003", (string)badKeyBody["error_code"]);

        server.Options.Faults.RateLimitShare = 1;
        var (throttled, throttledBody, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled);
        Assert.Equal("429050", (string)throttledBody["error_code"]);
        server.Options.Faults.RateLimitShare = 0;

        // Other errors keep the service shape.
        var (notFound, notFoundBody, _) = await client.SendAsync(HttpMethod.Get, $"{ApiClient.JobsPath}/424242");
        Emulators.AssertServiceError(notFound, notFoundBody, 404);

        // The switch for tests: the same answers in the service shape.
        server.Options.GatewayErrors = ErrorShape.Service;
        (invalid, invalidBody, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath,
            adjust: r => r.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "x.y.z"));
        Emulators.AssertServiceError(invalid, invalidBody, 401, "Authorization");
        (badKey, badKeyBody, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath, adjust: r => r.Headers.Remove("x-api-key"));
        Emulators.AssertServiceError(badKey, badKeyBody, 403, "x-api-key");
        server.Options.Faults.RateLimitShare = 1;
        (throttled, throttledBody, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath);
        Emulators.AssertServiceError(throttled, throttledBody, 429);
    }

    [Fact]
    public async Task The_token_endpoint_is_spared_unless_included()
    {
        var options = Emulators.Fast(20);
        options.Faults.RateLimitShare = 1;
        await using var server = await EmulatorServer.StartAsync(options);
        using var client = await ApiClient.ConnectAsync(server); // gets a token despite the fault

        server.Options.Faults.IncludeTokenEndpoint = true;
        using var response = await client.Http.PostAsync("/ims/token/v3", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "emulator-client", ["client_secret"] = "emulator-secret",
        }));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);

        server.Options.Faults.Clear();
        var (status, _, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath);
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
