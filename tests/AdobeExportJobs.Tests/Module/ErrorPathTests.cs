using System.Management.Automation;
using AdobeExportJobs.Client;
using AdobeExportJobs.Emulator;
using Xunit;
using static AdobeExportJobs.Tests.Module.EngineAssert;

namespace AdobeExportJobs.Tests.Module;

/// <summary>Every way a call can fail reaches PowerShell as an ErrorRecord with a category and a FullyQualifiedErrorId.</summary>
public class ErrorPathTests : IAsyncLifetime
{
    private const string Get = ",AdobeExportJobs.Commands.GetExportJobCommand";
    private EmulatorServer _server;

    public async Task InitializeAsync()
    {
        _server = await TestEmulator.StartAsync();
        await TestEmulator.CreateJobsAsync(_server, 2);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ModuleShell Connected(string extra = "")
    {
        var shell = new ModuleShell(_server);
        Succeeded(shell.Run(ModuleShell.Connect + " " + extra));
        return shell;
    }

    private static void AssertNamesRequest(ErrorRecord error)
    {
        var api = Assert.IsType<AepApiException>(error.Exception);
        Assert.False(string.IsNullOrEmpty(api.RequestId));
        Assert.Contains(api.RequestId, error.Exception.Message);
        Assert.Equal(error.Exception.Message, error.ErrorDetails.Message);
    }

    [Fact]
    public void An_expired_token_is_refreshed_once_and_the_listing_succeeds()
    {
        using var shell = Connected();
        Assert.Equal(2, shell.Run("Get-ExportJob").Output.Count);
        var tokensBefore = _server.Statistics.TokensIssued;
        _server.ExpireAllTokens();
        var r = shell.Run("Get-ExportJob -Verbose");
        Succeeded(r);
        Assert.Equal(2, r.Output.Count);
        Assert.Contains(r.Verbose, v => v.Message.Contains("-> 401"));
        Assert.Contains(r.Verbose, v => v.Message.Contains("getting a new access token"));
        Assert.Contains(r.Verbose, v => v.Message.StartsWith("POST " + _server.BaseAddress + "/ims/token/v3 -> 200"));
        Assert.Equal(tokensBefore + 1, _server.Statistics.TokensIssued);
    }

    [Fact]
    public void An_expired_bare_access_token_says_it_cannot_be_refreshed()
    {
        using var shell = new ModuleShell(_server);
        shell.Set("Token", TestEmulator.Secure(_server.IssueAccessToken()));
        Succeeded(shell.Run("Connect-Aep -AccessToken $Token -ClientId $ClientId -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint"));
        _server.ExpireAllTokens();
        var error = SingleError(shell.Run("Get-ExportJob"), "AepAccessTokenExpired" + Get, ErrorCategory.AuthenticationError);
        Assert.Contains("cannot be refreshed", error.Exception.Message);
        Assert.Contains("-AccessToken", error.ErrorDetails.RecommendedAction);
        AssertNamesRequest(error);
    }

    [Fact]
    public void A_wrong_secret_is_an_authentication_error()
    {
        using var shell = new ModuleShell(_server);
        shell.Set("Wrong", TestEmulator.Secure("wrong-secret-123"));
        Succeeded(shell.Run("Connect-Aep -ClientId $ClientId -ClientSecret $Wrong -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -ImsEndpoint $Endpoint"));
        var error = SingleError(shell.Run("Get-ExportJob"), "AepAuthenticationFailed" + Get, ErrorCategory.AuthenticationError);
        Assert.Contains("client secret", error.Exception.Message);
        Assert.DoesNotContain("wrong-secret-123", error.Exception.ToString());
    }

    [Theory]
    [InlineData("-OrgId SOMEONEELSE00000000000000@AdobeOrg -Sandbox prod")]
    [InlineData("-OrgId $OrgId -Sandbox nosuchsandbox")]
    public void Access_to_another_org_or_an_unknown_sandbox_is_denied(string identity)
    {
        using var shell = new ModuleShell(_server);
        Succeeded(shell.Run("Connect-Aep -ClientId $ClientId -ClientSecret $Secret -Endpoint $Endpoint -ImsEndpoint $Endpoint " + identity));
        var error = SingleError(shell.Run("Get-ExportJob"), "AepAccessDenied" + Get, ErrorCategory.PermissionDenied);
        Assert.Equal(403, ((AepApiException)error.Exception).StatusCode);
        AssertNamesRequest(error);
    }

    [Fact]
    public void Throttling_beyond_the_retries_is_LimitsExceeded()
    {
        using var shell = Connected("-MaxRetries 1");
        _server.Options.Faults.RateLimitShare = 1;
        _server.Options.Faults.RetryAfterSeconds = 0;
        var r = shell.Run("Get-ExportJob -Verbose");
        var error = SingleError(r, "AepThrottled" + Get, ErrorCategory.LimitsExceeded);
        Assert.Equal(1, ((AepApiException)error.Exception).Retries);
        Assert.Contains(r.Verbose, v => v.Message.Contains("-> 429") && v.Message.Contains("retry 1"));
        AssertNamesRequest(error);
    }

    [Theory]
    [InlineData(500, "AepServerError")]
    [InlineData(503, "AepServiceUnavailable")]
    public void Server_errors_are_ResourceUnavailable(int status, string errorId)
    {
        using var shell = Connected("-MaxRetries 0");
        _server.Options.Faults.ServerErrorShare = 1;
        _server.Options.Faults.ServerErrorStatuses = new() { status };
        var error = SingleError(shell.Run("Get-ExportJob -Id 1"), errorId + Get, ErrorCategory.ResourceUnavailable, 1L);
        Assert.Equal(status, ((AepApiException)error.Exception).StatusCode);
        AssertNamesRequest(error);
    }

    [Fact]
    public void An_unreachable_endpoint_is_a_ConnectionError()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var shell = new ModuleShell(_server);
        shell.Set("Closed", $"http://127.0.0.1:{port}");
        Succeeded(shell.Run("Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -ImsEndpoint $Closed -MaxRetries 1"));
        var r = shell.Run("Get-ExportJob -Verbose");
        var error = SingleError(r, "AepConnectionFailed" + Get, ErrorCategory.ConnectionError);
        Assert.Contains("connection failed", error.Exception.Message);
        Assert.Contains(r.Verbose, v => v.Message.Contains("no answer") && v.Message.Contains("retry 1"));
    }

    [Fact]
    public void A_request_past_its_timeout_is_OperationTimeout()
    {
        using var shell = Connected("-MaxRetries 0 -RequestTimeoutSec 1");
        _server.Options.Faults.SlowShare = 1;
        _server.Options.Faults.SlowDelay = TimeSpan.FromSeconds(30);
        var error = SingleError(shell.Run("Get-ExportJob"), "AepRequestTimeout" + Get, ErrorCategory.OperationTimeout);
        Assert.Contains("timed out", error.Exception.Message);
    }

    [Fact]
    public async Task A_malformed_answer_is_InvalidResult_naming_the_request()
    {
        await using var scripted = new ScriptedHttpServer(r => r.Path.StartsWith("/ims/")
            ? ScriptedHttpServer.TokenAnswer()
            : ScriptedHttpServer.Answer(200, "OK", "{\"records\": [{\"id\": 1, \"status\": \"NEW\"}, {\"id\""));
        using var shell = new ModuleShell();
        shell.Set("Scripted", scripted.BaseAddress);
        shell.Set("Secret", TestEmulator.Secure("s"));
        Succeeded(shell.Run("Connect-Aep -ClientId c -ClientSecret $Secret -OrgId o -Sandbox prod -Endpoint $Scripted -ImsEndpoint $Scripted"));
        var r = shell.Run("Get-ExportJob");
        var error = SingleError(r, "AepMalformedResponse" + Get, ErrorCategory.InvalidResult);
        Assert.Empty(r.Output);
        AssertNamesRequest(error);
    }

    [Fact]
    public void The_gateway_error_shape_reaches_the_error_record()
    {
        using var shell = new ModuleShell(_server);
        _server.Options.GatewayErrors = ErrorShape.Gateway;
        shell.Set("Token", TestEmulator.Secure("not-a-token"));
        Succeeded(shell.Run("Connect-Aep -AccessToken $Token -ClientId $ClientId -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint"));
        var error = SingleError(shell.Run("Get-ExportJob"), "AepAccessTokenExpired" + Get, ErrorCategory.AuthenticationError);
        var api = (AepApiException)error.Exception;
        Assert.Equal(AepErrorShape.Gateway, api.Error.Shape);
        Assert.Equal("401013", api.Error.Code);
        Assert.Contains("401013", api.Message);
    }
}
