using System.Net;
using AdobeExportJobs.Client;
using AdobeExportJobs.Tests.Module;
using Xunit;

namespace AdobeExportJobs.Tests.Reliability;

/// <summary>
/// Servers that echo what they were sent: an IMS error page showing the form (client secret included) and naming the
/// secret, a platform 401 naming the token it refused in its body, its reason phrase and its request id. The secret and
/// the tokens (opaque ones, which no pattern recognizes) appear nowhere a user can reach: messages, error details, the
/// error body's JSON, inner errors, and log lines. (Get-Error in real PowerShell: tests/Pester/Security.Tests.ps1.)
/// </summary>
public class SecretEchoTests
{
    /// <summary>With characters that forms and URLs encode, so an echo of the encoded form is caught too.</summary>
    private readonly string _secret = "ech0+s3cret/" + Guid.NewGuid().ToString("N") + "==";
    private readonly string _tokenStem = "opaque-" + Guid.NewGuid().ToString("N");
    private int _tokensIssued;

    private string TokenNumber(int n) => $"{_tokenStem}-{n}";

    private IEnumerable<string> Secrets() =>
        new[] { _secret }.Concat(Enumerable.Range(1, Math.Max(1, _tokensIssued)).Select(TokenNumber))
            .SelectMany(value => new[] { value, Uri.EscapeDataString(value), WebUtility.UrlEncode(value) })
            .Distinct();

    private void AssertNoSecret(string text)
    {
        Assert.False(string.IsNullOrEmpty(text));
        foreach (var secret in Secrets()) Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain(_tokenStem, text);
        Assert.DoesNotContain("s3cret", text);
    }

    private static string ImsEcho(string style, ScriptedRequest request, string secret) => style switch
    {
        "json" => ScriptedHttpServer.Answer(400, "Bad Request", Newtonsoft.Json.JsonConvert.SerializeObject(new Dictionary<string, object>
        {
            ["error"] = "invalid_client",
            ["error_description"] = $"unknown secret {secret}",
            ["received"] = request.Body,
            ["details"] = new Dictionary<string, string> { [secret] = "was the secret", ["hint"] = "check " + secret },
        })),
        "text" => ScriptedHttpServer.Answer(400, "Bad Request", $"unknown secret {secret}; you sent {request.Body}", "text/plain"),
        _ => ScriptedHttpServer.Answer(400, "Bad Request", $"<html><head><title>Refused {secret}</title></head><body><pre>{request.Body}</pre></body></html>", "text/html"),
    };

    private ScriptedHttpServer PlatformEchoingTokens() => new(request =>
    {
        if (request.Path.StartsWith("/ims/"))
        {
            var token = TokenNumber(Interlocked.Increment(ref _tokensIssued));
            return ScriptedHttpServer.Answer(200, "OK", $"{{\"access_token\":\"{token}\",\"expires_in\":86399}}");
        }
        var sent = request.Headers.TryGetValue("Authorization", out var auth) ? auth.Replace("Bearer ", "") : "none";
        return ScriptedHttpServer.Answer(401, "Unauthorized " + sent,
            $"{{\"error_code\":\"401013\",\"message\":\"Oauth token {sent} is not valid\",\"token\":\"{sent}\",\"headers\":\"Authorization: {auth}\"}}",
            "application/json", "x-request-id: " + sent, "WWW-Authenticate: Bearer error=\"invalid_token\", token=\"" + sent + "\"");
    });

    private ExportJobsClient ClientFor(string platform, string ims, List<string> log) =>
        ExportJobsClient.WithClientCredentials(new ExportJobsClientOptions
        {
            PlatformEndpoint = new Uri(platform),
            ImsEndpoint = new Uri(ims),
            ClientId = "echo-client",
            OrgId = "ORG@AdobeOrg",
            Sandbox = "prod",
            MaxRetries = 0,
            // A log sink takes every line, debug lines with bodies and headers included.
            Log = entry => { lock (log) log.Add(entry.Message); },
        }, TestEmulator.Secure(_secret));

    [Theory]
    [InlineData("json")]
    [InlineData("text")]
    [InlineData("html")]
    public async Task An_IMS_error_echoing_the_client_secret_shows_it_nowhere(string style)
    {
        await using var ims = new ScriptedHttpServer(request => ImsEcho(style, request, _secret));
        var log = new List<string>();
        using var client = ClientFor(ims.BaseAddress, ims.BaseAddress, log);

        var error = await Assert.ThrowsAsync<AepApiException>(() => client.GetAsync(5));

        Assert.Equal(AepErrorKind.AuthenticationFailed, error.Kind);
        // The server really echoed it, in the form's encoding too.
        Assert.Contains(Uri.EscapeDataString(_secret), Assert.Single(ims.Requests).Body);
        var reachable = ReachableText.Of(error) + error;
        AssertNoSecret(reachable);
        AssertNoSecret(string.Join("\n", log));
        Assert.Contains(HttpLogFormatter.Mask, error.Message);
        if (style == "json")
        {
            var json = error.Error.Json.ToString();
            AssertNoSecret(json);
            Assert.Contains("was the secret", json);
        }
    }

    [Fact]
    public async Task A_platform_401_echoing_each_token_shows_none_of_them()
    {
        await using var server = PlatformEchoingTokens();
        var log = new List<string>();
        using var client = ClientFor(server.BaseAddress, server.BaseAddress, log);

        var error = await Assert.ThrowsAsync<AepApiException>(() => client.GetAsync(5));

        // Refused, renewed, refused again: two tokens, both echoed back in body, reason phrase and headers.
        Assert.Equal(AepErrorKind.AuthenticationFailed, error.Kind);
        Assert.Equal(2, _tokensIssued);
        Assert.Contains(TokenNumber(2), server.Requests.Last().Headers["Authorization"]);
        AssertNoSecret(ReachableText.Of(error) + error);
        AssertNoSecret(string.Join("\n", log));
        Assert.Contains(log, line => line.Contains("401 Unauthorized " + HttpLogFormatter.Mask));
    }

    [Fact]
    public async Task A_bare_access_token_echoed_by_the_platform_shows_nowhere()
    {
        var token = "bare-" + Guid.NewGuid().ToString("N");
        await using var server = new ScriptedHttpServer(request => ScriptedHttpServer.Answer(401, "Unauthorized",
            $"{{\"error_code\":\"401013\",\"message\":\"token {token} expired\"}}"));
        var log = new List<string>();
        using var client = ExportJobsClient.WithAccessToken(new ExportJobsClientOptions
        {
            PlatformEndpoint = new Uri(server.BaseAddress),
            ClientId = "echo-client",
            OrgId = "ORG@AdobeOrg",
            Sandbox = "prod",
            Log = entry => { lock (log) log.Add(entry.Message); },
        }, TestEmulator.Secure(token));

        var error = await Assert.ThrowsAsync<AepApiException>(() => client.CreateAsync(TestEmulator.Request()));

        Assert.Equal(AepErrorKind.AccessTokenNotRefreshable, error.Kind);
        var text = ReachableText.Of(error) + error + string.Join("\n", log);
        Assert.DoesNotContain(token, text);
        Assert.Contains("token " + HttpLogFormatter.Mask + " expired", error.Error.Message);
    }
}
