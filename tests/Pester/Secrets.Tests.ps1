#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Every cmdlet with -Verbose -Debug, through success and failure, in a runspace of its own so that every stream
# (progress too) is seen: no stream, view, property, ToString or error ever shows the client secret or a token.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    $script:Emulator = Start-TestEmulator
    $script:Jobs = @(New-EmulatorJob -Emulator $Emulator -Count 3)
}

AfterAll {
    Stop-TestEmulator $Emulator
}

Describe 'Secrets' {
    It 'no stream ever shows the secret or a token' {
        $bareToken = Get-EmulatorToken $Emulator
        $wrongSecret = 'wrong-secret-987'
        # The script hands the token its session used back through this table, outside every scanned stream.
        $found = @{}
        $r = Invoke-InRunspace -Variables @{
            Connection = Get-TestConnection -Emulator $Emulator
            Token      = ConvertTo-SecureString $bareToken -AsPlainText -Force
            Wrong      = ConvertTo-SecureString $wrongSecret -AsPlainText -Force
            A          = $Jobs[0].id
            Found      = $found
        } -Script @'
            $connected = Connect-Aep @Connection -Verbose -Debug -PassThru
            $connected
            Get-AepSession -Verbose -Debug
            Get-ExportJob -PageSize 2 -Verbose -Debug
            Get-ExportJob -Id $A -Verbose -Debug
            Get-ExportJob -Id 424242 -Verbose -Debug
            $job = New-ExportJob -DatasetId secrets-ds -Verbose -Debug
            $job
            $job | Wait-ExportJob -Verbose -Debug
            Remove-ExportJob -Id $job.Id -Force -Verbose -Debug
            $t = New-AepSession -AccessToken $Token -ClientId $Connection.ClientId -OrgId $Connection.OrgId -Sandbox prod -Endpoint $Connection.Endpoint -Verbose -Debug
            Get-ExportJob -Session $t -Limit 1 -Verbose -Debug
            $w = New-AepSession -ClientId $Connection.ClientId -ClientSecret $Wrong -OrgId $Connection.OrgId -Sandbox prod -Endpoint $Connection.Endpoint -ImsEndpoint $Connection.ImsEndpoint -Verbose -Debug
            Get-ExportJob -Session $w -Verbose -Debug
            "$(Get-AepSession) $t $w"
            Disconnect-Aep -Session $t -Verbose -Debug
            Get-ExportJob -Session $t -Verbose -Debug
            # Users cannot reach a session's token; the test reads it through the module's internals.
            $client = $connected.GetType().GetMethod('GetClient', [Reflection.BindingFlags]'Instance,NonPublic').Invoke($connected, $null)
            $Found.UsedToken = $client.Tokens.GetAccessTokenAsync([Threading.CancellationToken]::None).GetAwaiter().GetResult()
            Disconnect-Aep -Verbose -Debug
'@

        # The run did go through the paths that handle secrets.
        $r.Debug.Message | Where-Object { $_.Contains('client_secret=[REDACTED]') } | Should -Not -BeNullOrEmpty
        $r.Debug.Message | Where-Object { $_.Contains('Authorization: [REDACTED]') } | Should -Not -BeNullOrEmpty
        $r.Debug.Message | Where-Object { $_.Contains('"access_token":"[REDACTED]"') } | Should -Not -BeNullOrEmpty
        $r.Progress | Should -Not -BeNullOrEmpty
        @($r.Errors | Get-ErrorId) | Should -Be @('ExportJobNotFound', 'AepAuthenticationFailed', 'AepSessionDisconnected')
        $found.UsedToken.Length | Should -BeGreaterThan 10

        $all = @(
            @($r.Output) + @($r.Errors) + @($r.Verbose) + @($r.Debug) + @($r.Warning) + @($r.Information) + @($r.Progress) | Get-AllText
            # The views, as the host would have shown the output.
            $r.Output | Out-String -Width 160
            $r.Output | Format-List * | Out-String -Width 160
        ) -join "`n"
        $all | Should -BeLike "*$($Emulator.OrgId)*" -Because 'the scan reads the output it is meant to'
        foreach ($secret in $Emulator.ClientSecret, $wrongSecret, $bareToken, $found.UsedToken) {
            $all.Contains($secret) | Should -BeFalse -Because "no text may hold '$($secret.Substring(0, 6))...'"
        }
    }
}
