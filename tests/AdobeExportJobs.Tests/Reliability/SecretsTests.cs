using AdobeExportJobs.Emulator;
using AdobeExportJobs.Runner;
using AdobeExportJobs.Tests.Module;
using Xunit;

namespace AdobeExportJobs.Tests.Reliability;

/// <summary>
/// Every exported cmdlet, with -Verbose -Debug and the preference variables at Continue, through success and through
/// each kind of failure (wrong secret, expired and refused tokens, 404, throttling): no stream, no formatted view, no
/// object property, no ToString() and no exception text ever holds the client secret or an access token.
/// </summary>
[Collection(DefaultSessionCollection.Name)]
public class SecretsTests
{
    private const string Preferences = "$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $ErrorActionPreference = 'Continue'\n";

    [Fact]
    public async Task No_cmdlet_shows_the_secret_or_a_token_anywhere_in_success_or_failure()
    {
        var secret = "s3cret-" + Guid.NewGuid().ToString("N");
        var wrongSecret = "wr0ng-" + Guid.NewGuid().ToString("N");
        await using var server = await TestEmulator.StartAsync(o =>
        {
            o.ClientSecret = secret;
            o.MinJobDuration = TimeSpan.FromMilliseconds(300);
            o.MaxJobDuration = TimeSpan.FromMilliseconds(500);
        });
        var bareToken = server.IssueAccessToken();
        using var shell = new ModuleShell(server);
        shell.Set("Token", TestEmulator.Secure(bareToken));
        shell.Set("Wrong", TestEmulator.Secure(wrongSecret));
        var runs = new List<HostedRunResult>();
        HostedRunResult Run(string script)
        {
            var r = shell.Run(Preferences + script, render: true);
            runs.Add(r);
            return r;
        }

        // Sessions: made, shown every way, listed.
        // A short retry budget: the throttled calls below spend all of it.
        var sessions = Run("$s = " + ModuleShell.Connect + " -MaxRetryTimeSec 2 -PassThru -Verbose -Debug\n" + """
            $s
            "$s"
            $s | Out-Default
            $s.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }
            Get-AepSession -Verbose -Debug
            $t = New-AepSession -AccessToken $Token -ClientId $ClientId -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -Verbose -Debug
            $t; "$t"; $t.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }
            $w = New-AepSession -ClientId $ClientId -ClientSecret $Wrong -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -ImsEndpoint $Endpoint -Verbose -Debug
            $w; "$w"
            """);

        // The whole lifecycle, succeeding.
        var lifecycle = Run("""
            New-ExportJob -DatasetId secrets-ds -WhatIf -Verbose -Debug
            $job = New-ExportJob -DatasetId secrets-ds -Verbose -Debug
            $job | Wait-ExportJob -Verbose -Debug
            $job2 = New-ExportJob -DatasetId secrets-ds2 -SegmentId seg -Verbose -Debug
            Remove-ExportJob -Id $job2.Id -Force -PassThru -Verbose -Debug
            Get-ExportJob -Verbose -Debug
            Get-ExportJob -Id $job.Id -Verbose -Debug | Out-Default
            Get-ExportJob -Session $t -Limit 1 -Verbose -Debug
            """);
        Assert.Contains(lifecycle.Debug, d => d.Message.Contains("Authorization: [REDACTED]"));
        // Connect-Aep got the session's first token.
        Assert.Contains(sessions.Debug, d => d.Message.Contains("client_secret=[REDACTED]"));
        Assert.Contains(sessions.Debug, d => d.Message.Contains("\"access_token\":\"[REDACTED]\""));
        // The token the session holds now (read outside the scanned runs).
        var session = (AepSession)shell.Run("$s").Output.Single().BaseObject;
        var usedToken = await session.GetClient().Tokens.GetAccessTokenAsync(CancellationToken.None);
        Assert.True(usedToken.Length > 20);

        // Failures: 404 on each id cmdlet, a wrong secret (at connect and at a call), an expired token (refreshed), an expired
        // bare token (not refreshable).
        Run("""
            Connect-Aep -ClientId $ClientId -ClientSecret $Wrong -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -ImsEndpoint $Endpoint -Verbose -Debug
            Get-ExportJob -Id 424242 -Verbose -Debug
            Remove-ExportJob -Id 424242 -Force -Verbose -Debug
            Wait-ExportJob -Id 424242 -Verbose -Debug
            Get-ExportJob -Session $w -Verbose -Debug
            New-ExportJob -Session $w -DatasetId never -Verbose -Debug
            """);
        server.ExpireAllTokens();
        var expired = Run("""
            Connect-Aep -AccessToken $Token -ClientId $ClientId -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -Verbose -Debug
            Get-ExportJob -Limit 1 -Verbose -Debug
            Get-ExportJob -Session $t -Verbose -Debug
            Remove-ExportJob -Session $t -Id 1 -Force -Verbose -Debug
            """);
        Assert.Contains(expired.Verbose, v => v.Message.Contains("getting a new access token"));

        // Throttled beyond the retries, and a token refused at once (credentials "wrong" for the platform).
        server.Options.Faults.RateLimitShare = 1;
        server.Options.Faults.RetryAfterSeconds = 0;
        Run("""
            Get-ExportJob -Verbose -Debug
            New-ExportJob -DatasetId throttled -Verbose -Debug
            Wait-ExportJob -Id $job.Id -Timeout 1 -Verbose -Debug
            """);
        server.Options.Faults.Clear();
        server.Options.Faults.TokenEarlyExpiry = TimeSpan.Zero;
        server.ExpireAllTokens();
        Run("Get-ExportJob -Verbose -Debug");
        server.Options.Faults.Clear();

        // What the session used last, and every error's full text, then the end of the sessions.
        Run("""
            $Error | ForEach-Object { $_.Exception.ToString(); $_.ErrorDetails.Message; $_.ScriptStackTrace; $_ | Out-Default }
            Disconnect-Aep -Session $t -Verbose -Debug
            Get-ExportJob -Session $t -Verbose -Debug
            Disconnect-Aep -Verbose -Debug
            Get-AepSession -Verbose -Debug
            $s | Out-Default
            """);

        var errors = runs.SelectMany(r => r.Errors).Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToHashSet();
        foreach (var expected in new[] { "ExportJobNotFound", "AepAuthenticationFailed", "AepAccessTokenExpired", "AepThrottled", "AepSessionDisconnected" })
        {
            Assert.Contains(expected, errors);
        }
        Assert.True(server.Statistics.TokensIssued >= 3);

        var all = string.Join("\n", runs.Select(r => r.AllText()));
        SecretScan.AssertClean(all, secret, wrongSecret, bareToken, usedToken);
    }
}
