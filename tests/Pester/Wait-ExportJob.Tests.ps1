#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Wait-ExportJob as users meet it: real PowerShell, the built module, an emulator process on loopback. Each test sets
# how long the jobs it creates take. The precise Ctrl+C timing stays in xunit (Lifecycle/WaitExportJobStopTests.cs).

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    $script:Emulator = Start-TestEmulator
    Connect-TestEmulator -Emulator $Emulator

    function Set-JobDuration {
        param([double] $MinimumSeconds, [double] $MaximumSeconds = $MinimumSeconds)
        Set-EmulatorJobDuration -Emulator $script:Emulator -Minimum ([timespan]::FromSeconds($MinimumSeconds)) -Maximum ([timespan]::FromSeconds($MaximumSeconds))
    }

    function New-TestJob {
        param([int] $Count = 1)
        [long[]]@(New-EmulatorJob -Emulator $script:Emulator -Count $Count).id
    }

    function Start-DelayedCancel {
        <# Cancels a job straight through the API after a delay, from a runspace of its own, while this one waits. #>
        param([long] $Id, [int] $AfterMilliseconds)
        $headers = @{
            Authorization     = "Bearer $(Get-EmulatorToken $script:Emulator)"
            'x-api-key'       = $script:Emulator.ClientId
            'x-gw-ims-org-id' = $script:Emulator.OrgId
            'x-sandbox-name'  = 'prod'
        }
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
            param($Uri, $Headers, $Delay)
            Start-Sleep -Milliseconds $Delay
            $null = Invoke-RestMethod -Method Delete -Uri $Uri -Headers $Headers
        }).AddParameters(@{ Uri = "$($script:Emulator.BaseUrl)/data/core/ups/export/jobs/$Id"; Headers = $headers; Delay = $AfterMilliseconds })
        [pscustomobject]@{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
    }
}

AfterAll {
    Disconnect-Aep -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

Describe 'Wait-ExportJob returns finished jobs' {
    It 'New-ExportJob piped to it returns the SUCCEEDED job, with a progress bar that completes' {
        Set-JobDuration 1.0 1.2
        # In a runspace of its own: progress is a stream no redirection reaches.
        $r = Invoke-InRunspace 'New-ExportJob -DatasetId piped | Wait-ExportJob' -Emulator $Emulator
        $r.Errors | Should -BeNullOrEmpty
        $r.Output | Should -HaveCount 1
        $job = $r.Output[0]
        $job.Status | Should -BeExactly 'SUCCEEDED'
        $job.pstypenames[0] | Should -BeExactly 'AdobeExportJobs.ExportJob'
        $job.Profiles | Should -BeGreaterThan 0
        $running = @($r.Progress | Where-Object RecordType -EQ Processing)
        $running | Should -Not -BeNullOrEmpty
        $running | ForEach-Object { $_.StatusDescription | Should -BeLike '0 of 1 finished*' }
        $running | Where-Object { $_.StatusDescription -like '*PROCESSING 1*' -or $_.StatusDescription -like '*NEW 1*' } | Should -Not -BeNullOrEmpty
        $running | Where-Object { $_.CurrentOperation -like "*$($job.Id)*" } | Should -Not -BeNullOrEmpty
        $r.Progress[-1].RecordType | Should -Be Completed
    }

    It 'the progress bar''s elapsed time moves every second while polls are further apart' {
        Set-JobDuration 60
        $id = New-TestJob
        $getsBefore = Get-EmulatorRequestCount -Emulator $Emulator -Method GET
        # Two polls, 4.5 s apart: the first at once, the last at the deadline.
        $r = Invoke-InRunspace "Wait-ExportJob -Id $id -PollInterval 30 -Timeout 4.5 -ErrorAction SilentlyContinue" -Emulator $Emulator
        $r.Output | Should -BeNullOrEmpty
        (Get-EmulatorRequestCount -Emulator $Emulator -Method GET) - $getsBefore | Should -Be 2
        $running = @($r.Progress | Where-Object RecordType -EQ Processing)
        $elapsed = @($running | ForEach-Object { if ($_.StatusDescription -match '(\d\d:\d\d:\d\d) elapsed$') { [timespan]$Matches[1] } })
        $elapsed | Should -HaveCount $running.Count -Because ($running.StatusDescription -join ' | ')
        # A record for each second waited, in order, each with the statuses the last poll saw.
        $seconds = @($elapsed | ForEach-Object TotalSeconds)
        foreach ($second in 0..3) { $seconds | Should -Contain $second -Because ($seconds -join ', ') }
        for ($i = 1; $i -lt $seconds.Count; $i++) { $seconds[$i] | Should -BeGreaterOrEqual $seconds[$i - 1] }
        $running | ForEach-Object { $_.StatusDescription | Should -BeLike '0 of 1 finished (NEW 1), *' }
        $running | ForEach-Object { $_.CurrentOperation | Should -BeExactly "Waiting for $id NEW" }
        $r.Progress[-1].RecordType | Should -Be Completed
    }

    It 'a FAILED job is returned with an error carrying its errors' {
        Set-JobDuration 0.3 0.4
        $r = Invoke-Captured { New-ExportJob -DatasetId will-fail-here | Wait-ExportJob -ErrorAction Continue }
        $r.Output | Should -HaveCount 1
        $r.Output[0].Status | Should -BeExactly 'FAILED'
        $r.Errors | Should -HaveCount 1
        $e = $r.Errors[0]
        $e.FullyQualifiedErrorId | Should -BeExactly 'ExportJobFailed,AdobeExportJobs.Commands.WaitExportJobCommand'
        $e.CategoryInfo.Category | Should -Be InvalidResult
        $e.Exception | Should -BeOfType (Get-ModuleType AdobeExportJobs.Client.ExportJobFailedException)
        $e.Exception.Errors | Should -HaveCount 2
        $e.Exception.Errors.CallStack | Should -Contain 'org.apache.spark.SparkException: Job aborted.'
        "$e" | Should -BeLike '*Job aborted*'
        $e.TargetObject.Id | Should -Be $e.Exception.Job.Id
        $e.TargetObject.Id | Should -Be $r.Output[0].Id
    }

    It 'a FAILED job with -ErrorAction Stop ends the script' {
        Set-JobDuration 0.3 0.4
        $r = Invoke-Captured { New-ExportJob -DatasetId fail-again | Wait-ExportJob -ErrorAction Stop; 'after the wait' }
        $r.Terminating | Should -Not -BeNullOrEmpty
        $r.Terminating | Get-ErrorId | Should -BeExactly 'ExportJobFailed'
        $r.Output | Where-Object { $_ -is [string] } | Should -BeNullOrEmpty
    }

    It 'fifty jobs are waited for together, in about the time of the slowest, each returned as it finishes' {
        Set-JobDuration 1.0 3.0
        $ids = New-TestJob -Count 50
        $getsBefore = Get-EmulatorRequestCount -Emulator $Emulator -Method GET
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $r = Invoke-Captured { $ids | Wait-ExportJob }
        $clock.Stop()
        $r.Errors | Should -BeNullOrEmpty
        [long[]]($r.Output.Id | Sort-Object) | Should -Be ([long[]]($ids | Sort-Object))
        $r.Output | ForEach-Object { $_.Status | Should -BeExactly 'SUCCEEDED' }
        $sum = [timespan]::FromTicks(($r.Output | ForEach-Object { ([timespan]$_.Duration).Ticks } | Measure-Object -Sum).Sum)
        $gets = (Get-EmulatorRequestCount -Emulator $Emulator -Method GET) - $getsBefore
        $clock.Elapsed | Should -BeLessThan ([timespan]::FromTicks($sum.Ticks / 2)) -Because "the jobs' durations add up to $sum ($gets GETs)"
        # Jobs are emitted as they finish: the ones seen first finished no later than the ones seen last.
        [DateTimeOffset]$r.Output[0].Updated | Should -BeLessOrEqual ([DateTimeOffset]$r.Output[-1].Updated)
    }

    It '-Any returns as soon as one job finishes' {
        Set-JobDuration 60
        $ids = New-TestJob -Count 3
        $cancel = Start-DelayedCancel -Id $ids[1] -AfterMilliseconds 700
        try {
            # -Timeout only bounds the test should the cancel never come.
            $r = Invoke-Captured { $ids | Wait-ExportJob -Any -Timeout 30 }
            $cancel.PowerShell.EndInvoke($cancel.Handle)
            $cancel.PowerShell.Streams.Error | Should -BeNullOrEmpty
        }
        finally { $cancel.PowerShell.Dispose() }
        $r.Errors | Should -BeNullOrEmpty
        $r.Output | Should -HaveCount 1
        $r.Output[0].Id | Should -Be $ids[1]
        $r.Output[0].Status | Should -BeExactly 'CANCELLED'
    }

    It '-Any writes exactly one of five jobs that finish within one poll: the one updated first' {
        # Durations spread over 2.5-3.5 s by job id; polls 5 s apart: the first poll finds none finished, the second all five.
        Set-JobDuration 2.5 3.5
        $ids = New-TestJob -Count 5
        $getsBefore = Get-EmulatorRequestCount -Emulator $Emulator -Method GET
        # Given newest first, so the first job given is not the first created.
        $r = Invoke-Captured { [array]::Reverse($ids); $ids | Wait-ExportJob -Any -PollInterval 5 -Timeout 30 }
        $gets = (Get-EmulatorRequestCount -Emulator $Emulator -Method GET) - $getsBefore
        $r.Errors | Should -BeNullOrEmpty
        $r.Output | Should -HaveCount 1
        # Two rounds of five reads: all five were found finished by the same poll.
        $gets | Should -Be 10
        # The other four were not written, and are still there, finished, as the service has them.
        $after = @(Get-ExportJob -Id $ids)
        $after | Should -HaveCount 5
        $after | ForEach-Object { $_.Status | Should -BeExactly 'SUCCEEDED' }
        $earliest = $after | Sort-Object Updated, Id | Select-Object -First 1
        $r.Output[0].Id | Should -Be $earliest.Id
        $r.Output[0].Updated | Should -BeExactly $earliest.Updated
    }

    It 'ids bind by value and by the JobId property, and duplicates are waited for once' {
        Set-JobDuration 0.2 0.3
        $a, $b = New-TestJob -Count 2
        $r = Invoke-Captured { @($a, [pscustomobject]@{ JobId = $b }, "$a") | Wait-ExportJob -PollInterval 0.1 }
        $r.Errors | Should -BeNullOrEmpty
        [long[]]($r.Output.Id | Sort-Object) | Should -Be ([long[]]($a, $b | Sort-Object))
    }

    It 'an unknown id is a not-found error while the other jobs are still waited for' {
        Set-JobDuration 0.3 0.5
        $id = New-TestJob
        # -ErrorAction Continue, as a user's session has it (the suite's runner script sets Stop).
        $r = Invoke-Captured { Wait-ExportJob -Id 987654, $id -ErrorAction Continue }
        $r.Output | Should -HaveCount 1
        $r.Output[0].Status | Should -BeExactly 'SUCCEEDED'
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -BeExactly 'ExportJobNotFound,AdobeExportJobs.Commands.WaitExportJobCommand'
        $r.Errors[0].CategoryInfo.Category | Should -Be ObjectNotFound
        $r.Errors[0].TargetObject | Should -Be 987654
        $r.Errors[0].TargetObject | Should -BeOfType ([long])
    }
}

Describe 'Wait-ExportJob -Timeout' {
    It 'reports each job still running as an OperationTimeout error' {
        Set-JobDuration 60
        $ids = New-TestJob -Count 2
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $r = Invoke-Captured { Wait-ExportJob -Id $ids -Timeout 1 -ErrorAction Continue }
        $clock.Stop()
        $r.Output | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 2
        foreach ($e in $r.Errors) {
            $e.FullyQualifiedErrorId | Should -BeExactly 'ExportJobWaitTimeout,AdobeExportJobs.Commands.WaitExportJobCommand'
            $e.CategoryInfo.Category | Should -Be OperationTimeout
            $e.Exception | Should -BeOfType ([TimeoutException])
            $e.TargetObject.Status | Should -BeIn 'NEW', 'PROCESSING'
        }
        [long[]]$r.Errors.TargetObject.Id | Should -Be $ids
        $clock.Elapsed | Should -BeLessThan ([timespan]::FromSeconds(15))
    }

    It 'takes seconds or a TimeSpan, and -TimeoutSec as its alias' {
        Set-JobDuration 60
        $id = New-TestJob
        $r = Invoke-Captured { Wait-ExportJob -Id $id -Timeout '00:00:00.5' -ErrorAction Continue; Wait-ExportJob -Id $id -TimeoutSec 0 -ErrorAction Continue }
        $r.Output | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 2
        $r.Errors | Get-ErrorId | Should -Be @('ExportJobWaitTimeout', 'ExportJobWaitTimeout')
    }

    It 'a bad duration is refused before any request: <Parameters>' -ForEach @(
        @{ Parameters = '-Timeout -1'; ErrorId = 'InvalidTimeout' }
        @{ Parameters = '-PollInterval 0'; ErrorId = 'InvalidPollInterval' }
        @{ Parameters = "-PollInterval '00:00:00'"; ErrorId = 'InvalidPollInterval' }
    ) {
        $before = Get-EmulatorRequestCount -Emulator $Emulator -Method GET
        $r = Invoke-Captured { . ([scriptblock]::Create("Wait-ExportJob -Id 1 $Parameters")) }
        $r.Output | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $r.Errors[0].CategoryInfo.Category | Should -Be InvalidArgument
        (Get-EmulatorRequestCount -Emulator $Emulator -Method GET) - $before | Should -Be 0
    }
}
