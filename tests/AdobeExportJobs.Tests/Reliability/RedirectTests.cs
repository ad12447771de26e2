using AdobeExportJobs.Client;
using AdobeExportJobs.Tests.Module;
using Xunit;

namespace AdobeExportJobs.Tests.Reliability;

/// <summary>
/// A redirect from IMS or the platform is an error naming the status and the Location, and nothing goes to the address
/// it names: a second loopback listener (the "elsewhere") records every request that reaches it, and must record none.
/// </summary>
public class RedirectTests
{
    private const string Secret = "redirect-secret-0b8f3c1e9a";

    private static ExportJobsClient ClientFor(string platform, string ims, int maxRetries = 2) =>
        ExportJobsClient.WithClientCredentials(new ExportJobsClientOptions
        {
            PlatformEndpoint = new Uri(platform),
            ImsEndpoint = new Uri(ims),
            ClientId = "redirect-client",
            OrgId = "ORG@AdobeOrg",
            Sandbox = "prod",
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            MaxRetries = maxRetries,
        }, TestEmulator.Secure(Secret));

    private static string Redirect(int status, string location) =>
        ScriptedHttpServer.Answer(status, ReasonOf(status), "", "text/plain", "Location: " + location);

    private static string ReasonOf(int status) => status switch
    {
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        _ => "Permanent Redirect",
    };

    private static ScriptedHttpServer Elsewhere() =>
        // Would hand out its own token and jobs, as a foreign host following a redirect would.
        new(request => request.Path.StartsWith("/ims/")
            ? ScriptedHttpServer.Answer(200, "OK", "{\"access_token\":\"foreign-token\",\"expires_in\":86399}")
            : ScriptedHttpServer.Answer(200, "OK", "{\"id\":666,\"status\":\"NEW\",\"records\":[{\"id\":666}]}"));

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    [InlineData(302)]
    public async Task An_IMS_redirect_resends_nothing_and_the_secret_goes_nowhere_else(int status)
    {
        await using var elsewhere = Elsewhere();
        await using var ims = new ScriptedHttpServer(_ => Redirect(status, elsewhere.BaseAddress + "/ims/token/v3"));
        await using var platform = new ScriptedHttpServer(_ => ScriptedHttpServer.Answer(200, "OK", "{\"id\":5,\"status\":\"NEW\"}"));
        using var client = ClientFor(platform.BaseAddress, ims.BaseAddress);

        var error = await Assert.ThrowsAsync<AepApiException>(() => client.GetAsync(5));

        Assert.Equal(AepErrorKind.Redirected, error.Kind);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains(status.ToString(), error.Message);
        Assert.Contains(elsewhere.BaseAddress + "/ims/token/v3", error.Message);
        Assert.Equal(elsewhere.BaseAddress + "/ims/token/v3", error.Location);
        Assert.Empty(elsewhere.Requests);
        // Asked once: a redirect is not retried either.
        var asked = Assert.Single(ims.Requests);
        Assert.Contains("client_secret=" + Secret, asked.Body);
        Assert.Empty(platform.Requests);
        Assert.DoesNotContain(Secret, error.ToString());
    }

    public static TheoryData<string, int> PlatformCalls()
    {
        var data = new TheoryData<string, int>();
        foreach (var call in new[] { "get", "list", "cancel", "create" })
        {
            foreach (var status in new[] { 301, 302, 303, 307, 308 }) data.Add(call, status);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PlatformCalls))]
    public async Task A_platform_redirect_is_an_error_and_no_header_goes_elsewhere(string call, int status)
    {
        await using var elsewhere = Elsewhere();
        await using var platform = new ScriptedHttpServer(request =>
        {
            if (request.Path.StartsWith("/ims/")) return ScriptedHttpServer.TokenAnswer();
            // The lookup after a create that may have been processed reads the list here, which finds nothing.
            if (call == "create" && request.Method == "GET") return ScriptedHttpServer.Answer(200, "OK", "{\"records\":[],\"page\":{},\"link\":{}}");
            return Redirect(status, elsewhere.BaseAddress + request.Path);
        });
        using var client = ClientFor(platform.BaseAddress, platform.BaseAddress);

        Task work = call switch
        {
            "get" => client.GetAsync(5),
            "list" => client.ListPageAsync(),
            "cancel" => client.CancelAsync(5),
            _ => client.CreateAsync(TestEmulator.Request()),
        };
        var error = await Assert.ThrowsAsync<AepApiException>(() => work);

        Assert.Empty(elsewhere.Requests);
        var redirect = error.Kind == AepErrorKind.CreateOutcomeUnknown ? Assert.IsType<AepApiException>(error.InnerException) : error;
        Assert.Equal(AepErrorKind.Redirected, redirect.Kind);
        Assert.Equal(status, redirect.StatusCode);
        Assert.Contains(elsewhere.BaseAddress, redirect.Message);
        Assert.Contains("follows no redirects", error.Message);
        // The call itself went out once: no retry, no second create.
        var method = call switch { "cancel" => "DELETE", "create" => "POST", _ => "GET" };
        Assert.Single(platform.Requests, r => r.Method == method && !r.Path.StartsWith("/ims/"));
        if (call == "create")
        {
            // Only 307/308 say "not carried out here"; after another redirect the create may have made a job, so it is looked for.
            bool notProcessed = status == 307 || status == 308;
            Assert.Equal(notProcessed ? AepErrorKind.Redirected : AepErrorKind.CreateOutcomeUnknown, error.Kind);
            Assert.Equal(notProcessed ? 0 : 1, platform.Requests.Count(r => r.Method == "GET"));
        }
    }
}
