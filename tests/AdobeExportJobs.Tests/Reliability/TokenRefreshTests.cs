using System.Management.Automation;
using AdobeExportJobs.Tests.Module;
using Xunit;
using static AdobeExportJobs.Tests.Module.EngineAssert;

namespace AdobeExportJobs.Tests.Reliability;

/// <summary>
/// A 401 gets a new token and the call is repeated; only a token the platform refuses the moment it is issued means
/// the credentials are wrong. Tokens that expire early (revoked, or expiring every few seconds) are never mistaken for that.
/// </summary>
public class TokenRefreshTests
{
    private const string Get = ",AdobeExportJobs.Commands.GetExportJobCommand";

    private static string Page => ScriptedHttpServer.Answer(200, "OK", "{\"records\":[{\"id\":7,\"status\":\"NEW\"}],\"page\":{},\"link\":{}}");

    private static string Unauthorized => ScriptedHttpServer.Answer(401, "Unauthorized", "{\"error_code\":\"401013\",\"message\":\"Oauth token is not valid\"}");

    /// <summary>A scripted IMS that hands out tok-1, tok-2... and a platform that answers each request by its number.</summary>
    private static ScriptedHttpServer Platform(Func<int, string, string> answerForRequest)
    {
        int tokens = 0, calls = 0;
        return new ScriptedHttpServer(request =>
        {
            if (request.Path.StartsWith("/ims/"))
            {
                int n = Interlocked.Increment(ref tokens);
                return ScriptedHttpServer.Answer(200, "OK", $"{{\"access_token\":\"tok-{n}\",\"token_type\":\"bearer\",\"expires_in\":86399}}");
            }
            var bearer = request.Headers.TryGetValue("Authorization", out var value) ? value["Bearer ".Length..] : null;
            return answerForRequest(Interlocked.Increment(ref calls), bearer);
        });
    }

    private static ModuleShell ConnectedTo(ScriptedHttpServer server, string extra = "") =>
        ModuleShell.ConnectedTo(server, "-RequestTimeoutSec 5 " + extra, secret: "refresh-secret");

    [Fact]
    public async Task A_new_token_that_expires_while_its_call_is_throttled_is_renewed_again_and_the_call_succeeds()
    {
        // 1: tok-1 expired. 2: tok-2 (new) throttled. 3: tok-2 has expired meanwhile. 4: tok-3 works.
        await using var server = Platform((n, token) => n switch
        {
            1 => Unauthorized,
            2 => ScriptedHttpServer.Answer(429, "Too Many Requests", "{}", "application/json", "Retry-After: 0"),
            3 => Unauthorized,
            _ => Page,
        });
        using var shell = ConnectedTo(server);
        var r = shell.Run("Get-ExportJob -Verbose");
        Succeeded(r);
        Assert.Equal(new[] { 7L }, Ids(r));
        Assert.Equal(2, r.Verbose.Count(v => v.Message.Contains("getting a new access token")));
        var bearers = server.Requests.Where(q => !q.Path.StartsWith("/ims/")).Select(q => q.Headers["Authorization"]).ToArray();
        Assert.Equal(new[] { "Bearer tok-1", "Bearer tok-2", "Bearer tok-2", "Bearer tok-3" }, bearers);
    }

    [Fact]
    public async Task A_token_refused_the_moment_it_is_issued_is_a_credential_error_after_one_renewal()
    {
        await using var server = Platform((n, token) => Unauthorized);
        using var shell = ConnectedTo(server);
        var r = shell.Run("Get-ExportJob");
        var error = SingleError(r, "AepAuthenticationFailed" + Get, ErrorCategory.AuthenticationError);
        Assert.Contains("freshly issued", error.Exception.Message);
        Assert.Contains("client id 'c'", error.Exception.Message);
        Assert.Contains("org 'o'", error.Exception.Message);
        Assert.Equal(2, server.Requests.Count(q => q.Path.StartsWith("/ims/")));
        Assert.Equal(2, server.Requests.Count(q => !q.Path.StartsWith("/ims/")));
    }

    [Fact]
    public async Task Tokens_that_keep_expiring_while_throttled_are_renewed_only_within_the_retry_budget()
    {
        // Each token is throttled on its first use and refused after: never proof of wrong credentials, but never ending either.
        var used = new HashSet<string>();
        await using var server = Platform((n, token) =>
        {
            lock (used) return used.Add(token) ? ScriptedHttpServer.Answer(429, "Too Many Requests", "{}", "application/json", "Retry-After: 0") : Unauthorized;
        });
        using var shell = ConnectedTo(server, "-MaxRetries 2");
        var r = shell.Run("Get-ExportJob -Verbose");
        var error = SingleError(r, "AepAuthenticationFailed" + Get, ErrorCategory.AuthenticationError);
        Assert.Contains("401", error.Exception.Message);
        Assert.Equal(2, r.Verbose.Count(v => v.Message.Contains("getting a new access token")));
        Assert.Equal(3, server.Requests.Count(q => q.Path.StartsWith("/ims/")));
        Assert.Equal(6, server.Requests.Count(q => !q.Path.StartsWith("/ims/")));
    }
}
