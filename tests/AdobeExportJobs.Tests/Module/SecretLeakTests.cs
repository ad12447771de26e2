using AdobeExportJobs.Emulator;
using Xunit;

namespace AdobeExportJobs.Tests.Module;

/// <summary>Runs every cmdlet with -Verbose -Debug, through success and failure, and scans every stream for secrets.</summary>
public class SecretLeakTests
{
    [Fact]
    public async Task No_stream_ever_shows_the_secret_or_a_token()
    {
        await using var server = await TestEmulator.StartAsync();
        var jobs = await TestEmulator.CreateJobsAsync(server, 3);
        var bareToken = server.IssueAccessToken();
        using var shell = new ModuleShell(server);
        shell.Set("Token", TestEmulator.Secure(bareToken));
        shell.Set("Wrong", TestEmulator.Secure("wrong-secret-987"));
        shell.Set("A", jobs[0].Id);

        var r = shell.Run("$connected = " + ModuleShell.Connect + """
             -Verbose -Debug -PassThru
            $connected
            Get-AepSession -Verbose -Debug
            Get-ExportJob -PageSize 2 -Verbose -Debug
            Get-ExportJob -Id $A -Verbose -Debug
            Get-ExportJob -Id 424242 -Verbose -Debug
            $t = New-AepSession -AccessToken $Token -ClientId $ClientId -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -Verbose -Debug
            Get-ExportJob -Session $t -Limit 1 -Verbose -Debug
            $w = New-AepSession -ClientId $ClientId -ClientSecret $Wrong -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -ImsEndpoint $Endpoint -Verbose -Debug
            Get-ExportJob -Session $w -Verbose -Debug
            "$(Get-AepSession) $t $w"
            Disconnect-Aep -Session $t -Verbose -Debug
            Get-ExportJob -Session $t -Verbose -Debug
            $usedToken = $connected.GetClient().Tokens.GetAccessTokenAsync([Threading.CancellationToken]::None).GetAwaiter().GetResult()
            Disconnect-Aep -Verbose -Debug
            """, render: true);

        // The run did exercise the paths that handle secrets.
        Assert.Contains(r.Debug, d => d.Message.Contains("client_secret=[REDACTED]"));
        Assert.Contains(r.Debug, d => d.Message.Contains("Authorization: [REDACTED]"));
        Assert.Contains(r.Debug, d => d.Message.Contains("\"access_token\":\"[REDACTED]\""));
        Assert.True(r.Errors.Count >= 3);

        var usedToken = shell.Run("$usedToken").Output.Single().ToString();
        Assert.True(usedToken.Length > 10);

        var all = r.AllText();
        Assert.DoesNotContain(server.Options.ClientSecret, all);
        Assert.DoesNotContain("wrong-secret-987", all);
        Assert.DoesNotContain(bareToken, all);
        Assert.DoesNotContain(usedToken, all);
    }
}
