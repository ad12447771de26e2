using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator;
using Xunit;

namespace AdobeExportJobs.Tests.Emulator;

public class AuthTests
{
    private const string OtherOrg = "OTHERORG000000000000000@AdobeOrg";

    private static EmulatorOptions TwoOrgs()
    {
        var options = Emulators.Fast();
        options.AdditionalClients.Add(new RegisteredClient { ClientId = "other-client", ClientSecret = "other-secret", OrgId = OtherOrg });
        return options;
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> RequestTokenRawAsync(EmulatorServer server, Dictionary<string, string> form)
    {
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        using var response = await http.PostAsync("/ims/token/v3", new FormUrlEncodedContent(form));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Ims_issues_bearer_tokens_with_the_configured_lifetime_in_seconds()
    {
        var options = Emulators.Fast();
        options.TokenLifetime = TimeSpan.FromMinutes(90);
        await using var server = await EmulatorServer.StartAsync(options);
        var (status, body) = await RequestTokenRawAsync(server, new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "emulator-client", ["client_secret"] = "emulator-secret", ["scope"] = "openid,AdobeID",
        });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("bearer", (string)body["token_type"]);
        Assert.Equal(5400, (long)body["expires_in"]);
        Assert.False(string.IsNullOrEmpty((string)body["access_token"]));
        Assert.Equal(1, server.Statistics.TokensIssued);
    }

    [Theory]
    [InlineData("v3", "form")]
    [InlineData("v3", "query")]
    [InlineData("v2", "form")]
    [InlineData("v2", "query")]
    [InlineData("v2", "query, empty form")]
    public async Task Both_token_versions_take_the_credentials_as_a_form_or_in_the_query_string(string version, string how)
    {
        // Adobe's Postman collection asks /ims/token/v2 with the credentials in the query string; the guides use a v3 form.
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast());
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "emulator-client", ["client_secret"] = "emulator-secret", ["scope"] = "openid,AdobeID",
        };
        var query = string.Join("&", fields.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"));
        HttpContent content = how switch
        {
            "form" => new FormUrlEncodedContent(fields),
            "query, empty form" => new FormUrlEncodedContent(new Dictionary<string, string>()),
            _ => null,
        };
        using var response = await http.PostAsync($"/ims/token/{version}" + (how.StartsWith("query") ? "?" + query : ""), content);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new[] { "access_token", "expires_in", "token_type" }, body.AsObject().Select(p => p.Key).Order());
        Assert.Equal("bearer", (string)body["token_type"]);
        Assert.Equal(86400, (long)body["expires_in"]);

        using var client = await ApiClient.ConnectAsync(server);
        client.Token = (string)body["access_token"];
        var (listed, _, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath);
        Assert.Equal(HttpStatusCode.OK, listed);

        fields["client_secret"] = "wrong-secret";
        using var refused = await http.PostAsync($"/ims/token/{version}?" + string.Join("&", fields.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}")), null);
        var refusal = JsonNode.Parse(await refused.Content.ReadAsStringAsync());
        Emulators.AssertServiceError(refused.StatusCode, refusal, 401);
        Assert.Equal("invalid_client", (string)refusal["error"]);
        Assert.DoesNotContain("wrong-secret", refusal.ToJsonString());
    }

    [Theory]
    [InlineData("password", "emulator-client", "emulator-secret", 400, "unsupported_grant_type")]
    [InlineData("client_credentials", "", "emulator-secret", 400, "invalid_request")]
    [InlineData("client_credentials", "emulator-client", "", 400, "invalid_request")]
    [InlineData("client_credentials", "emulator-client", "wrong-secret", 401, "invalid_client")]
    [InlineData("client_credentials", "nobody", "emulator-secret", 401, "invalid_client")]
    public async Task Ims_rejects_bad_token_requests(string grantType, string clientId, string secret, int expected, string oauthError)
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast());
        var (status, body) = await RequestTokenRawAsync(server, new()
        {
            ["grant_type"] = grantType, ["client_id"] = clientId, ["client_secret"] = secret,
        });
        Emulators.AssertServiceError(status, body, expected);
        Assert.Equal(oauthError, (string)body["error"]);
        Assert.DoesNotContain("emulator-secret", body.ToJsonString());
    }

    [Fact]
    public async Task Ims_rejects_a_json_body()
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast());
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        using var response = await http.PostAsync("/ims/token/v3", new StringContent("{\"client_id\":\"emulator-client\"}", System.Text.Encoding.UTF8, "application/json"));
        Emulators.AssertServiceError(response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()), 400, "form");
    }

    [Fact]
    public async Task Missing_malformed_and_forged_tokens_answer_401()
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast());
        using var client = await ApiClient.ConnectAsync(server);

        var (missing, missingBody, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath, adjust: r => r.Headers.Authorization = null);
        Emulators.AssertGatewayError(missing, missingBody, 401, "403010");

        var (garbage, garbageBody, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath,
            adjust: r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token"));
        Emulators.AssertGatewayError(garbage, garbageBody, 401, "401013");

        // A token whose payload was changed (signature no longer matches) is not accepted.
        var parts = client.Token.Split('.');
        var forged = parts[0] + "." + parts[1].Substring(0, parts[1].Length - 2) + "AA" + "." + parts[2];
        var (forgedStatus, forgedBody, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath,
            adjust: r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged));
        Emulators.AssertGatewayError(forgedStatus, forgedBody, 401, "401013");

        var (ok, _, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath);
        Assert.Equal(HttpStatusCode.OK, ok);
    }

    [Fact]
    public async Task Expired_tokens_answer_401_and_a_new_token_works()
    {
        var options = Emulators.Fast();
        options.TokenLifetime = TimeSpan.FromMilliseconds(300);
        await using var server = await EmulatorServer.StartAsync(options);
        using var client = await ApiClient.ConnectAsync(server);
        await Task.Delay(400);

        var (status, body, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath);
        Emulators.AssertGatewayError(status, body, 401, "401013");

        server.Options.TokenLifetime = TimeSpan.FromHours(1); // read when the next token is issued
        client.Token = await ApiClient.RequestTokenAsync(client.Http, "emulator-client", "emulator-secret");
        var (again, _, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath);
        Assert.Equal(HttpStatusCode.OK, again);
    }

    [Fact]
    public async Task ExpireAllTokens_invalidates_every_issued_token()
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast());
        using var client = await ApiClient.ConnectAsync(server);
        var direct = server.IssueAccessToken();
        server.ExpireAllTokens();

        var (status, body, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath);
        Emulators.AssertGatewayError(status, body, 401, "401013");
        var (directStatus, _, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath,
            adjust: r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", direct));
        Assert.Equal(HttpStatusCode.Unauthorized, directStatus);

        client.Token = server.IssueAccessToken();
        var (fresh, _, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath);
        Assert.Equal(HttpStatusCode.OK, fresh);
    }

    [Fact]
    public async Task Unknown_or_mismatched_api_key_answers_403()
    {
        await using var server = await EmulatorServer.StartAsync(TwoOrgs());
        using var client = await ApiClient.ConnectAsync(server);

        var (unknown, unknownBody, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath, adjust: r =>
        {
            r.Headers.Remove("x-api-key");
            r.Headers.Add("x-api-key", "nobody");
        });
        Emulators.AssertGatewayError(unknown, unknownBody, 403, "403003");

        var (missing, missingBody, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath, adjust: r => r.Headers.Remove("x-api-key"));
        Emulators.AssertGatewayError(missing, missingBody, 403, "403003");

        // A registered key that is not the client the token belongs to.
        var (other, otherBody, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath, adjust: r =>
        {
            r.Headers.Remove("x-api-key");
            r.Headers.Add("x-api-key", "other-client");
            r.Headers.Remove("x-gw-ims-org-id");
            r.Headers.Add("x-gw-ims-org-id", OtherOrg);
        });
        Emulators.AssertGatewayError(other, otherBody, 403, "403003");
    }

    [Fact]
    public async Task Org_header_missing_answers_400_and_another_org_403()
    {
        await using var server = await EmulatorServer.StartAsync(TwoOrgs());
        using var client = await ApiClient.ConnectAsync(server);
        var (missing, missingBody, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath, adjust: r => r.Headers.Remove("x-gw-ims-org-id"));
        Emulators.AssertGatewayError(missing, missingBody, 400, "400003", "x-gw-ims-org-id");

        var (wrong, wrongBody, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath, adjust: r =>
        {
            r.Headers.Remove("x-gw-ims-org-id");
            r.Headers.Add("x-gw-ims-org-id", OtherOrg);
        });
        Emulators.AssertGatewayError(wrong, wrongBody, 403, "403025");
    }

    [Fact]
    public async Task Unknown_sandbox_answers_403_and_a_missing_one_means_prod()
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast());
        using var prod = await ApiClient.ConnectAsync(server, "prod");
        var created = await prod.CreateJobAsync(Bodies.Minimal());

        var (unknown, unknownBody, _) = await prod.SendAsync(HttpMethod.Get, ApiClient.JobsPath, adjust: r =>
        {
            r.Headers.Remove("x-sandbox-name");
            r.Headers.Add("x-sandbox-name", "staging");
        });
        Emulators.AssertGatewayError(unknown, unknownBody, 403, "403025");

        var (status, page, _) = await prod.SendAsync(HttpMethod.Get, ApiClient.JobsPath, adjust: r => r.Headers.Remove("x-sandbox-name"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(page["records"]!.AsArray(), j => (long)j["id"] == (long)created["id"]);
    }

    [Fact]
    public async Task Jobs_of_one_org_or_sandbox_are_invisible_to_another()
    {
        await using var server = await EmulatorServer.StartAsync(TwoOrgs());
        using var prod = await ApiClient.ConnectAsync(server, "prod");
        using var dev = await ApiClient.ConnectAsync(server, "dev");
        using var otherOrg = await ApiClient.ConnectAsync(server, "prod", "other-client", "other-secret", OtherOrg);

        var prodJob = await prod.CreateJobAsync(Bodies.Minimal());
        var devJob = await dev.CreateJobAsync(Bodies.Minimal());
        var otherJob = await otherOrg.CreateJobAsync(Bodies.Minimal());
        Assert.Equal(OtherOrg, (string)otherJob["imsOrgId"]);

        Assert.Equal(new[] { (long)prodJob["id"] }, (await prod.ListAllAsync(10)).Select(j => (long)j["id"]));
        Assert.Equal(new[] { (long)devJob["id"] }, (await dev.ListAllAsync(10)).Select(j => (long)j["id"]));
        Assert.Equal(new[] { (long)otherJob["id"] }, (await otherOrg.ListAllAsync(10)).Select(j => (long)j["id"]));

        foreach (var (caller, foreignId) in new[] { (prod, (long)devJob["id"]), (prod, (long)otherJob["id"]), (otherOrg, (long)prodJob["id"]), (dev, (long)prodJob["id"]) })
        {
            var (get, getBody, _) = await caller.SendAsync(HttpMethod.Get, $"{ApiClient.JobsPath}/{foreignId}");
            Emulators.AssertServiceError(get, getBody, 404);
            var (delete, deleteBody, _) = await caller.SendAsync(HttpMethod.Delete, $"{ApiClient.JobsPath}/{foreignId}");
            Emulators.AssertServiceError(delete, deleteBody, 404);
        }
        // The foreign DELETEs touched nothing: every job is still there for its owner.
        await prod.GetJobAsync((long)prodJob["id"]);
        await dev.GetJobAsync((long)devJob["id"]);
        await otherOrg.GetJobAsync((long)otherJob["id"]);
        Assert.Equal(2, server.Statistics.JobsCreatedByOrg[server.Options.OrgId]);
        Assert.Equal(1, server.Statistics.JobsCreatedByOrg[OtherOrg]);
    }
}
