#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Get-ExportJob as users meet it: real PowerShell, the built module, an emulator process on loopback.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    $script:Emulator = Start-TestEmulator
    $created = New-EmulatorJob -Emulator $Emulator -Count 9
    $script:Ids = [long[]]@($created.id)
    Wait-EmulatorJobFinal -Emulator $Emulator -Id $Ids
    # Newest first, as the list returns them.
    $script:NewestFirst = [long[]]@($Ids | Sort-Object -Descending)
    Connect-TestEmulator -Emulator $Emulator
    function Get-GetCount { Get-EmulatorRequestCount -Emulator $script:Emulator -Method GET }
}

AfterAll {
    Disconnect-Aep -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

Describe 'Get-ExportJob listing' {
    It 'lists every job newest first as typed objects' {
        $jobs = Get-ExportJob
        [long[]]$jobs.Id | Should -Be $NewestFirst
        $job = $jobs[0]
        $job | Should -BeOfType ([AdobeExportJobs.ExportJob])
        $job.pstypenames[0] | Should -BeExactly 'AdobeExportJobs.ExportJob'
        "$($job.Status)" | Should -BeExactly 'SUCCEEDED'
        $job.Created | Should -Not -BeNullOrEmpty
        $job.Duration | Should -Not -BeNullOrEmpty
        $job.Profiles | Should -BeGreaterThan 0
        $job.Org | Should -BeExactly $Emulator.OrgId
        $job.GetJson() | Should -Not -BeNullOrEmpty
    }

    It '-PageSize pages through link.next and streams every job once' {
        $before = Get-GetCount
        # In a runspace of its own: progress is a stream no redirection reaches.
        $r = Invoke-InRunspace 'Get-ExportJob -PageSize 2 -Verbose' -Emulator $Emulator
        $r.Errors | Should -BeNullOrEmpty
        (Get-GetCount) - $before | Should -Be 5
        [long[]]($r.Output | Where-Object Id).Id | Should -Be $NewestFirst
        @($r.Verbose | Where-Object { $_.Message -like 'GET *' -and $_.Message -like '*/export/jobs*' -and $_.Message -like '*-> 200*' }) | Should -HaveCount 5
        $r.Verbose.Message | Where-Object { $_ -like '*limit=2&offset=*' } | Should -Not -BeNullOrEmpty
        $r.Progress | Where-Object RecordType -EQ Completed | Should -Not -BeNullOrEmpty
    }

    It '-Limit caps the total across pages and stops paging' {
        $before = Get-GetCount
        [long[]](Get-ExportJob -Limit 5 -PageSize 2).Id | Should -Be ($NewestFirst | Select-Object -First 5)
        (Get-GetCount) - $before | Should -Be 3

        $single = Get-ExportJob -Limit 3 -Verbose 4>&1
        [long[]]($single | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] }).Id | Should -Be ($NewestFirst | Select-Object -First 3)
        ($single | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message | Where-Object { $_ -like '*?limit=3 *' } | Should -Not -BeNullOrEmpty
    }

    It 'asks for pages of a bounded size: <Command>' -ForEach @(
        @{ Command = 'Get-ExportJob -Verbose'; Query = '?limit=100 '; Take = 9 }
        @{ Command = 'Get-ExportJob -Limit 500 -Verbose'; Query = '?limit=100 '; Take = 9 }
        @{ Command = 'Get-ExportJob -PageSize 200 -Limit 4 -Verbose'; Query = '?limit=4 '; Take = 4 }
        @{ Command = 'Get-ExportJob -PageSize 300 -Verbose'; Query = '?limit=300 '; Take = 9 }
    ) {
        $r = Invoke-Captured { . ([scriptblock]::Create($Command)) }
        $r.Errors | Should -BeNullOrEmpty
        [long[]]$r.Output.Id | Should -Be ($NewestFirst | Select-Object -First $Take)
        $r.Verbose.Message | Where-Object { $_ -like 'GET *' -and $_.Contains($Query) } | Should -Not -BeNullOrEmpty
    }

    It 'HTTP log lines follow the switches and preference variables: <Command>' -ForEach @(
        @{ Command = 'Get-ExportJob -Id $A'; Verbose = $false; Debug = $false }
        @{ Command = 'Get-ExportJob -Id $A -Verbose'; Verbose = $true; Debug = $false }
        @{ Command = '$VerbosePreference = "Continue"; Get-ExportJob -Id $A'; Verbose = $true; Debug = $false }
        @{ Command = '$VerbosePreference = "Continue"; Get-ExportJob -Id $A -Verbose:$false'; Verbose = $false; Debug = $false }
        @{ Command = '$DebugPreference = "Continue"; Get-ExportJob -Id $A'; Verbose = $false; Debug = $true }
        @{ Command = '$DebugPreference = "Continue"; Get-ExportJob -Id $A -Debug:$false'; Verbose = $false; Debug = $false }
    ) {
        $A = $Ids[0]
        $r = Invoke-Captured { . ([scriptblock]::Create($Command)) }
        $r.Errors | Should -BeNullOrEmpty
        [long[]]$r.Output.Id | Should -Be @($Ids[0])
        [bool]($r.Verbose | Where-Object { $_.Message -like 'GET *' -and $_.Message -like '*-> 200*' }) | Should -Be $Verbose
        [bool]($r.Debug | Where-Object { $_.Message -like '*x-api-key*' }) | Should -Be $Debug
    }

    It '-Offset starts after the given cursor' {
        $third = Get-ExportJob -Id $NewestFirst[2]
        $cursor = '{0}_{1}' -f ([DateTimeOffset]$third.Created).ToUnixTimeMilliseconds(), $third.Id
        [long[]](Get-ExportJob -Offset $cursor).Id | Should -Be ($NewestFirst | Select-Object -Skip 3)
    }

    It '-Status filters on the server and is normalized' {
        # In the dev sandbox, so the jobs of prod the other tests count stay as they are.
        $devConnection = Get-TestConnection $Emulator -Sandbox dev
        $dev = New-AepSession @devConnection
        $done = New-EmulatorJob -Emulator $Emulator -Sandbox dev
        Wait-EmulatorJobFinal -Emulator $Emulator -Id $done.id -Sandbox dev
        Set-EmulatorJobDuration -Emulator $Emulator -Minimum '00:05:00'
        try {
            $fresh = New-EmulatorJob -Emulator $Emulator -Sandbox dev
            $r = Invoke-Captured { Get-ExportJob -Session $dev -Status new -Verbose }
            $r.Verbose.Message | Where-Object { $_ -like '*status=NEW*' } | Should -Not -BeNullOrEmpty
            $r.Output.Id | Should -Contain $fresh.id
            $r.Output | ForEach-Object { "$($_.Status)" | Should -BeExactly 'NEW' }
            [long[]](Get-ExportJob -Session $dev -Status SUCCEEDED).Id | Should -Be @($done.id)
        }
        finally {
            Set-EmulatorJobDuration -Emulator $Emulator -Minimum '00:00:00.050' -Maximum '00:00:00.120'
        }
    }

    It 'completes the known status values and passes unknown ones through' {
        (TabExpansion2 -inputScript 'Get-ExportJob -Status ' -cursorColumn 22).CompletionMatches.CompletionText -join ',' |
            Should -BeExactly 'NEW,PROCESSING,SUCCEEDED,FAILED,CANCELLED'
        (TabExpansion2 -inputScript 'Get-ExportJob -Status PR' -cursorColumn 24).CompletionMatches.CompletionText -join ',' |
            Should -BeExactly 'PROCESSING'

        # A status the module does not know is passed through; this server does not know it either and says so.
        $r = Invoke-Captured { Get-ExportJob -Status ARCHIVED -Verbose }
        $r.Verbose.Message | Where-Object { $_ -like '*status=ARCHIVED*' } | Should -Not -BeNullOrEmpty
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -BeExactly 'AepBadRequest,AdobeExportJobs.Commands.GetExportJobCommand'
        $r.Errors[0].CategoryInfo.Category | Should -Be InvalidArgument
        $r.Errors[0].TargetObject | Should -BeExactly 'ARCHIVED'
        $r.Errors[0].Exception.Message | Should -BeLike '*ARCHIVED*'
    }
}

Describe 'Get-ExportJob by id and through the pipeline' {
    It 'takes ids by parameter, by position and by value from the pipeline' {
        $A, $B = $Ids[0], $Ids[1]
        $jobs = @(Get-ExportJob -Id $A, $B; Get-ExportJob $B; $A, "$B" | Get-ExportJob)
        [long[]]$jobs.Id | Should -Be @($A, $B, $B, $A, $B)
    }

    It 'takes ids by property name from jobs and from objects with JobId' {
        $A = $Ids[2]
        $jobs = @(Get-ExportJob -Limit 2 | Get-ExportJob; [pscustomobject]@{ JobId = $A } | Get-ExportJob; [pscustomobject]@{ Id = $A } | Get-ExportJob)
        [long[]]$jobs.Id | Should -Be @(($NewestFirst | Select-Object -First 2) + $A + $A)
    }

    It 'a missing id is a non-terminating error and the others still come' {
        $out = @(Get-ExportJob -Id 987654, $Ids[0] -ErrorVariable errs -ErrorAction SilentlyContinue; 'after')
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'ExportJobNotFound,AdobeExportJobs.Commands.GetExportJobCommand'
        $errs[0].CategoryInfo.Category | Should -Be ObjectNotFound
        $errs[0].TargetObject | Should -Be 987654
        "$($errs[0])" | Should -BeLike '*987654*'
        $out[0].Id | Should -Be $Ids[0]
        $out[1] | Should -BeExactly 'after'
    }

    It 'a bad id from the pipeline fails alone' {
        $jobs = @($Ids[0], 0, $Ids[0] | Get-ExportJob -ErrorVariable errs -ErrorAction SilentlyContinue)
        [long[]]$jobs.Id | Should -Be @($Ids[0], $Ids[0])
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'ParameterArgumentValidationError,AdobeExportJobs.Commands.GetExportJobCommand'
    }
}

Describe 'Get-ExportJob stops as early as the pipeline does' {
    It 'a break downstream stops the paging' {
        $before = Get-GetCount
        $out = @(foreach ($round in 1) { Get-ExportJob -PageSize 2 | ForEach-Object { $_; break } }; 'after')
        $out | Should -HaveCount 2
        $out[0].Id | Should -Be $NewestFirst[0]
        $out[1] | Should -BeExactly 'after'
        (Get-GetCount) - $before | Should -Be 1
    }

    It 'a consumer that stops after some objects reads no further page' {
        $before = Get-GetCount
        $n = 0
        $out = @(foreach ($round in 1) { Get-ExportJob -PageSize 3 | ForEach-Object { $n++; if ($n -eq 4) { break }; $_.Id } })
        [long[]]$out | Should -Be ($NewestFirst | Select-Object -First 3)
        $n | Should -Be 4
        (Get-GetCount) - $before | Should -Be 2
    }

    It 'a downstream failure is not taken for one of this command: <Command>' -ForEach @(
        @{ Command = 'Get-ExportJob -Limit 2' }
        @{ Command = 'Get-ExportJob -Id $A' }
    ) {
        $A = $Ids[0]
        $r = Invoke-Captured { . ([scriptblock]::Create($Command + " | ForEach-Object { throw [System.ArgumentException]::new('downstream broke') }")) }
        $r.Errors | Should -Not -BeNullOrEmpty
        $r.Errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -Not -BeLike '*AdobeExportJobs*' }
        $r.Errors.Exception.Message | Should -Contain 'downstream broke'
    }
}

Describe 'Get-ExportJob refuses bad input before any request' {
    It '<Script> is refused with <ErrorId>' -ForEach @(
        @{ Script = 'Get-ExportJob -Id 0'; ErrorId = 'ParameterArgumentValidationError' }
        @{ Script = 'Get-ExportJob -Id -5'; ErrorId = 'ParameterArgumentValidationError' }
        @{ Script = 'Get-ExportJob -Id abc'; ErrorId = 'CannotConvertArgumentNoMessage' }
        @{ Script = "Get-ExportJob -Id ''"; ErrorId = 'ParameterArgumentValidationError' }
        @{ Script = "Get-ExportJob -Status ''"; ErrorId = 'ParameterArgumentValidationError' }
        @{ Script = "Get-ExportJob -Status '   '"; ErrorId = 'ParameterArgumentValidationError' }
        @{ Script = 'Get-ExportJob -Limit 0'; ErrorId = 'ParameterArgumentValidationError' }
        @{ Script = 'Get-ExportJob -Limit -1'; ErrorId = 'ParameterArgumentValidationError' }
        @{ Script = 'Get-ExportJob -PageSize 0'; ErrorId = 'ParameterArgumentValidationError' }
        @{ Script = "Get-ExportJob -Offset ' '"; ErrorId = 'ParameterArgumentValidationError' }
        @{ Script = 'Get-ExportJob -Id 1 -Status NEW'; ErrorId = 'AmbiguousParameterSet' }
    ) {
        $before = Get-EmulatorRequestCount -Emulator $Emulator
        $r = Invoke-Captured { . ([scriptblock]::Create($Script)) }
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -BeExactly "$ErrorId,AdobeExportJobs.Commands.GetExportJobCommand"
        $r.Errors[0].CategoryInfo.Category | Should -BeIn @('InvalidData', 'InvalidArgument')
        $r.Output | Should -BeNullOrEmpty
        (Get-EmulatorRequestCount -Emulator $Emulator) - $before | Should -Be 0
    }
}
