#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Connect-Aep as users meet it: real PowerShell, the built module, an emulator process on loopback.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    # Variables a parent process set could fill what a case leaves out: only what a test sets counts here.
    $script:SavedEnvironment = Clear-TestEnvironment
    $script:Emulator = Start-TestEmulator
    $script:ProdJobs = @(New-EmulatorJob -Emulator $Emulator -Count 2)
    $script:DevJobs = @(New-EmulatorJob -Emulator $Emulator -Count 3 -Sandbox dev)
    # What the commands held in text below refer to.
    $script:ClientId = $Emulator.ClientId
    $script:Secret = Get-TestSecret $Emulator
    $script:OrgId = $Emulator.OrgId
    $script:Endpoint = $Emulator.BaseUrl
    function ConvertTo-Secure([string] $Text) { ConvertTo-SecureString $Text -AsPlainText -Force }
}

AfterAll {
    Disconnect-Aep -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
    Restore-TestEnvironment $SavedEnvironment
}

Describe 'Connect-Aep makes the default session' {
    AfterEach { Disconnect-Aep }

    It 'with a client id and secret, the cmdlets use it' {
        Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -ImsEndpoint $Endpoint
        $session = Get-AepSession
        $session | Should -BeOfType ([AdobeExportJobs.AepSession])
        $session.ClientId | Should -BeExactly $Emulator.ClientId
        $session.Sandbox | Should -BeExactly 'prod'
        $session.AuthMethod | Should -Be ([AdobeExportJobs.AepAuthMethod]::ClientCredentials)
        $session.CanRefreshToken | Should -BeTrue
        @(Get-ExportJob) | Should -HaveCount $ProdJobs.Count
    }

    It 'with a credential, the user name is the client id and the password the secret' {
        $credential = [pscredential]::new($ClientId, $Secret)
        $session = Connect-Aep -Credential $credential -OrgId $OrgId -Sandbox dev -Endpoint $Endpoint -ImsEndpoint $Endpoint -PassThru
        $session.ClientId | Should -BeExactly $Emulator.ClientId
        @(Get-ExportJob) | Should -HaveCount $DevJobs.Count
    }

    It 'with an access token, it works and cannot refresh' {
        $token = ConvertTo-Secure (Get-EmulatorToken $Emulator)
        $session = Connect-Aep -AccessToken $token -ClientId $ClientId -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -PassThru
        $session.AuthMethod | Should -Be ([AdobeExportJobs.AepAuthMethod]::AccessToken)
        $session.CanRefreshToken | Should -BeFalse
        @(Get-ExportJob) | Should -HaveCount $ProdJobs.Count
    }

    It 'again replaces the default, and the old session stays usable' {
        $first = Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -ImsEndpoint $Endpoint -PassThru
        Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox dev -Endpoint $Endpoint -ImsEndpoint $Endpoint
        (Get-AepSession).Sandbox | Should -BeExactly 'dev'
        @(Get-ExportJob -Session $first) | Should -HaveCount $ProdJobs.Count
    }
}

Describe 'Connect-Aep checks the credentials while connecting' {
    BeforeAll {
        $script:Connection = Get-TestConnection -Emulator $Emulator
        $script:ConnectId = ',AdobeExportJobs.Commands.ConnectAepCommand'
        $script:GetId = ',AdobeExportJobs.Commands.GetExportJobCommand'
        function Get-Statistic([string] $Name, [string] $Method) {
            $s = Get-EmulatorStatistics $Emulator
            $value = if ($Method) { $s.RequestsByMethod.psobject.Properties[$Method] } else { $s.psobject.Properties[$Name] }
            if ($value) { [long]$value.Value } else { 0L }
        }
    }

    BeforeEach {
        # A good default session, which a failed connect must leave as it is.
        $script:Previous = Connect-Aep @Connection -PassThru
        Reset-EmulatorStatistics $Emulator
    }

    AfterEach { Disconnect-Aep }

    It 'with client credentials it gets the first token from IMS and calls nothing else; later calls use that token' {
        $session = Connect-Aep @Connection -PassThru
        Get-Statistic TokensIssued | Should -Be 1
        Get-Statistic TotalRequests | Should -Be 1
        $session.TokenExpiresOn | Should -Not -BeNullOrEmpty
        @(Get-ExportJob) | Should -HaveCount $ProdJobs.Count
        Get-Statistic TokensIssued | Should -Be 1
    }

    It 'with an access token it makes one call, a listing of one job' {
        $token = ConvertTo-Secure (Get-EmulatorToken $Emulator)
        Reset-EmulatorStatistics $Emulator
        $r = Invoke-Captured { Connect-Aep -AccessToken $token -ClientId $ClientId -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -Verbose }
        $r.Errors | Should -BeNullOrEmpty
        Get-Statistic TotalRequests | Should -Be 1
        Get-Statistic -Method GET | Should -Be 1
        @($r.Verbose.Message | Where-Object { $_ -like "GET $Endpoint/data/core/ups/export/jobs?limit=1 -> 200*" }) | Should -HaveCount 1
        (Get-AepSession).AuthMethod | Should -Be ([AdobeExportJobs.AepAuthMethod]::AccessToken)
    }

    It 'a wrong client secret fails at once with the IMS error id, calls no platform API, and keeps the previous default' {
        $allBefore = @((Get-AepSession -All).Number)
        $wrong = $Connection.Clone()
        $wrong.ClientSecret = ConvertTo-Secure 'wrong-secret-456'
        $r = Invoke-Captured { Connect-Aep @wrong; 'the script went on' }
        $e = Assert-SingleError $r "AepAuthenticationFailed$ConnectId" AuthenticationError
        $r.Terminating | Should -Not -BeNullOrEmpty -Because 'a failed connect ends the command'
        $r.Output | Should -BeNullOrEmpty
        $r.Information | Should -BeNullOrEmpty
        $e.Exception.Message | Should -BeLike '*client secret*'
        $e.Exception.ToString() | Should -Not -BeLike '*wrong-secret-456*'
        Get-Statistic -Method POST | Should -Be 1 -Because 'the one request is the token request'
        Get-Statistic -Method GET | Should -Be 0
        Get-Statistic TokensIssued | Should -Be 0
        [object]::ReferenceEquals((Get-AepSession), $Previous) | Should -BeTrue
        $Previous.IsConnected | Should -BeTrue
        @((Get-AepSession -All).Number) | Should -Be $allBefore -Because 'the refused session is not kept'

        # The same error a call through an unchecked session meets.
        $request = Invoke-Captured { Get-ExportJob -Session (New-TestSession -Emulator $Emulator -With @{ ClientSecret = (ConvertTo-Secure 'wrong-secret-456') }) }
        Assert-SingleError $request "AepAuthenticationFailed$GetId" AuthenticationError
    }

    It 'an invalid access token fails with the id of a refused token, and keeps the previous default' {
        $bad = ConvertTo-Secure 'not-a-valid-token'
        $r = Invoke-Captured { Connect-Aep -AccessToken $bad -ClientId $ClientId -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint }
        $e = Assert-SingleError $r "AepAccessTokenExpired$ConnectId" AuthenticationError
        $e.Exception.Message | Should -BeLike '*401*'
        $e.Exception.ToString() | Should -Not -BeLike '*not-a-valid-token*'
        Get-Statistic -Method GET | Should -Be 1
        [object]::ReferenceEquals((Get-AepSession), $Previous) | Should -BeTrue

        $request = Invoke-Captured { Get-ExportJob -Session (New-AepSession -AccessToken $bad -ClientId $ClientId -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint) }
        Assert-SingleError $request "AepAccessTokenExpired$GetId" AuthenticationError
    }

    It 'an unreachable <What> fails with the connection error id' -ForEach @(
        @{ What = 'IMS endpoint'; Parameter = 'ImsEndpoint'; UseToken = $false }
        @{ What = 'platform endpoint (access token)'; Parameter = 'Endpoint'; UseToken = $true }
    ) {
        $unreachable = $Connection.Clone()
        $unreachable[$Parameter] = Get-ClosedPort
        $unreachable.MaxRetries = 1
        if ($UseToken) {
            $unreachable.Remove('ClientSecret')
            $unreachable.Remove('ImsEndpoint')
            $unreachable.AccessToken = ConvertTo-Secure (Get-EmulatorToken $Emulator)
        }
        $r = Invoke-Captured { Connect-Aep @unreachable -Verbose }
        $e = Assert-SingleError $r "AepConnectionFailed$ConnectId" ConnectionError
        $e.Exception.Message | Should -BeLike '*connection failed*'
        $r.Verbose.Message | Where-Object { $_ -like '*retry 1*' } | Should -Not -BeNullOrEmpty
        [object]::ReferenceEquals((Get-AepSession), $Previous) | Should -BeTrue
    }

    It 'Ctrl+C while it waits for IMS stops it at once and leaves the previous default' {
        Set-EmulatorFault -Emulator $Emulator -Fault @{ slowShare = 1; slowDelay = '00:00:30'; includeTokenEndpoint = $true }
        $state = [Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
        $state.ImportPSModule([string[]]@(Get-BuiltModuleManifest))
        $runspace = [runspacefactory]::CreateRunspace($state)
        $runspace.Open()
        $ps = [powershell]::Create()
        try {
            $ps.Runspace = $runspace
            $runspace.SessionStateProxy.SetVariable('C', $Connection)
            $null = $ps.AddScript('Connect-Aep @C')
            $handle = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ((Get-Statistic TotalRequests) -lt 1 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            Get-Statistic TotalRequests | Should -Be 1 -Because 'the token request is on its way'
            $handle.IsCompleted | Should -BeFalse
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Stop()
        }
        finally {
            Clear-EmulatorFault -Emulator $Emulator
            $ps.Dispose()
            $runspace.Dispose()
        }
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        [object]::ReferenceEquals((Get-AepSession), $Previous) | Should -BeTrue
    }

    It 'New-AepSession still makes its session without a call, even with a wrong secret' {
        $null = New-TestSession -Emulator $Emulator -With @{ ClientSecret = (ConvertTo-Secure 'wrong-secret-789') }
        Get-Statistic TotalRequests | Should -Be 0
    }
}

Describe 'Connect-Aep says where it connected, for people and not for pipelines' {
    BeforeAll { $script:Connection = Get-TestConnection -Emulator $Emulator }
    AfterEach { Disconnect-Aep }

    It 'writes one summary line to the information stream for the host, and nothing to the output' {
        $r = Invoke-Captured { Connect-Aep @Connection }
        $r.Errors | Should -BeNullOrEmpty
        $r.Output | Should -BeNullOrEmpty
        $r.Information | Should -HaveCount 1
        $line = $r.Information[0]
        $line.Tags | Should -Contain 'PSHOST'
        $line.MessageData | Should -BeOfType ([Management.Automation.HostInformationMessage])
        $session = Get-AepSession
        "$line" | Should -BeExactly "Connected to org $OrgId, sandbox prod, $Endpoint, as client $ClientId (OAuth server-to-server; session $($session.Number))."
        "$line" | Should -Not -BeLike "*$($Emulator.ClientSecret)*"

        $token = ConvertTo-Secure (Get-EmulatorToken $Emulator)
        $byToken = Invoke-Captured { Connect-Aep -AccessToken $token -ClientId $ClientId -OrgId $OrgId -Sandbox dev -Endpoint $Endpoint }
        "$($byToken.Information)" | Should -BeLikeExactly "Connected to org $OrgId, sandbox dev, *(access token, not refreshable; session *"
    }

    It 'a runbook that captures the output gets nothing; -InformationVariable gets the line; 6>$null and -InformationAction Ignore drop it' {
        $captured = Connect-Aep @Connection
        $captured | Should -BeNullOrEmpty
        $captured = Connect-Aep @Connection -InformationVariable lines
        $captured | Should -BeNullOrEmpty
        "$lines" | Should -BeLike 'Connected to org *'
        @(& { Connect-Aep @Connection 6>$null } *>&1) | Should -BeNullOrEmpty
        @(& { Connect-Aep @Connection -InformationAction Ignore } *>&1) | Should -BeNullOrEmpty
        @(& { Connect-Aep @Connection } *>&1) | Should -HaveCount 1 -Because 'the same capture does see the line when nothing drops it'
    }

    It '-PassThru returns the session and writes no summary' {
        $r = Invoke-Captured { Connect-Aep @Connection -PassThru }
        $r.Output | Should -HaveCount 1
        $r.Output[0] | Should -BeOfType ([AdobeExportJobs.AepSession])
        [object]::ReferenceEquals($r.Output[0], (Get-AepSession)) | Should -BeTrue
        $r.Information | Should -BeNullOrEmpty
    }

    It '-Quiet writes nothing at all' {
        $r = Invoke-Captured { Connect-Aep @Connection -Quiet }
        $r.Output + $r.Information + $r.Verbose + $r.Warning + $r.Errors | Should -BeNullOrEmpty
        (Get-AepSession).Sandbox | Should -BeExactly 'prod'
    }
}

Describe 'Connect-Aep refuses bad connection input before any request' {
    BeforeEach { Disconnect-Aep }

    It '<Script> is refused with <ErrorId> (<Category>)' -ForEach @(
        @{ Script = 'Connect-Aep -ClientSecret $Secret -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint'; ErrorId = 'AepMissingClientId'; Category = 'InvalidArgument' }
        @{ Script = 'Connect-Aep -ClientId $ClientId -ClientSecret $Secret -Sandbox prod -Endpoint $Endpoint'; ErrorId = 'AepMissingOrgId'; Category = 'InvalidArgument' }
        @{ Script = 'Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Endpoint $Endpoint'; ErrorId = 'AepMissingSandbox'; Category = 'InvalidArgument' }
        @{ Script = 'Connect-Aep -ClientId $ClientId -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint'; ErrorId = 'AepMissingCredential'; Category = 'AuthenticationError' }
        @{ Script = 'Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox prod -Endpoint http://platform.example.com'; ErrorId = 'AepInsecureEndpoint'; Category = 'SecurityError' }
        @{ Script = 'Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -ImsEndpoint http://10.1.2.3'; ErrorId = 'AepInsecureEndpoint'; Category = 'SecurityError' }
        @{ Script = 'Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox prod -Endpoint not-a-url'; ErrorId = 'AepInvalidEndpoint'; Category = 'InvalidArgument' }
        @{ Script = "Connect-Aep -ClientId `$ClientId -ClientSecret 'plain text' -OrgId `$OrgId -Sandbox prod -Endpoint `$Endpoint"; ErrorId = 'CannotConvertArgumentNoMessage'; Category = 'InvalidArgument' }
    ) {
        $before = Get-EmulatorRequestCount -Emulator $Emulator
        $r = Invoke-Captured { . ([scriptblock]::Create($Script)) }
        Assert-SingleError $r "$ErrorId,AdobeExportJobs.Commands.ConnectAepCommand" $Category
        $r.Output | Should -BeNullOrEmpty
        Get-AepSession | Should -BeNullOrEmpty
        (Get-EmulatorRequestCount -Emulator $Emulator) - $before | Should -Be 0
    }
}

Describe 'Connect-Aep reads the AEP_* variables' {
    BeforeEach {
        $null = Set-TestEnvironment -Emulator $Emulator
        $env:AEP_SCOPES = 'openid,AdobeID,read_organizations'
    }

    AfterEach {
        Disconnect-Aep
        $null = Clear-TestEnvironment
    }

    It 'without arguments, from every variable' {
        $session = Connect-Aep -PassThru
        [string[]]$session.Scopes | Should -Be @('openid', 'AdobeID', 'read_organizations')
        $session.Endpoint | Should -Be ([uri]$Emulator.BaseUrl)
        $session.ImsEndpoint | Should -Be ([uri]$Emulator.BaseUrl)
        $session.AuthMethod | Should -Be ([AdobeExportJobs.AepAuthMethod]::ClientCredentials)
        @(Get-ExportJob) | Should -HaveCount $ProdJobs.Count
    }

    It 'an access token variable is used when there is no secret' {
        $env:AEP_CLIENT_SECRET = $null
        $env:AEP_ACCESS_TOKEN = Get-EmulatorToken $Emulator
        "$((Connect-Aep -PassThru).AuthMethod)" | Should -BeExactly 'AccessToken'
        @(Get-ExportJob) | Should -HaveCount $ProdJobs.Count
    }

    It 'a secret variable wins over a token variable, and a token parameter wins over both' {
        $env:AEP_ACCESS_TOKEN = 'stale-token'
        "$((Connect-Aep -PassThru).AuthMethod)" | Should -BeExactly 'ClientCredentials'
        $token = ConvertTo-Secure (Get-EmulatorToken $Emulator)
        "$((Connect-Aep -AccessToken $token -PassThru).AuthMethod)" | Should -BeExactly 'AccessToken'
        @(Get-ExportJob) | Should -HaveCount $ProdJobs.Count
    }

    It 'an insecure endpoint variable is refused, naming the variable' {
        $env:AEP_ENDPOINT = 'http://platform.example.com'
        $r = Invoke-Captured { Connect-Aep }
        $e = Assert-SingleError $r 'AepInsecureEndpoint,AdobeExportJobs.Commands.ConnectAepCommand' SecurityError -TargetObject 'http://platform.example.com'
        $e.Exception.Message | Should -BeLike '*AEP_ENDPOINT*'
    }

    It 'a missing variable is named in the error' {
        $env:AEP_ORG_ID = $null
        $r = Invoke-Captured { Connect-Aep }
        $e = Assert-SingleError $r 'AepMissingOrgId,AdobeExportJobs.Commands.ConnectAepCommand' InvalidArgument
        $e.Exception.Message | Should -BeLike '*AEP_ORG_ID*'
    }
}
