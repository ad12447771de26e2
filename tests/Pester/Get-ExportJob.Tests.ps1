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

Describe 'Get-ExportJob -First, -Skip and -IncludeTotalCount' {
    BeforeAll {
        function Get-ListRequest {
            # The list requests a run's -Verbose lines show, in order: their URL query.
            param($Run)
            @($Run.Verbose.Message | Where-Object { $_ -like 'GET *' -and $_ -like '*/export/jobs*' -and $_ -like '*-> 200*' } | ForEach-Object { ($_ -split ' ')[1] -replace '^[^?]*', '' })
        }
    }

    It '-First 2 returns the 2 newest jobs with one request that asks for 2' {
        $before = Get-GetCount
        $r = Invoke-Captured { Get-ExportJob -First 2 -PageSize 50 -Verbose }
        $r.Errors | Should -BeNullOrEmpty
        [long[]]$r.Output.Id | Should -Be ($NewestFirst | Select-Object -First 2)
        (Get-GetCount) - $before | Should -Be 1
        Get-ListRequest $r | Should -Be @('?limit=2')
    }

    It '-PageSize 50 reads the nine jobs with exactly one request' {
        $before = Get-GetCount
        [long[]](Get-ExportJob -PageSize 50).Id | Should -Be $NewestFirst
        (Get-GetCount) - $before | Should -Be 1
    }

    It '-First reads no page beyond the one that fills it, and that page asks only for the jobs still missing' {
        $before = Get-GetCount
        $r = Invoke-Captured { Get-ExportJob -First 7 -PageSize 3 -Verbose }
        $r.Errors | Should -BeNullOrEmpty
        [long[]]$r.Output.Id | Should -Be ($NewestFirst | Select-Object -First 7)
        (Get-GetCount) - $before | Should -Be 3
        $queries = Get-ListRequest $r
        $queries[0] | Should -BeExactly '?limit=3'
        $queries[1] | Should -BeLike '?limit=3&offset=*'
        $queries[2] | Should -BeLike '?limit=1&offset=*'
    }

    It '-Skip 1 skips the newest job' {
        $before = Get-GetCount
        [long[]](Get-ExportJob -Skip 1).Id | Should -Be ($NewestFirst | Select-Object -Skip 1)
        (Get-GetCount) - $before | Should -Be 1
    }

    It '-First 2 -Skip 1 returns the second and third newest, asking for 3 jobs' {
        $r = Invoke-Captured { Get-ExportJob -First 2 -Skip 1 -Verbose }
        $r.Errors | Should -BeNullOrEmpty
        [long[]]$r.Output.Id | Should -Be @($NewestFirst[1], $NewestFirst[2])
        Get-ListRequest $r | Should -Be @('?limit=3')
    }

    It '-Skip counts jobs, not pages' {
        $before = Get-GetCount
        [long[]](Get-ExportJob -Skip 3 -PageSize 2).Id | Should -Be ($NewestFirst | Select-Object -Skip 3)
        (Get-GetCount) - $before | Should -Be 5
        [long[]](Get-ExportJob -Skip 3 -First 3 -PageSize 2).Id | Should -Be ($NewestFirst | Select-Object -Skip 3 -First 3)
    }

    It '-Skip past the last job writes nothing and no error' {
        $r = Invoke-Captured { Get-ExportJob -Skip 20 }
        $r.Errors | Should -BeNullOrEmpty
        $r.Warning | Should -BeNullOrEmpty
        $r.Output | Should -BeNullOrEmpty
    }

    It '-First 0 writes nothing and sends nothing' {
        $before = Get-EmulatorRequestCount -Emulator $Emulator
        $r = Invoke-Captured { Get-ExportJob -First 0; Get-ExportJob -First 0 -Status NEW, FAILED }
        $r.Errors | Should -BeNullOrEmpty
        $r.Output | Should -BeNullOrEmpty
        (Get-EmulatorRequestCount -Emulator $Emulator) - $before | Should -Be 0
    }

    It '-IncludeTotalCount writes the total after the jobs: <Command>' -ForEach @(
        @{ Command = 'Get-ExportJob -IncludeTotalCount'; Jobs = 9; Skip = 0; Text = 'Total count: 9'; Accuracy = 1.0 }
        @{ Command = 'Get-ExportJob -IncludeTotalCount -PageSize 2'; Jobs = 9; Skip = 0; Text = 'Total count: 9'; Accuracy = 1.0 }
        @{ Command = 'Get-ExportJob -IncludeTotalCount -Skip 4'; Jobs = 5; Skip = 4; Text = 'Total count: 9'; Accuracy = 1.0 }
        @{ Command = 'Get-ExportJob -IncludeTotalCount -First 20 -PageSize 4'; Jobs = 9; Skip = 0; Text = 'Total count: 9'; Accuracy = 1.0 }
        # -First ended the reading before the last page: the platform reports no total, so it is unknown.
        @{ Command = 'Get-ExportJob -IncludeTotalCount -First 2'; Jobs = 2; Skip = 0; Text = 'Unknown total count'; Accuracy = 0.0 }
        @{ Command = 'Get-ExportJob -IncludeTotalCount -First 7 -PageSize 5'; Jobs = 7; Skip = 0; Text = 'Unknown total count'; Accuracy = 0.0 }
        @{ Command = 'Get-ExportJob -IncludeTotalCount -First 0'; Jobs = 0; Skip = 0; Text = 'Unknown total count'; Accuracy = 0.0 }
    ) {
        $out = @(. ([scriptblock]::Create($Command)))
        $out | Should -HaveCount ($Jobs + 1)
        $total = $out[-1]
        $total | Should -BeOfType ([UInt64])
        $total.Accuracy | Should -Be $Accuracy
        ($total | Out-String).Trim() | Should -BeExactly $Text
        if ($Accuracy -eq 1.0) { [UInt64]$total | Should -Be 9 }
        [long[]]@($out | Select-Object -First $Jobs | ForEach-Object Id) | Should -Be @($NewestFirst | Select-Object -Skip $Skip -First $Jobs)
    }

    It '-Limit is the older name of -First: same jobs, same requests; with both the smaller applies' {
        $limit = Invoke-Captured { Get-ExportJob -Limit 2 -Verbose }
        $first = Invoke-Captured { Get-ExportJob -First 2 -Verbose }
        [long[]]$limit.Output.Id | Should -Be ([long[]]$first.Output.Id)
        Get-ListRequest $limit | Should -Be (Get-ListRequest $first)
        [long[]](Get-ExportJob -Limit 5 -First 3).Id | Should -Be ($NewestFirst | Select-Object -First 3)
        [long[]](Get-ExportJob -First 5 -Limit 3).Id | Should -Be ($NewestFirst | Select-Object -First 3)
    }

    It 'by id, -Skip and -First apply to the jobs found, and ids after -First are not read' {
        $a, $b, $c, $d = $Ids[0..3]
        $before = Get-GetCount
        [long[]](Get-ExportJob -Id $a, $b, $c, $d -Skip 1 -First 2).Id | Should -Be @($b, $c)
        (Get-GetCount) - $before | Should -Be 3
        [long[]]($a, $b, $c | Get-ExportJob -First 1).Id | Should -Be @($a)

        $counted = @(Get-ExportJob -Id $a, 987654, $b -IncludeTotalCount -ErrorAction SilentlyContinue)
        [long[]]($counted | Select-Object -First 2).Id | Should -Be @($a, $b)
        ($counted[-1] | Out-String).Trim() | Should -BeExactly 'Total count: 2'
        (@(Get-ExportJob -Id $a, $b -First 1 -IncludeTotalCount)[-1] | Out-String).Trim() | Should -BeExactly 'Unknown total count'
    }
}

Describe 'Get-ExportJob -Status with several statuses' {
    BeforeAll {
        # An emulator of its own, whose jobs stay in each status for the length of these tests.
        $script:Mixed = Start-TestEmulator
        $mixedConnection = Get-TestConnection $Mixed
        $script:MixedSession = New-AepSession @mixedConnection
        function Get-MixedGetCount { Get-EmulatorRequestCount -Emulator $script:Mixed -Method GET }

        # Made one after another, the statuses interleaved: a listing grouped by status would be out of order. A NEW job
        # lasts an hour (NEW for its first quarter); a PROCESSING one 48 s (NEW for 12 s, then PROCESSING for 36 s).
        $plan = 'SUCCEEDED', 'NEW', 'PROCESSING', 'FAILED', 'NEW', 'SUCCEEDED', 'PROCESSING', 'NEW', 'CANCELLED', 'NEW', 'NEW'
        $script:Made = foreach ($status in $plan) {
            $duration = switch ($status) { 'NEW' { '01:00:00' } 'CANCELLED' { '01:00:00' } 'PROCESSING' { '00:00:48' } default { '00:00:00.050' } }
            Set-EmulatorJobDuration -Emulator $Mixed -Minimum $duration
            $job = New-EmulatorJob -Emulator $Mixed -DatasetId $(if ($status -eq 'FAILED') { 'will-fail' } else { '5b7c86968f7b6501e21ba9df' })
            if ($status -eq 'CANCELLED') { $null = Invoke-EmulatorApi -Emulator $Mixed -Method Delete -Path "/$($job.id)" }
            [pscustomobject]@{ Id = [long]$job.id; Status = $status }
        }
        $deadline = [DateTime]::UtcNow.AddSeconds(40)
        do {
            Start-Sleep -Milliseconds 250
            $now = @{}
            foreach ($job in Get-EmulatorJob -Emulator $Mixed) { $now[[long]$job.id] = $job.status }
            $ready = @($Made | Where-Object { $now[$_.Id] -ne $_.Status }).Count -eq 0
        } until ($ready -or [DateTime]::UtcNow -gt $deadline)
        if (-not $ready) { throw "The jobs did not reach their planned statuses: $(($Made | ForEach-Object { "$($_.Id) $($now[$_.Id]) (planned $($_.Status))" }) -join ', ')" }

        function Get-Expected {
            param([string[]] $Status)
            [long[]]@($script:Made | Where-Object Status -In $Status | Sort-Object Id -Descending | ForEach-Object Id)
        }
        function Get-ListQuery {
            param($Run)
            @($Run.Verbose.Message | Where-Object { $_ -like 'GET *' -and $_ -like '*/export/jobs*' } | ForEach-Object { ($_ -split ' ')[1] -replace '^[^?]*', '' })
        }
    }

    AfterAll {
        Stop-TestEmulator $Mixed
    }

    It '-Status NEW, PROCESSING lists only those statuses, newest first, each job once, as one stream' {
        $before = Get-MixedGetCount
        $r = Invoke-Captured { Get-ExportJob -Session $MixedSession -Status NEW, PROCESSING -Verbose }
        $r.Errors | Should -BeNullOrEmpty
        $expected = Get-Expected NEW, PROCESSING
        $expected | Should -HaveCount 7
        [long[]]$r.Output.Id | Should -Be $expected
        $r.Output | ForEach-Object { "$($_.Status)" | Should -BeIn 'NEW', 'PROCESSING' }
        # Interleaved, as created: not one status after the other.
        ($r.Output | ForEach-Object { "$($_.Status)"[0] }) -join '' | Should -BeExactly 'NNNPNPN'
        @($r.Output.Id | Select-Object -Unique) | Should -HaveCount 7
        # One listing per status: the API filters on one status per request.
        (Get-MixedGetCount) - $before | Should -Be 2
        Get-ListQuery $r | Sort-Object | Should -Be @('?limit=100&status=NEW', '?limit=100&status=PROCESSING')
    }

    It 'with -First 3 it stops early: no request beyond what the merge needs, none asking for more than 3' {
        $before = Get-MixedGetCount
        $r = Invoke-Captured { Get-ExportJob -Session $MixedSession -Status NEW, PROCESSING -First 3 -Verbose }
        [long[]]$r.Output.Id | Should -Be (Get-Expected NEW, PROCESSING | Select-Object -First 3)
        (Get-MixedGetCount) - $before | Should -Be 2
        Get-ListQuery $r | Sort-Object | Should -Be @('?limit=3&status=NEW', '?limit=3&status=PROCESSING')

        # One job a page: the whole merged listing takes 5 + 2 pages; the 3 newest (all NEW) take the first page of each
        # listing and two more NEW pages.
        $before = Get-MixedGetCount
        [long[]](Get-ExportJob -Session $MixedSession -Status NEW, PROCESSING -PageSize 1).Id | Should -Be (Get-Expected NEW, PROCESSING)
        (Get-MixedGetCount) - $before | Should -Be 7
        $before = Get-MixedGetCount
        [long[]](Get-ExportJob -Session $MixedSession -Status NEW, PROCESSING -PageSize 1 -First 3).Id | Should -Be (Get-Expected NEW, PROCESSING | Select-Object -First 3)
        (Get-MixedGetCount) - $before | Should -Be 4
    }

    It '-Skip and -First count the merged stream' {
        $expected = Get-Expected NEW, CANCELLED, FAILED
        [long[]](Get-ExportJob -Session $MixedSession -Status NEW, CANCELLED, FAILED -Skip 2 -First 3).Id | Should -Be ($expected | Select-Object -Skip 2 -First 3)
        [long[]](Get-ExportJob -Session $MixedSession -Status FAILED, CANCELLED, NEW -PageSize 2).Id | Should -Be $expected
    }

    It '-IncludeTotalCount counts the merged stream' {
        $out = @(Get-ExportJob -Session $MixedSession -Status SUCCEEDED, FAILED -IncludeTotalCount)
        [long[]]($out | Select-Object -SkipLast 1).Id | Should -Be (Get-Expected SUCCEEDED, FAILED)
        ($out[-1] | Out-String).Trim() | Should -BeExactly 'Total count: 3'
    }

    It 'one status sends the one request it always did' {
        $before = Get-MixedGetCount
        $r = Invoke-Captured { Get-ExportJob -Session $MixedSession -Status new -Verbose }
        [long[]]$r.Output.Id | Should -Be (Get-Expected NEW)
        (Get-MixedGetCount) - $before | Should -Be 1
        Get-ListQuery $r | Should -Be @('?limit=100&status=NEW')
    }

    It 'a status given twice, in any case, is listed once' {
        $before = Get-MixedGetCount
        [long[]](Get-ExportJob -Session $MixedSession -Status NEW, new, CANCELLED).Id | Should -Be (Get-Expected NEW, CANCELLED)
        (Get-MixedGetCount) - $before | Should -Be 2
    }

    It 'a status the platform refuses, among several, gives one error about that status' {
        $r = Invoke-Captured { Get-ExportJob -Session $MixedSession -Status NEW, ARCHIVED }
        $r.Output | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -BeExactly 'AepBadRequest,AdobeExportJobs.Commands.GetExportJobCommand'
        $r.Errors[0].TargetObject | Should -BeExactly 'ARCHIVED'
    }

    It 'each value is checked and completed on its own' {
        $r = Invoke-Captured { Get-ExportJob -Session $MixedSession -Status NEW, 'bad status!' }
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -BeExactly 'ParameterArgumentValidationError,AdobeExportJobs.Commands.GetExportJobCommand'
        $r.Errors[0].Exception.Message | Should -BeLike "*'bad status!' is not a job status*"
        $line = 'Get-ExportJob -Status NEW, PR'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText -join ',' | Should -BeExactly 'PROCESSING'
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
        @{ Script = 'Get-ExportJob -First -1'; ErrorId = 'CannotConvertArgumentNoMessage' }
        @{ Script = 'Get-ExportJob -Skip -2'; ErrorId = 'CannotConvertArgumentNoMessage' }
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
