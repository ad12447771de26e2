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
