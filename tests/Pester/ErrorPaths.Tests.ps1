#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Every way a call can fail reaches PowerShell as an ErrorRecord with a category, a FullyQualifiedErrorId and, for an
# answer of the server, the request id: real PowerShell, the built module, an emulator process whose faults are switched
# through its control API.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    $script:Emulator = Start-TestEmulator
    $script:Jobs = @(New-EmulatorJob -Emulator $Emulator -Count 2)
    $script:Get = ',AdobeExportJobs.Commands.GetExportJobCommand'

    function ConvertTo-Secure([string] $Text) { ConvertTo-SecureString $Text -AsPlainText -Force }

    function Connect-With([hashtable] $With = @{}) { Connect-TestEmulator -Emulator $Emulator -With $With }

    # For credentials or endpoints Connect-Aep would refuse at once (Connect-Aep.Tests.ps1): a session made without a
    # call, which the cmdlets here use through $PSDefaultParameterValues, so the failure meets a request.
    function Use-UncheckedSession([hashtable] $With = @{}, [switch] $AccessToken) {
        $session = if ($AccessToken) { New-AepSession @With -ClientId $Emulator.ClientId -OrgId $Emulator.OrgId -Sandbox prod -Endpoint $Emulator.BaseUrl }
                   else { New-TestSession -Emulator $Emulator -With $With }
        $global:PSDefaultParameterValues['*-ExportJob*:Session'] = $session
    }

    function Assert-NamesRequest($ErrorRecord) {
        # An answer of the server names the request it answered, in the message and in the details the host shows.
        $ErrorRecord.Exception | Should -BeOfType (Get-ModuleType AdobeExportJobs.Client.AepApiException)
        $ErrorRecord.Exception.RequestId | Should -Not -BeNullOrEmpty
        $ErrorRecord.Exception.Message | Should -BeLike "*$($ErrorRecord.Exception.RequestId)*"
        $ErrorRecord.ErrorDetails.Message | Should -BeExactly $ErrorRecord.Exception.Message
    }
}

AfterAll {
    Disconnect-Aep -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

Describe 'Errors of authentication' {
    AfterEach {
        Clear-EmulatorFault -Emulator $Emulator
        $global:PSDefaultParameterValues.Remove('*-ExportJob*:Session')
        Disconnect-Aep
    }

    It 'an expired token is refreshed once and the listing succeeds' {
        # Tokens issued now stop working after a second, though they say they last a day; those issued later work.
        Set-EmulatorFault -Emulator $Emulator -Fault @{ tokenEarlyExpiry = '00:00:01' }
        Connect-With
        @(Get-ExportJob) | Should -HaveCount $Jobs.Count
        Clear-EmulatorFault -Emulator $Emulator
        Start-Sleep -Milliseconds 1200

        $tokensBefore = (Get-EmulatorStatistics $Emulator).TokensIssued
        $r = Invoke-Captured { Get-ExportJob -Verbose }
        $r.Errors | Should -BeNullOrEmpty
        $r.Output | Should -HaveCount $Jobs.Count
        $r.Verbose.Message | Where-Object { $_ -like '*-> 401*' } | Should -Not -BeNullOrEmpty
        $r.Verbose.Message | Where-Object { $_ -like '*getting a new access token*' } | Should -Not -BeNullOrEmpty
        $r.Verbose.Message | Where-Object { $_.StartsWith("POST $($Emulator.BaseUrl)/ims/token/v3 -> 200") } | Should -Not -BeNullOrEmpty
        (Get-EmulatorStatistics $Emulator).TokensIssued | Should -Be ($tokensBefore + 1)
    }

    It 'an expired bare access token says it cannot be refreshed' {
        # Issued expired: the token endpoint works, the token it gives answers 401 at once.
        Set-EmulatorFault -Emulator $Emulator -Fault @{ tokenEarlyExpiry = '00:00:00' }
        $token = ConvertTo-Secure (Get-EmulatorToken $Emulator)
        Clear-EmulatorFault -Emulator $Emulator
        Use-UncheckedSession -AccessToken @{ AccessToken = $token }
        $r = Invoke-Captured { Get-ExportJob }
        $e = Assert-SingleError $r "AepAccessTokenExpired$Get" AuthenticationError
        $e.Exception.Message | Should -BeLike '*cannot be refreshed*'
        $e.ErrorDetails.RecommendedAction | Should -BeLike '*-AccessToken*'
        Assert-NamesRequest $e
    }

    It 'a wrong secret is an authentication error that does not show it' {
        Use-UncheckedSession @{ ClientSecret = (ConvertTo-Secure 'wrong-secret-123') }
        $r = Invoke-Captured { Get-ExportJob }
        $e = Assert-SingleError $r "AepAuthenticationFailed$Get" AuthenticationError
        $e.Exception.Message | Should -BeLike '*client secret*'
        $e.Exception.ToString() | Should -Not -BeLike '*wrong-secret-123*'
    }

    It 'the gateway error shape (the default of the emulator for auth errors, as on the real gateway) reaches the error record' {
        Use-UncheckedSession -AccessToken @{ AccessToken = (ConvertTo-Secure 'not-a-token') }
        $r = Invoke-Captured { Get-ExportJob }
        $e = Assert-SingleError $r "AepAccessTokenExpired$Get" AuthenticationError
        $e.Exception.Error.Shape | Should -BeExactly 'Gateway'
        $e.Exception.Error.Code | Should -BeExactly '401013'
        $e.Exception.Message | Should -BeLike '*401013*'
    }

    It 'access to <Case> is denied' -ForEach @(
        @{ Case = 'another org'; With = @{ OrgId = 'SOMEONEELSE00000000000000@AdobeOrg'; Sandbox = 'prod' } }
        @{ Case = 'an unknown sandbox'; With = @{ Sandbox = 'nosuchsandbox' } }
    ) {
        Connect-With $With
        $r = Invoke-Captured { Get-ExportJob }
        $e = Assert-SingleError $r "AepAccessDenied$Get" PermissionDenied
        $e.Exception.StatusCode | Should -Be 403
        Assert-NamesRequest $e
    }
}

Describe 'Errors of the server and of the network' {
    AfterEach {
        Clear-EmulatorFault -Emulator $Emulator
        $global:PSDefaultParameterValues.Remove('*-ExportJob*:Session')
        Disconnect-Aep
    }

    It 'throttling beyond the retries is LimitsExceeded' {
        Connect-With @{ MaxRetries = 1 }
        Set-EmulatorFault -Emulator $Emulator -Fault @{ rateLimitShare = 1; retryAfterSeconds = 0 }
        $r = Invoke-Captured { Get-ExportJob -Verbose }
        $e = Assert-SingleError $r "AepThrottled$Get" LimitsExceeded
        $e.Exception.Retries | Should -Be 1
        $r.Verbose.Message | Where-Object { $_ -like '*-> 429*' -and $_ -like '*retry 1*' } | Should -Not -BeNullOrEmpty
        Assert-NamesRequest $e
    }

    It 'a server error <Status> is <ErrorId> (ResourceUnavailable)' -ForEach @(
        @{ Status = 500; ErrorId = 'AepServerError' }
        @{ Status = 503; ErrorId = 'AepServiceUnavailable' }
    ) {
        Connect-With @{ MaxRetries = 0 }
        Set-EmulatorFault -Emulator $Emulator -Fault @{ serverErrorShare = 1; serverErrorStatuses = @($Status) }
        $r = Invoke-Captured { Get-ExportJob -Id 1 }
        $e = Assert-SingleError $r "$ErrorId$Get" ResourceUnavailable -TargetObject 1L
        $e.Exception.StatusCode | Should -Be $Status
        Assert-NamesRequest $e
    }

    It 'an unreachable endpoint is a ConnectionError' {
        Use-UncheckedSession @{ ImsEndpoint = (Get-ClosedPort); MaxRetries = 1 }
        $r = Invoke-Captured { Get-ExportJob -Verbose }
        $e = Assert-SingleError $r "AepConnectionFailed$Get" ConnectionError
        $e.Exception.Message | Should -BeLike '*connection failed*'
        $r.Verbose.Message | Where-Object { $_ -like '*no answer*' -and $_ -like '*retry 1*' } | Should -Not -BeNullOrEmpty
    }

    It 'a request past its timeout is OperationTimeout' {
        Connect-With @{ MaxRetries = 0; RequestTimeoutSec = 1 }
        Set-EmulatorFault -Emulator $Emulator -Fault @{ slowShare = 1; slowDelay = '00:00:30' }
        $r = Invoke-Captured { Get-ExportJob }
        $e = Assert-SingleError $r "AepRequestTimeout$Get" OperationTimeout
        $e.Exception.Message | Should -BeLike '*timed out*'
    }

    It 'a malformed answer is InvalidResult naming the request' {
        $scripted = Start-ScriptedServer -Answer ([ordered]@{ '/ims/' = (New-TokenAnswer) }) -Default (New-HttpAnswer -Body '{"records": [{"id": 1, "status": "NEW"}, {"id"')
        try {
            Connect-Aep -ClientId c -ClientSecret (ConvertTo-Secure 's') -OrgId o -Sandbox prod -Endpoint $scripted.BaseUrl -ImsEndpoint $scripted.BaseUrl
            $r = Invoke-Captured { Get-ExportJob }
            $e = Assert-SingleError $r "AepMalformedResponse$Get" InvalidResult
            $r.Output | Should -BeNullOrEmpty
            Assert-NamesRequest $e
            $scripted.Requests.ToArray() | Should -Contain 'GET /data/core/ups/export/jobs?limit=100'
        }
        finally { Stop-ScriptedServer $scripted }
    }
}
