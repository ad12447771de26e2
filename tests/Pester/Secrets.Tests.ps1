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

    It 'nothing reachable from a session (properties and parameterless methods, a few levels deep) holds the secret or a token' {
        $module = [AdobeExportJobs.AepSession].Assembly
        function Read-Reachable {
            <# Every value reachable from $Value: its text, each property's, each parameterless method's result. The module's
               own objects and collections are walked $Depth levels deep; other .NET objects (Uri, TimeSpan) give their text
               and their properties' text, which is all a secret could hide in. #>
            param($Value, [string] $Path, [int] $Depth)
            if ($null -eq $Value) { return }
            $type = $Value.GetType()
            $script:Reached.Add([pscustomobject]@{ Path = $Path; Type = $type; Text = "$Value" })
            if ($Value -is [string] -or $type.IsPrimitive -or $type.IsEnum -or $Value -is [Reflection.MemberInfo] -or $Depth -le 0) { return }
            if (-not $script:Seen.Add($Value)) { return }
            if ($Value -is [Collections.IEnumerable]) {
                $i = 0
                foreach ($item in $Value) { Read-Reachable $item "$Path[$i]" ($Depth - 1); $i++ }
                return
            }
            $walk = $type.Assembly -eq $module
            foreach ($property in $Value.PSObject.Properties) {
                $read = try { $property.Value } catch { "threw: $($_.Exception.Message)" }
                Read-Reachable $read "$Path.$($property.Name)" $(if ($walk) { $Depth - 1 } else { [Math]::Min(1, $Depth - 1) })
            }
            if (-not $walk) { return }
            foreach ($method in $type.GetMethods([Reflection.BindingFlags]'Public,Instance')) {
                # Void methods (Disconnect, Dispose) return nothing; GetType leads into reflection, not into the object.
                if ($method.IsSpecialName -or $method.GetParameters().Count -or $method.ReturnType -eq [void] -or $method.ContainsGenericParameters -or $method.Name -eq 'GetType') { continue }
                $result = try { $method.Invoke($Value, $null) } catch { "threw: $($_.Exception.InnerException.Message)" }
                Read-Reachable $result "$Path.$($method.Name)()" ($Depth - 1)
            }
        }

        $connection = Get-TestConnection -Emulator $Emulator
        $bareToken = Get-EmulatorToken $Emulator
        $connected = Connect-Aep @connection -PassThru
        $null = Get-ExportJob -Limit 1
        $byToken = New-AepSession -AccessToken (ConvertTo-SecureString $bareToken -AsPlainText -Force) -ClientId $connection.ClientId -OrgId $connection.OrgId -Sandbox prod -Endpoint $connection.Endpoint
        $null = Get-ExportJob -Session $byToken -Limit 1
        $ended = New-AepSession @connection
        $null = Get-ExportJob -Session $ended -Limit 1
        Disconnect-Aep -Session $ended
        # The token the default session holds, read through the module's internals as no user can.
        $client = $connected.GetType().GetMethod('GetClient', [Reflection.BindingFlags]'Instance,NonPublic').Invoke($connected, $null)
        $usedToken = $client.Tokens.GetAccessTokenAsync([Threading.CancellationToken]::None).GetAwaiter().GetResult()
        $usedToken.Length | Should -BeGreaterThan 10

        $script:Reached = [Collections.Generic.List[object]]::new()
        $script:Seen = [Collections.Generic.HashSet[object]]::new([Collections.Generic.ReferenceEqualityComparer]::Instance)
        Read-Reachable $connected '$connected' 4
        Read-Reachable $byToken '$byToken' 4
        Read-Reachable $ended '$ended' 4
        Read-Reachable @(Get-AepSession -All) '(Get-AepSession -All)' 4

        # The walk read what it was meant to: the sessions' values, their methods, the token's expiry.
        $paths = $Reached.Path
        $paths | Should -Contain '$connected.OrgId'
        $paths | Should -Contain '$connected.TokenExpiresOn'
        $paths | Should -Contain '$connected.ToString()'
        $paths | Should -Contain '$connected.JobsUrl.Host'
        ($Reached | Where-Object Path -EQ '$connected.TokenExpiresOn').Text | Should -Not -BeNullOrEmpty
        # No client, token source, HTTP client or secure string is reachable: GetClient stays internal.
        $Reached.Type | Where-Object { $_.Namespace -like 'AdobeExportJobs.Client*' -or $_ -in [Security.SecureString], [Net.Http.HttpClient], [pscredential] } |
            Should -BeNullOrEmpty
        [AdobeExportJobs.AepSession].GetMethod('GetClient') | Should -BeNullOrEmpty
        $connected.PSObject.Methods['GetClient'] | Should -BeNullOrEmpty
        $all = ($Reached.Text + $Reached.Path) -join "`n"
        foreach ($secret in $Emulator.ClientSecret, $bareToken, $usedToken) {
            $all.Contains($secret) | Should -BeFalse -Because "no value reachable from a session may hold '$($secret.Substring(0, 6))...'"
        }
        Disconnect-Aep
    }
}

