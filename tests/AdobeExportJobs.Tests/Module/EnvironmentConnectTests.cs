using System.Management.Automation;
using AdobeExportJobs.Emulator;
using Xunit;
using static AdobeExportJobs.Tests.Module.EngineAssert;

namespace AdobeExportJobs.Tests.Module;

/// <summary>Environment variables are process-wide: tests that set AEP_* run in this collection, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AepEnvironmentCollection
{
    public const string Name = "AEP environment variables";
}

[Collection(AepEnvironmentCollection.Name)]
public class EnvironmentConnectTests : IAsyncLifetime
{
    private static readonly string[] Names =
    {
        "AEP_CLIENT_ID", "AEP_CLIENT_SECRET", "AEP_ORG_ID", "AEP_SANDBOX", "AEP_SCOPES", "AEP_ACCESS_TOKEN", "AEP_ENDPOINT", "AEP_IMS_ENDPOINT",
    };

    private readonly Dictionary<string, string> _saved = Names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
    private EmulatorServer _server;

    public async Task InitializeAsync()
    {
        _server = await TestEmulator.StartAsync();
        await TestEmulator.CreateJobsAsync(_server, 2, "prod");
        await TestEmulator.CreateJobsAsync(_server, 1, "dev");
        foreach (var name in Names) Environment.SetEnvironmentVariable(name, null);
    }

    public async Task DisposeAsync()
    {
        foreach (var pair in _saved) Environment.SetEnvironmentVariable(pair.Key, pair.Value);
        await _server.DisposeAsync();
    }

    private void SetAll()
    {
        Environment.SetEnvironmentVariable("AEP_CLIENT_ID", _server.Options.ClientId);
        Environment.SetEnvironmentVariable("AEP_CLIENT_SECRET", _server.Options.ClientSecret);
        Environment.SetEnvironmentVariable("AEP_ORG_ID", _server.Options.OrgId);
        Environment.SetEnvironmentVariable("AEP_SANDBOX", "prod");
        Environment.SetEnvironmentVariable("AEP_SCOPES", "openid,AdobeID,read_organizations");
        Environment.SetEnvironmentVariable("AEP_ENDPOINT", _server.BaseAddress);
        Environment.SetEnvironmentVariable("AEP_IMS_ENDPOINT", _server.BaseAddress);
    }

    [Fact]
    public void Connect_without_arguments_reads_every_AEP_variable()
    {
        SetAll();
        using var shell = new ModuleShell();
        var r = shell.Run("Connect-Aep -PassThru; @(Get-ExportJob).Count");
        Succeeded(r);
        var session = (AepSession)r.Output[0].BaseObject;
        Assert.Equal(new[] { "openid", "AdobeID", "read_organizations" }, session.Scopes);
        Assert.Equal(_server.BaseUrl, session.Endpoint);
        Assert.Equal(_server.BaseUrl, session.ImsEndpoint);
        Assert.Equal(AepAuthMethod.ClientCredentials, session.AuthMethod);
        Assert.Equal(2, r.Output[1].BaseObject);
    }

    [Fact]
    public void Variables_set_in_the_script_are_read_and_parameters_win_over_them()
    {
        using var shell = new ModuleShell(_server);
        var r = shell.Run("""
            $env:AEP_CLIENT_ID = $ClientId
            $env:AEP_CLIENT_SECRET = 'emulator-secret'
            $env:AEP_ORG_ID = $OrgId
            $env:AEP_SANDBOX = 'prod'
            $env:AEP_ENDPOINT = $Endpoint
            $env:AEP_IMS_ENDPOINT = $Endpoint
            $dev = New-AepSession -Sandbox dev
            @(Get-ExportJob -Session $dev).Count
            $dev.Sandbox
            """);
        Succeeded(r);
        Assert.Equal(new object[] { 1, "dev" }, r.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void An_access_token_variable_is_used_when_there_is_no_secret()
    {
        SetAll();
        Environment.SetEnvironmentVariable("AEP_CLIENT_SECRET", null);
        Environment.SetEnvironmentVariable("AEP_ACCESS_TOKEN", _server.IssueAccessToken());
        using var shell = new ModuleShell();
        var r = shell.Run("(Connect-Aep -PassThru).AuthMethod.ToString(); @(Get-ExportJob).Count");
        Succeeded(r);
        Assert.Equal(new object[] { "AccessToken", 2 }, r.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void A_secret_variable_wins_over_a_token_variable_and_a_token_parameter_wins_over_both()
    {
        SetAll();
        Environment.SetEnvironmentVariable("AEP_ACCESS_TOKEN", "stale-token");
        using var shell = new ModuleShell(_server);
        shell.Set("Token", TestEmulator.Secure(_server.IssueAccessToken()));
        var r = shell.Run("(Connect-Aep -PassThru).AuthMethod.ToString(); (Connect-Aep -AccessToken $Token -PassThru).AuthMethod.ToString(); @(Get-ExportJob).Count");
        Succeeded(r);
        Assert.Equal(new object[] { "ClientCredentials", "AccessToken", 2 }, r.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void An_insecure_endpoint_variable_is_refused()
    {
        SetAll();
        Environment.SetEnvironmentVariable("AEP_ENDPOINT", "http://platform.example.com");
        using var shell = new ModuleShell();
        var r = shell.Run("Connect-Aep");
        var error = SingleError(r, "AepInsecureEndpoint,AdobeExportJobs.Commands.ConnectAepCommand", ErrorCategory.SecurityError, "http://platform.example.com");
        Assert.Contains("AEP_ENDPOINT", error.Exception.Message);
    }

    [Fact]
    public void Missing_variables_name_the_variable_to_set()
    {
        SetAll();
        Environment.SetEnvironmentVariable("AEP_ORG_ID", null);
        using var shell = new ModuleShell();
        var error = SingleError(shell.Run("Connect-Aep"), "AepMissingOrgId,AdobeExportJobs.Commands.ConnectAepCommand", ErrorCategory.InvalidArgument);
        Assert.Contains("AEP_ORG_ID", error.Exception.Message);
    }
}
