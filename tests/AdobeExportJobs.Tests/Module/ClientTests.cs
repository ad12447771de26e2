using AdobeExportJobs.Client;
using AdobeExportJobs.Model;
using Xunit;

namespace AdobeExportJobs.Tests.Module;

/// <summary>The client against the real emulator over loopback.</summary>
public class ClientTests
{
    /// <summary>POSTs to the jobs API: every POST minus the token requests (which all succeed in these tests).</summary>
    private static long PostCount(AdobeExportJobs.Emulator.EmulatorServer server) =>
        (server.Statistics.RequestsByMethod.TryGetValue("POST", out var n) ? n : 0) - server.Statistics.TokensIssued;

    [Fact]
    public async Task Pager_follows_next_links_across_pages_newest_first()
    {
        await using var server = await TestEmulator.StartAsync();
        var created = await TestEmulator.CreateJobsAsync(server, 7);
        using var client = TestEmulator.Client(server);

        var pager = client.ListPages(pageSize: 3);
        var seen = new List<long>();
        ExportJobPage page;
        while ((page = await pager.NextAsync()) != null)
        {
            Assert.InRange(page.Records.Count, 1, 3);
            seen.AddRange(page.Records.Select(r => r.Id));
        }
        Assert.Equal(3, pager.PagesRead);
        Assert.True(pager.IsFinished);
        Assert.Equal(created.Select(j => j.Id).Reverse(), seen);
    }

    [Fact]
    public async Task List_page_passes_limit_offset_and_status()
    {
        await using var server = await TestEmulator.StartAsync();
        var created = await TestEmulator.CreateJobsAsync(server, 5);
        await TestEmulator.WaitAllFinishedAsync(server);
        using var client = TestEmulator.Client(server);

        var first = await client.ListPageAsync(limit: 2);
        Assert.Equal(new[] { created[4].Id, created[3].Id }, first.Records.Select(r => r.Id));
        Assert.NotNull(first.NextLink);

        var offset = first.NextLink.Split("offset=")[1].Split('&')[0];
        var second = await client.ListPageAsync(limit: 2, offset: offset);
        Assert.Equal(new[] { created[2].Id, created[1].Id }, second.Records.Select(r => r.Id));

        var succeeded = await client.ListPageAsync(status: "SUCCEEDED");
        Assert.Equal(5, succeeded.Records.Count);
        Assert.Empty((await client.ListPageAsync(status: "NEW")).Records);
    }

    [Fact]
    public async Task Get_create_and_cancel_round_trip_with_the_request_id_kept()
    {
        await using var server = await TestEmulator.StartAsync(o => o.MinJobDuration = o.MaxJobDuration = TimeSpan.FromSeconds(30));
        using var client = TestEmulator.Client(server);

        var created = await client.CreateAsync(TestEmulator.Request(), "my-request-1");
        Assert.Equal(ExportJobStatus.New, created.Status);
        Assert.Equal("my-request-1", created.RequestId);
        Assert.False(string.IsNullOrEmpty(created.RawJson));

        var fetched = await client.GetAsync(created.Id);
        Assert.Equal(created.Id, fetched.Id);
        Assert.Equal(TestEmulator.DatasetId, fetched.DatasetId);

        var cancel = await client.CancelAsync(created.Id);
        Assert.Equal(204, cancel.HttpStatus);
        Assert.Equal(ExportJobStatus.Cancelled, (await client.GetAsync(created.Id)).Status);
    }

    [Fact]
    public async Task Cancel_accepts_the_v1_answer_with_a_message()
    {
        await using var server = await TestEmulator.StartAsync(o =>
        {
            o.DeleteAnswerV1 = true;
            o.MinJobDuration = o.MaxJobDuration = TimeSpan.FromSeconds(30);
        });
        using var client = TestEmulator.Client(server);
        var job = await client.CreateAsync(TestEmulator.Request());
        var cancel = await client.CancelAsync(job.Id);
        Assert.Equal(200, cancel.HttpStatus);
        Assert.True(cancel.Status);
        Assert.Equal("Export job has been marked for cancelling", cancel.Message);
    }

    [Fact]
    public async Task Raw_json_create_is_validated_locally_before_sending()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);
        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateAsync("{\"destination\": "));
        await Assert.ThrowsAsync<ArgumentException>(() => client.CreateAsync("[1,2]"));
        Assert.Equal(0, PostCount(server));
        var job = await client.CreateAsync("{\"destination\":{\"datasetId\":\"raw1\"},\"schema\":{\"name\":\"_xdm.context.profile\"},}");
        Assert.Equal("raw1", job.DatasetId);
    }

    [Fact]
    public async Task Not_found_is_a_typed_error_with_status_payload_and_request_id()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);
        var error = await Assert.ThrowsAsync<AepApiException>(() => client.GetAsync(424242));
        Assert.Equal(AepErrorKind.HttpError, error.Kind);
        Assert.Equal(404, error.StatusCode);
        Assert.Equal(424242, error.JobId);
        Assert.Equal(AepErrorShape.Service, error.Error.Shape);
        Assert.EndsWith("-404", error.Error.Code);
        Assert.Contains("424242", error.Error.Message);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        Assert.Contains(error.RequestId, error.Message);
        Assert.Contains("404", error.Message);
    }

    [Fact]
    public async Task Gateway_error_shape_is_read_too()
    {
        await using var server = await TestEmulator.StartAsync(o => o.GatewayErrors = AdobeExportJobs.Emulator.ErrorShape.Gateway);
        using var client = TestEmulator.Client(server, configure: o => o.OrgId = "SOMEONEELSE0000000000000@AdobeOrg");
        var error = await Assert.ThrowsAsync<AepApiException>(() => client.ListPageAsync());
        Assert.Equal(403, error.StatusCode);
        Assert.Equal(AepErrorShape.Gateway, error.Error.Shape);
        Assert.Equal("403025", error.Error.Code);
        Assert.Contains("403025", error.Message);
    }

    [Fact]
    public async Task Token_is_fetched_once_and_reused()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);
        for (int i = 0; i < 3; i++) await client.ListPageAsync();
        Assert.Equal(1, server.Statistics.TokensIssued);
        Assert.NotNull(client.Tokens.ExpiresOn);
    }

    [Fact]
    public async Task Token_is_renewed_before_it_expires_without_a_401()
    {
        await using var server = await TestEmulator.StartAsync(o => o.TokenLifetime = TimeSpan.FromSeconds(2));
        using var client = TestEmulator.Client(server);
        await client.ListPageAsync();
        // On a loaded machine the first call may already renew a token near its end; what matters is that the
        // call after expiry brings a new one without the platform ever answering 401.
        var issuedBefore = server.Statistics.TokensIssued;
        await Task.Delay(2100);
        await client.ListPageAsync();
        Assert.Equal(issuedBefore + 1, server.Statistics.TokensIssued);
        Assert.False(server.Statistics.ResponsesByStatus.ContainsKey(401));
    }

    [Fact]
    public async Task A_401_gets_one_new_token_and_the_call_is_repeated()
    {
        await using var server = await TestEmulator.StartAsync();
        var log = new List<string>();
        using var client = TestEmulator.Client(server, configure: o => o.Log = e => { lock (log) log.Add(e.Message); });
        await client.ListPageAsync();
        server.ExpireAllTokens();
        var page = await client.ListPageAsync();
        Assert.NotNull(page);
        Assert.Equal(2, server.Statistics.TokensIssued);
        Assert.Equal(1, server.Statistics.ResponsesByStatus[401]);
        Assert.Contains(log, l => l.Contains("401") && l.Contains("new access token"));
    }

    [Fact]
    public async Task A_bare_access_token_session_says_it_cannot_refresh()
    {
        await using var server = await TestEmulator.StartAsync();
        var token = server.IssueAccessToken();
        using var client = ExportJobsClient.WithAccessToken(TestEmulator.ClientOptions(server), TestEmulator.Secure(token));
        Assert.False(client.Tokens.CanRefresh);
        Assert.NotNull(await client.ListPageAsync());
        server.ExpireAllTokens();
        var error = await Assert.ThrowsAsync<AepApiException>(() => client.ListPageAsync());
        Assert.Equal(AepErrorKind.AccessTokenNotRefreshable, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Contains("cannot be refreshed", error.Message);
        Assert.DoesNotContain(token, error.Message);
    }

    [Fact]
    public async Task A_wrong_secret_is_an_authentication_error_that_never_shows_the_secret()
    {
        await using var server = await TestEmulator.StartAsync();
        var options = TestEmulator.ClientOptions(server);
        using var client = ExportJobsClient.WithClientCredentials(options, TestEmulator.Secure("not-the-secret-xyz"));
        var error = await Assert.ThrowsAsync<AepApiException>(() => client.ListPageAsync());
        Assert.Equal(AepErrorKind.AuthenticationFailed, error.Kind);
        Assert.InRange(error.StatusCode, 400, 401);
        Assert.Contains(server.Options.ClientId, error.Message);
        Assert.DoesNotContain("not-the-secret-xyz", error.ToString());
    }

    [Fact]
    public async Task A_second_401_after_a_fresh_token_names_the_credential_parts()
    {
        await using var server = await TestEmulator.StartAsync(o => o.Faults.TokenEarlyExpiry = TimeSpan.Zero);
        using var client = TestEmulator.Client(server);
        var error = await Assert.ThrowsAsync<AepApiException>(() => client.ListPageAsync());
        Assert.Equal(AepErrorKind.AuthenticationFailed, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Contains("freshly issued", error.Message);
        Assert.Contains(server.Options.ClientId, error.Message);
        Assert.Contains(server.Options.OrgId, error.Message);
        Assert.Equal(2, server.Statistics.TokensIssued);
    }

    [Fact]
    public async Task Throttling_is_retried_up_to_MaxRetries_and_each_retry_is_logged()
    {
        await using var server = await TestEmulator.StartAsync(o =>
        {
            o.Faults.RateLimitShare = 1;
            o.Faults.RetryAfterSeconds = 0;
        });
        var log = new List<string>();
        using var client = TestEmulator.Client(server, configure: o =>
        {
            o.MaxRetries = 3;
            o.Log = e => { lock (log) log.Add(e.Message); };
        });
        var error = await Assert.ThrowsAsync<AepApiException>(() => client.ListPageAsync());
        Assert.Equal(429, error.StatusCode);
        Assert.Equal(3, error.Retries);
        Assert.Equal(4, server.Statistics.ResponsesByStatus[429]);
        // Retry-After: 0 is no advice on how long to wait: the backoff decides, and the line does not claim otherwise.
        Assert.Contains(log, l => l.Contains("-> 429") && l.Contains("retry 1") && !l.Contains("Retry-After"));
        Assert.Contains(log, l => l.Contains("-> 429") && l.Contains("retry 3"));
        Assert.Contains(log, l => l.Contains("retries exhausted"));
    }

    [Fact]
    public async Task A_create_refused_with_429_or_503_is_sent_again_and_made_once()
    {
        await using var server = await TestEmulator.StartAsync(o =>
        {
            o.Faults.RateLimitShare = 0.4;
            o.Faults.ServerErrorShare = 0.4;
            o.Faults.ServerErrorStatuses = new() { 503 };
            o.Faults.RetryAfterSeconds = 0;
        });
        using var client = TestEmulator.Client(server, configure: o => o.MaxRetries = 30);
        for (int i = 0; i < 5; i++)
        {
            var job = await client.CreateAsync(TestEmulator.Request(), $"throttled-create-{i}");
            Assert.Equal($"throttled-create-{i}", job.RequestId);
            Assert.Equal(1, server.Statistics.JobsCreatedByRequestId[$"throttled-create-{i}"]);
        }
        Assert.Equal(5, server.Statistics.JobsCreated);
        Assert.True(PostCount(server) > 5, "some creates were refused and sent again");
    }

    [Fact]
    public async Task A_create_whose_answer_is_lost_after_creation_returns_the_job_made_without_a_second_post()
    {
        await using var server = await TestEmulator.StartAsync(o => o.Faults.DropAfterCreateShare = 1);
        var log = new List<string>();
        using var client = TestEmulator.Client(server, configure: o => o.Log = e => { lock (log) log.Add(e.Message); });
        var job = await client.CreateAsync(TestEmulator.Request(), "dropped-after-create");
        Assert.Equal("dropped-after-create", job.RequestId);
        Assert.Equal(1, PostCount(server));
        Assert.Equal(1, server.Statistics.JobsCreated);
        Assert.Contains(log, l => l.Contains("did make job " + job.Id));
    }

    [Fact]
    public async Task A_create_answered_502_is_not_sent_again()
    {
        await using var server = await TestEmulator.StartAsync(o =>
        {
            o.Faults.ServerErrorShare = 1;
            o.Faults.ServerErrorStatuses = new() { 502 };
        });
        using var client = TestEmulator.Client(server, configure: o => o.MaxRetries = 2);
        var error = await Assert.ThrowsAsync<AepApiException>(() => client.CreateAsync(TestEmulator.Request(), "gateway-create"));
        Assert.Equal(AepErrorKind.CreateOutcomeUnknown, error.Kind);
        Assert.Contains("gateway-create", error.Message);
        Assert.Equal(1, PostCount(server));
        Assert.Equal(0, server.Statistics.JobsCreated);
    }

    [Fact]
    public async Task A_create_whose_connection_drops_before_processing_is_not_sent_again()
    {
        await using var server = await TestEmulator.StartAsync(o => o.Faults.DropShare = 1);
        using var client = TestEmulator.Client(server, configure: o => o.MaxRetries = 1);
        var error = await Assert.ThrowsAsync<AepApiException>(() => client.CreateAsync(TestEmulator.Request(), "dropped-create"));
        Assert.Equal(AepErrorKind.CreateOutcomeUnknown, error.Kind);
        Assert.True(error.RequestMayHaveBeenProcessed);
        Assert.Equal(1, PostCount(server));
    }

    [Fact]
    public async Task Dropped_connections_of_reads_are_retried()
    {
        await using var server = await TestEmulator.StartAsync(o => o.Faults.DropShare = 0.5);
        using var client = TestEmulator.Client(server, configure: o => o.MaxRetries = 20);
        for (int i = 0; i < 6; i++) Assert.NotNull(await client.ListPageAsync());
        Assert.True(server.Statistics.FaultsInjected.ContainsKey("drop"));
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported()
    {
        var port = FreePort();
        var log = new List<string>();
        var options = new ExportJobsClientOptions
        {
            PlatformEndpoint = new Uri($"http://127.0.0.1:{port}"),
            ImsEndpoint = new Uri($"http://127.0.0.1:{port}"),
            ClientId = "c", OrgId = "o", Sandbox = "prod",
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            Log = e => { lock (log) log.Add(e.Message); },
        };
        using var client = ExportJobsClient.WithAccessToken(options, TestEmulator.Secure("t"));
        var error = await Assert.ThrowsAsync<AepApiException>(() => client.CreateAsync(TestEmulator.Request()));
        Assert.Equal(AepErrorKind.ConnectionFailed, error.Kind);
        Assert.Equal(2, error.Retries);
        Assert.False(error.RequestMayHaveBeenProcessed);
        Assert.Equal(2, log.Count(l => l.Contains("connection failed") && l.Contains("retry")));
    }

    [Fact]
    public async Task A_slow_answer_hits_the_per_request_timeout()
    {
        await using var server = await TestEmulator.StartAsync(o =>
        {
            o.Faults.SlowShare = 1;
            o.Faults.SlowDelay = TimeSpan.FromSeconds(20);
        });
        using var client = TestEmulator.Client(server, configure: o =>
        {
            o.RequestTimeout = TimeSpan.FromMilliseconds(300);
            o.MaxRetries = 1;
        });
        var error = await Assert.ThrowsAsync<AepApiException>(() => client.ListPageAsync());
        Assert.Equal(AepErrorKind.Timeout, error.Kind);
        Assert.Equal(1, error.Retries);
        Assert.Contains("timed out", error.Message);
    }

    [Fact]
    public async Task Cancellation_ends_a_call_in_flight()
    {
        await using var server = await TestEmulator.StartAsync(o =>
        {
            o.Faults.SlowShare = 1;
            o.Faults.SlowDelay = TimeSpan.FromSeconds(20);
        });
        using var client = TestEmulator.Client(server);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListPageAsync(cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Two_clients_on_two_sandboxes_see_only_their_own_jobs()
    {
        await using var server = await TestEmulator.StartAsync();
        var prod = await TestEmulator.CreateJobsAsync(server, 2, "prod");
        var dev = await TestEmulator.CreateJobsAsync(server, 3, "dev");
        using var prodClient = TestEmulator.Client(server, "prod");
        using var devClient = TestEmulator.Client(server, "dev");
        var prodTask = prodClient.ListPageAsync();
        var devTask = devClient.ListPageAsync();
        Assert.Equal(prod.Select(j => j.Id).OrderBy(x => x), (await prodTask).Records.Select(j => j.Id).OrderBy(x => x));
        Assert.Equal(dev.Select(j => j.Id).OrderBy(x => x), (await devTask).Records.Select(j => j.Id).OrderBy(x => x));
    }

    [Fact]
    public async Task Logs_show_each_call_and_never_a_secret_or_token()
    {
        await using var server = await TestEmulator.StartAsync();
        var log = new List<HttpLogEntry>();
        using var client = TestEmulator.Client(server, configure: o => o.Log = e => { lock (log) log.Add(e); });
        var job = await client.CreateAsync(TestEmulator.Request());
        await client.GetAsync(job.Id);
        server.ExpireAllTokens();
        await client.ListPageAsync(limit: 5);
        var token = await client.Tokens.GetAccessTokenAsync(CancellationToken.None);

        var all = string.Join("\n", log.Select(e => e.Message));
        Assert.Contains(log, e => e.Level == HttpLogLevel.Verbose && e.Message.StartsWith("POST " + server.BaseAddress + "/data/core/ups/export/jobs -> 200"));
        Assert.Contains(log, e => e.Level == HttpLogLevel.Verbose && e.Message.StartsWith($"GET {server.BaseAddress}/data/core/ups/export/jobs/{job.Id} -> 200"));
        Assert.Contains(log, e => e.Level == HttpLogLevel.Debug && e.Message.Contains("x-sandbox-name: prod"));
        Assert.Contains(log, e => e.Level == HttpLogLevel.Debug && e.Message.Contains("Authorization: " + HttpLogFormatter.Mask));
        Assert.Contains(log, e => e.Level == HttpLogLevel.Debug && e.Message.Contains("client_secret=" + HttpLogFormatter.Mask));
        Assert.Contains(log, e => e.Level == HttpLogLevel.Debug && e.Message.Contains("\"access_token\":\"" + HttpLogFormatter.Mask));
        Assert.DoesNotContain(server.Options.ClientSecret, all);
        Assert.DoesNotContain(token, all);
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
