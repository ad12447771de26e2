using System.Management.Automation;
using AdobeExportJobs.Emulator;
using Xunit;
using static AdobeExportJobs.Tests.Module.EngineAssert;

namespace AdobeExportJobs.Tests.Module;

/// <summary>Connect-Aep, New-AepSession, Get-AepSession, Disconnect-Aep in the hosted engine against the emulator.</summary>
public class SessionCmdletTests : IAsyncLifetime
{
    private EmulatorServer _server;

    public async Task InitializeAsync()
    {
        _server = await TestEmulator.StartAsync();
        await TestEmulator.CreateJobsAsync(_server, 2, "prod");
        await TestEmulator.CreateJobsAsync(_server, 3, "dev");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Connect_with_client_id_and_secret_makes_the_default_session()
    {
        using var shell = new ModuleShell(_server);
        var r = shell.Run(ModuleShell.Connect + "; Get-AepSession; Get-ExportJob");
        Succeeded(r);
        var session = (AepSession)r.Output[0].BaseObject;
        Assert.Equal(_server.Options.ClientId, session.ClientId);
        Assert.Equal("prod", session.Sandbox);
        Assert.Equal(AepAuthMethod.ClientCredentials, session.AuthMethod);
        Assert.True(session.CanRefreshToken);
        Assert.Equal(2, r.Output.Count - 1);
    }

    [Fact]
    public void Connect_with_a_credential_uses_user_name_as_client_id_and_password_as_secret()
    {
        using var shell = new ModuleShell(_server);
        var r = shell.Run("""
            $cred = [pscredential]::new($ClientId, $Secret)
            Connect-Aep -Credential $cred -OrgId $OrgId -Sandbox dev -Endpoint $Endpoint -ImsEndpoint $Endpoint -PassThru
            Get-ExportJob
            """);
        Succeeded(r);
        var session = (AepSession)r.Output[0].BaseObject;
        Assert.Equal(_server.Options.ClientId, session.ClientId);
        Assert.Equal(3, r.Output.Count - 1);
    }

    [Fact]
    public void Connect_with_an_access_token_works_and_cannot_refresh()
    {
        using var shell = new ModuleShell(_server);
        shell.Set("Token", TestEmulator.Secure(_server.IssueAccessToken()));
        var r = shell.Run("Connect-Aep -AccessToken $Token -ClientId $ClientId -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -PassThru; Get-ExportJob");
        Succeeded(r);
        var session = (AepSession)r.Output[0].BaseObject;
        Assert.Equal(AepAuthMethod.AccessToken, session.AuthMethod);
        Assert.False(session.CanRefreshToken);
        Assert.Equal(2, r.Output.Count - 1);
    }

    [Fact]
    public void New_AepSession_leaves_the_default_alone_and_two_sessions_work_side_by_side()
    {
        using var shell = new ModuleShell(_server);
        var r = shell.Run(ModuleShell.Connect + """

            $dev = New-AepSession -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox dev -Endpoint $Endpoint -ImsEndpoint $Endpoint
            (Get-AepSession).Sandbox
            $dev.Sandbox
            @(Get-ExportJob).Count
            @(Get-ExportJob -Session $dev).Count
            @(Get-ExportJob -Session $dev -Limit 1).Count
            """);
        Succeeded(r);
        Assert.Equal(new object[] { "prod", "dev", 2, 3, 1 }, r.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public async Task Sessions_on_two_emulators_at_once()
    {
        await using var other = await TestEmulator.StartAsync();
        await TestEmulator.CreateJobsAsync(other, 4, "prod");
        using var shell = new ModuleShell(_server);
        shell.UseEmulator(other, "Other");
        var r = shell.Run(ModuleShell.Connect + """

            $second = New-AepSession -ClientId $OtherClientId -ClientSecret $OtherSecret -OrgId $OtherOrgId -Sandbox prod -Endpoint $OtherEndpoint -ImsEndpoint $OtherEndpoint
            @(Get-ExportJob).Count
            @(Get-ExportJob -Session $second).Count
            """);
        Succeeded(r);
        Assert.Equal(new object[] { 2, 4 }, r.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void Connect_again_replaces_the_default_and_the_old_session_stays_usable()
    {
        using var shell = new ModuleShell(_server);
        var r = shell.Run("""
            $first = Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -ImsEndpoint $Endpoint -PassThru
            Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox dev -Endpoint $Endpoint -ImsEndpoint $Endpoint
            (Get-AepSession).Sandbox
            @(Get-ExportJob -Session $first).Count
            """);
        Succeeded(r);
        Assert.Equal(new object[] { "dev", 2 }, r.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void Disconnect_ends_the_default_session()
    {
        using var shell = new ModuleShell(_server);
        var r = shell.Run(ModuleShell.Connect + " -PassThru; Disconnect-Aep; Get-AepSession");
        Succeeded(r);
        var session = (AepSession)Assert.Single(r.Output).BaseObject;
        Assert.False(session.IsConnected);

        var after = shell.Run("Get-ExportJob");
        SingleError(after, "AepNoSession,AdobeExportJobs.Commands.GetExportJobCommand", ErrorCategory.InvalidOperation);
    }

    [Fact]
    public void A_disconnected_session_passed_with_Session_fails_clearly()
    {
        using var shell = new ModuleShell(_server);
        var r = shell.Run("""
            $s = New-AepSession -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -ImsEndpoint $Endpoint
            Disconnect-Aep -Session $s
            Get-ExportJob -Session $s
            """);
        var error = SingleError(r, "AepSessionDisconnected,AdobeExportJobs.Commands.GetExportJobCommand", ErrorCategory.InvalidOperation);
        Assert.Contains("Connect-Aep", error.Exception.Message);
    }

    [Fact]
    public void Each_runspace_has_its_own_default_session()
    {
        using var first = new ModuleShell(_server);
        using var second = new ModuleShell(_server);
        Succeeded(first.Run(ModuleShell.Connect));
        Assert.Single(first.Run("Get-AepSession").Output);
        Assert.Empty(second.Run("Get-AepSession").Output);
    }

    [Fact]
    public void Session_text_and_views_never_show_the_secret()
    {
        using var shell = new ModuleShell(_server);
        var r = shell.Run(ModuleShell.Connect + " -PassThru; Get-ExportJob | ForEach-Object { }; Get-AepSession; \"$(Get-AepSession)\"", render: true);
        Succeeded(r);
        // One session renders in the list view: every value in full, whatever the width.
        Assert.Matches(@"(?m)^OrgId\s+: " + System.Text.RegularExpressions.Regex.Escape(_server.Options.OrgId) + "$", r.HostText);
        Assert.Contains(_server.Options.OrgId, r.HostText);
        Assert.Contains(_server.BaseAddress, r.HostText);
        Assert.Contains("emulator-client", r.HostText);
        Assert.Contains("AEP session", r.HostText);
        Assert.DoesNotContain(_server.Options.ClientSecret, r.HostText);
        var all = shell.Run("Get-AepSession | ForEach-Object { $_.PSObject.Properties | ForEach-Object { \"$($_.Name)=$($_.Value)\" } }");
        Assert.Contains(all.Output, o => o.ToString().StartsWith("TokenExpiresOn="));
        Assert.DoesNotContain(all.Output, o => o.ToString().Contains(_server.Options.ClientSecret));
    }

    [Theory]
    [InlineData("Connect-Aep -ClientSecret $Secret -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint", "AepMissingClientId", "InvalidArgument")]
    [InlineData("Connect-Aep -ClientId $ClientId -ClientSecret $Secret -Sandbox prod -Endpoint $Endpoint", "AepMissingOrgId", "InvalidArgument")]
    [InlineData("Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Endpoint $Endpoint", "AepMissingSandbox", "InvalidArgument")]
    [InlineData("Connect-Aep -ClientId $ClientId -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint", "AepMissingCredential", "AuthenticationError")]
    [InlineData("Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox prod -Endpoint http://platform.example.com", "AepInsecureEndpoint", "SecurityError")]
    [InlineData("Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -ImsEndpoint http://10.1.2.3", "AepInsecureEndpoint", "SecurityError")]
    [InlineData("Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox prod -Endpoint not-a-url", "AepInvalidEndpoint", "InvalidArgument")]
    [InlineData("New-AepSession -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox ' ' -Endpoint $Endpoint", "ParameterArgumentValidationError", "InvalidData")]
    [InlineData("Connect-Aep -ClientId $ClientId -ClientSecret 'plain text' -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint", "CannotConvertArgumentNoMessage", "InvalidArgument")]
    public void Bad_connection_input_is_refused_before_any_request(string script, string errorId, string category)
    {
        // Environment variables could fill what a case leaves out; this class does not set any, and the env tests run alone.
        using var shell = new ModuleShell(_server);
        var before = _server.Statistics.TotalRequests;
        var r = shell.Run(script + "; 'not reached'");
        var command = script.StartsWith("New-") ? "NewAepSessionCommand" : "ConnectAepCommand";
        SingleError(r, $"{errorId},AdobeExportJobs.Commands.{command}", Enum.Parse<ErrorCategory>(category));
        Assert.Empty(shell.Run("Get-AepSession").Output);
        Assert.Equal(before, _server.Statistics.TotalRequests);
    }
}
