#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Bad input to every cmdlet that takes job ids or list/wait options is refused before a single request leaves (the
# emulator counts none), with an ErrorRecord that has an id and a category, names the parameter, carries the offending
# value and says what is valid. Session and body input are covered with the session cmdlets and New-ExportJob.

BeforeDiscovery {
    $script:BadIds = foreach ($command in 'Get-ExportJob -Id', 'Remove-ExportJob -Force -Id', 'Wait-ExportJob -Id') {
        @{ Script = "$command ''"; ErrorId = 'ParameterArgumentValidationError'; Offending = '0' }
        @{ Script = "$command '   '"; ErrorId = 'ParameterArgumentValidationError'; Offending = '0' }
        @{ Script = "$command 0"; ErrorId = 'ParameterArgumentValidationError'; Offending = '0' }
        @{ Script = "$command -7"; ErrorId = 'ParameterArgumentValidationError'; Offending = '-7' }
        @{ Script = "$command abc"; ErrorId = 'CannotConvertArgumentNoMessage'; Offending = 'abc' }
        @{ Script = "$command '12abc'"; ErrorId = 'CannotConvertArgumentNoMessage'; Offending = '12abc' }
        @{ Script = "$command 99999999999999999999"; ErrorId = 'CannotConvertArgumentNoMessage'; Offending = '99999999999999999999' }
    }
    $script:BadOptions = @(
        @{ Script = 'Get-ExportJob -Limit 0'; ErrorId = 'ParameterArgumentValidationError'; Parameter = "'Limit'"; Offending = 'The 0 argument'; Valid = 'minimum allowed range of 1' }
        @{ Script = 'Get-ExportJob -Limit -3'; ErrorId = 'ParameterArgumentValidationError'; Parameter = "'Limit'"; Offending = 'The -3 argument'; Valid = 'minimum allowed range of 1' }
        @{ Script = 'Get-ExportJob -PageSize 0'; ErrorId = 'ParameterArgumentValidationError'; Parameter = "'PageSize'"; Offending = 'The 0 argument'; Valid = 'minimum allowed range of 1' }
        # -First and -Skip are PowerShell's paging parameters (UInt64): the engine refuses a negative number itself.
        @{ Script = 'Get-ExportJob -First -1'; ErrorId = 'CannotConvertArgumentNoMessage'; Parameter = "'First'"; Offending = '"-1"'; Valid = 'UInt64' }
        @{ Script = 'Get-ExportJob -Skip -5'; ErrorId = 'CannotConvertArgumentNoMessage'; Parameter = "'Skip'"; Offending = '"-5"'; Valid = 'UInt64' }
        @{ Script = 'Get-ExportJob -Status @()'; ErrorId = 'ParameterArgumentValidationError'; Parameter = "'Status'"; Offending = 'No status was given'; Valid = 'one status word' }
        @{ Script = "Get-ExportJob -Status NEW, 'bad status!'"; ErrorId = 'ParameterArgumentValidationError'; Parameter = "'Status'"; Offending = "'bad status!' is not a job status"; Valid = 'one status word' }
        @{ Script = "Get-ExportJob -Status ''"; ErrorId = 'ParameterArgumentValidationError'; Parameter = "'Status'"; Offending = "'' is not a job status"; Valid = 'one status word' }
        @{ Script = "Get-ExportJob -Status '  '"; ErrorId = 'ParameterArgumentValidationError'; Parameter = "'Status'"; Offending = "'  ' is not a job status"; Valid = 'one status word' }
        @{ Script = "Get-ExportJob -Offset ''"; ErrorId = 'ParameterArgumentValidationError'; Parameter = "'Offset'"; Offending = 'empty'; Valid = 'non-empty value' }
        @{ Script = 'Wait-ExportJob -Id 1 -Timeout -1'; ErrorId = 'InvalidTimeout'; Parameter = '-Timeout'; Offending = '-00:00:01'; Valid = 'zero or more' }
        @{ Script = 'Wait-ExportJob -Id 1 -PollInterval 0'; ErrorId = 'InvalidPollInterval'; Parameter = '-PollInterval'; Offending = '00:00:00'; Valid = 'more than zero' }
    )
    # Session values and create bodies the module refuses itself (their own tests are with Connect-Aep and New-ExportJob).
    $script:BadSessionsAndBodies = @(
        @{ Script = 'Connect-Aep @Identity -Sandbox prod -Endpoint ftp://platform.example.com' }
        @{ Script = 'Connect-Aep @Identity -Sandbox prod -Endpoint http://platform.example.com' }
        @{ Script = 'Connect-Aep @Identity -Sandbox prod -Endpoint $Endpoint -ImsEndpoint not-a-url' }
        @{ Script = "Connect-Aep @Identity -Sandbox prod -Endpoint `$Endpoint -ImsEndpoint 'https://ims.example.com/?x=1'" }
        @{ Script = "New-AepSession @Identity -Sandbox 'pro d' -Endpoint `$Endpoint -ImsEndpoint `$Endpoint" }
        @{ Script = "New-AepSession -ClientId `"client`nid`" -ClientSecret `$Identity.ClientSecret -OrgId `$Identity.OrgId -Sandbox prod -Endpoint `$Endpoint -ImsEndpoint `$Endpoint" }
        @{ Script = "Connect-Aep -AccessToken (ConvertTo-SecureString `"tok`nen`" -AsPlainText -Force) -ClientId c -OrgId o -Sandbox prod -Endpoint `$Endpoint" }
        @{ Script = 'New-ExportJob -DatasetId d -SegmentStatus realisedd' }
        @{ Script = "New-ExportJob -Body '{`"destination`":'" }
        @{ Script = 'Save-ExportJobFile -Id 1 -Path Env:\' }
    )
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    $script:Emulator = Start-TestEmulator
    Connect-TestEmulator -Emulator $Emulator
}

AfterAll {
    Disconnect-Aep -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

Describe 'A job id that is not a positive number' {
    It '<Script> is refused with <ErrorId> before any request' -ForEach $BadIds {
        $before = Get-EmulatorRequestCount -Emulator $Emulator
        $r = Invoke-Captured { . ([scriptblock]::Create($Script)) }
        (Get-EmulatorRequestCount -Emulator $Emulator) - $before | Should -Be 0
        $r.Output | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 1
        $e = $r.Errors[0]
        $e.FullyQualifiedErrorId | Should -BeLike "$ErrorId,AdobeExportJobs.Commands.*"
        # PowerShell's own categories: a value that fails validation is InvalidData, one that cannot be converted InvalidArgument.
        $e.CategoryInfo.Category | Should -Be $(if ($ErrorId -eq 'ParameterArgumentValidationError') { 'InvalidData' } else { 'InvalidArgument' })
        # The message names the parameter and the value, and what would be valid.
        $e.Exception.Message | Should -BeLike "*'Id'*"
        if ($ErrorId -eq 'ParameterArgumentValidationError') {
            $e.Exception.Message | Should -BeLike "*$Offending*"
            $e.Exception.Message | Should -BeLike '*minimum allowed range of 1*'
        }
        else {
            $e.Exception.Message | Should -BeLike "*""$Offending""*"
            $e.Exception.Message | Should -BeLike '*Int64*'
        }
    }
}

Describe 'A bad list or wait option' {
    It '<Script> is refused before any request, saying what is valid' -ForEach $BadOptions {
        $before = Get-EmulatorRequestCount -Emulator $Emulator
        $r = Invoke-Captured { . ([scriptblock]::Create($Script)) }
        (Get-EmulatorRequestCount -Emulator $Emulator) - $before | Should -Be 0
        $r.Output | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 1
        $e = $r.Errors[0]
        $e | Get-ErrorId | Should -BeExactly $ErrorId
        $e.CategoryInfo.Category | Should -BeIn 'InvalidArgument', 'InvalidData'
        $e.Exception.Message.Contains($Parameter) | Should -BeTrue -Because $e.Exception.Message
        $e.Exception.Message.Contains($Offending) | Should -BeTrue -Because $e.Exception.Message
        $e.Exception.Message.Contains($Valid) | Should -BeTrue -Because $e.Exception.Message
    }
}

Describe 'Status words' {
    It 'an unknown status word is passed through and the service refusal names it' {
        # CONTRACT.md: clients pass through status strings they do not know (the service may add some); the service's
        # 400 comes back as one InvalidArgument error whose target is the status, after exactly one list request.
        $before = Get-EmulatorRequestCount -Emulator $Emulator -Method GET
        $r = Invoke-Captured { Get-ExportJob -Status ARCHIVED }
        (Get-EmulatorRequestCount -Emulator $Emulator -Method GET) - $before | Should -Be 1
        $r.Output | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 1
        $e = $r.Errors[0]
        $e.FullyQualifiedErrorId | Should -BeExactly 'AepBadRequest,AdobeExportJobs.Commands.GetExportJobCommand'
        $e.CategoryInfo.Category | Should -Be InvalidArgument
        $e.TargetObject | Should -BeExactly 'ARCHIVED'
        $e.Exception.Message | Should -BeLike '*ARCHIVED*'
    }

    It 'a status that is not one word is refused before sending: <Status>' -ForEach @(
        @{ Status = 'NEW,FAILED' }
        @{ Status = 'bad status!' }
        @{ Status = 'NEW FAILED' }
    ) {
        $before = Get-EmulatorRequestCount -Emulator $Emulator
        $r = Invoke-Captured { Get-ExportJob -Status $Status }
        (Get-EmulatorRequestCount -Emulator $Emulator) - $before | Should -Be 0
        $r.Output | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 1
        $e = $r.Errors[0]
        $e.FullyQualifiedErrorId | Should -BeExactly 'ParameterArgumentValidationError,AdobeExportJobs.Commands.GetExportJobCommand'
        $e.CategoryInfo.Category | Should -Be InvalidData
        $e.Exception.Message.Contains("'$Status'") | Should -BeTrue -Because $e.Exception.Message
        $e.Exception.Message | Should -BeLike '*SUCCEEDED*'
    }
}

Describe 'Messages speak to users, not in .NET''s words' {
    BeforeAll {
        # Who connects; each script adds the endpoints (or the value it gets wrong).
        $connection = Get-TestConnection -Emulator $Emulator
        $script:Endpoint = $connection.Endpoint
        $script:Identity = @{ ClientId = $connection.ClientId; ClientSecret = $connection.ClientSecret; OrgId = $connection.OrgId }
        $script:Fragments = "(Parameter '", 'Actual value was', 'Parameter name:'
        function Get-Fragment {
            # The .NET decorations of ArgumentException found in the messages users read of each error.
            param($Errors)
            foreach ($e in $Errors) {
                foreach ($text in $e.Exception.Message, $e.ErrorDetails.Message, "$e") {
                    foreach ($fragment in $Fragments) { if ("$text".Contains($fragment)) { "$($e.FullyQualifiedErrorId): $text" } }
                }
            }
        }
    }

    It 'no message has "(Parameter ''...'')" or "Actual value was": <Script>' -ForEach ($BadIds + $BadOptions + $BadSessionsAndBodies) {
        $r = Invoke-Captured { . ([scriptblock]::Create($Script)) }
        $r.Errors | Should -Not -BeNullOrEmpty -Because 'the input is bad'
        @(Get-Fragment $r.Errors) | Should -BeNullOrEmpty
    }

    It 'the scan finds the decoration .NET adds' {
        # What the scan looks for, made the way .NET makes it: were the words to change, the scan would pass on anything.
        $decorated = [Management.Automation.ErrorRecord]::new([ArgumentOutOfRangeException]::new('Timeout', -1, 'Bad.'), 'X', 'InvalidArgument', $null)
        @(Get-Fragment $decorated) | Should -Not -BeNullOrEmpty
    }
}
