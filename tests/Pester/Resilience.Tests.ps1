#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# What a runbook meets when the platform misbehaves, with the settings it connects with: throttling bursts ridden out
# by the default time budget, a longer one ending at the budget with a clear error, absurd Retry-After values, 500s,
# paging that goes round in circles, answers too large to read.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    $script:Emulator = Start-TestEmulator
    $script:Job = [long](New-EmulatorJob -Emulator $Emulator).id
    $script:Get = ',AdobeExportJobs.Commands.GetExportJobCommand'
    $script:New = ',AdobeExportJobs.Commands.NewExportJobCommand'
    function Get-JobsCreated([Parameter(Mandatory)] $Emulator) { [long](Get-EmulatorStatistics $Emulator).JobsCreated }
}

AfterAll {
    Disconnect-Aep -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

Describe 'Throttling bursts and the retry time budget' {
    AfterEach {
        Clear-EmulatorFault -Emulator $Emulator
        Disconnect-Aep -ErrorAction SilentlyContinue
    }

    It 'default settings ride out a 20 s burst of 429 with Retry-After, of 429 without it, and of 503' {
        $bursts = @(
            @{ Name = '429 with Retry-After: 1'; Fault = @{ rateLimitShare = 1; retryAfterSeconds = 1 } }
            @{ Name = '429 without Retry-After'; Fault = @{ rateLimitShare = 1; retryAfterSeconds = $null } }
            @{ Name = '503 without Retry-After'; Fault = @{ serverErrorShare = 1; serverErrorStatuses = @(503); retryAfterSeconds = $null } }
        )
        # One emulator per burst, the three runbooks side by side: faults are per emulator.
        $runs = foreach ($burst in $bursts) {
            $burstEmulator = Start-TestEmulator
            $state = [Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
            $state.ImportPSModule([string[]]@(Get-BuiltModuleManifest))
            $runspace = [runspacefactory]::CreateRunspace($state)
            $runspace.Open()
            $runspace.SessionStateProxy.SetVariable('Connection', (Get-TestConnection -Emulator $burstEmulator))
            $ps = [powershell]::Create()
            $ps.Runspace = $runspace
            # The runbook's way: default settings, and any error ends it. A session of its own: the default session is
            # the process's, and these runbooks share one process.
            $null = $ps.AddScript(@'
                $ErrorActionPreference = 'Stop'
                $PSDefaultParameterValues['*-ExportJob*:Session'] = New-AepSession @Connection
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $job = New-ExportJob -DatasetId burst-ds
                $read = Get-ExportJob -Id $job.Id
                [pscustomobject]@{ Job = $read; Took = $clock.Elapsed }
'@)
            Set-EmulatorFault -Emulator $burstEmulator -Fault $burst.Fault
            [pscustomobject]@{ Name = $burst.Name; Emulator = $burstEmulator; PowerShell = $ps; Runspace = $runspace; Handle = $ps.BeginInvoke() }
        }
        try {
            Start-Sleep -Seconds 20
            foreach ($run in $runs) { Clear-EmulatorFault -Emulator $run.Emulator }
            foreach ($run in $runs) {
                $result = $run.PowerShell.EndInvoke($run.Handle)
                $stats = Get-EmulatorStatistics $run.Emulator
                $refused = [long]$stats.ResponsesByStatus.'429' + [long]$stats.ResponsesByStatus.'503'
                Write-Host "$($run.Name): survived in $([Math]::Round($result[0].Took.TotalSeconds, 1)) s, $refused answers refused, $($stats.RequestsByMethod.POST - $stats.TokensIssued) POSTs"
                $run.PowerShell.Streams.Error | Should -BeNullOrEmpty
                $result[0].Job.Id | Should -BeGreaterThan 0
                $result[0].Took.TotalSeconds | Should -BeGreaterOrEqual 19
                # The longest backoff step is 10 s: the create gets through within that of the burst's end.
                $result[0].Took.TotalSeconds | Should -BeLessThan 35
                $refused | Should -BeGreaterThan 3
                [long]$stats.JobsCreated | Should -Be 1
            }
        }
        finally {
            foreach ($run in $runs) {
                $run.PowerShell.Dispose()
                $run.Runspace.Dispose()
                Stop-TestEmulator $run.Emulator
            }
        }
    }

    It 'a burst longer than the budget ends at the budget with a clear error and no job' {
        Connect-TestEmulator -Emulator $Emulator -With @{ MaxRetryTimeSec = 3 }
        $null = Get-ExportJob -Id $Job
        $before = Get-JobsCreated $Emulator
        Set-EmulatorFault -Emulator $Emulator -Fault @{ rateLimitShare = 1; retryAfterSeconds = 1 }
        $clock = [Diagnostics.Stopwatch]::StartNew()

        $r = Invoke-Captured { New-ExportJob -DatasetId endless-burst }

        $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 3
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 15
        $e = Assert-SingleError $r "AepThrottled$New" LimitsExceeded -TargetObject 'endless-burst'
        $e.ErrorDetails.Message | Should -BeLike '*429*the retry time budget of 3 s (-MaxRetryTimeSec) is spent*'
        $e.ErrorDetails.RecommendedAction | Should -BeLike '*-MaxRetryTimeSec*'
        Get-JobsCreated $Emulator | Should -Be $before
    }

    It 'a Retry-After of <Seconds> s is cut to the budget and to -Timeout, and never throws' -ForEach @(
        @{ Seconds = 5000000 }
        @{ Seconds = 3600 }
    ) {
        Connect-TestEmulator -Emulator $Emulator -With @{ MaxRetryTimeSec = 2 }
        $null = Get-ExportJob -Id $Job
        Set-EmulatorFault -Emulator $Emulator -Fault @{ rateLimitShare = 1; retryAfterSeconds = $Seconds }

        $clock = [Diagnostics.Stopwatch]::StartNew()
        $r = Invoke-Captured { Get-ExportJob -Id $Job -Verbose }
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 15
        $e = Assert-SingleError $r "AepThrottled$Get" LimitsExceeded -TargetObject $Job
        $e.Exception.RetryAfter.TotalSeconds | Should -Be $Seconds
        $e.Exception.Retries | Should -Be 1
        $r.Verbose.Message | Where-Object { $_ -like "*(Retry-After $Seconds s, cut to what is left of the retry time budget)*" } | Should -Not -BeNullOrEmpty

        $clock.Restart()
        $w = Invoke-Captured { Wait-ExportJob -Id $Job -Timeout 3 }
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 15
        Assert-SingleError $w 'ExportJobWaitTimeout,AdobeExportJobs.Commands.WaitExportJobCommand' OperationTimeout
    }

    It 'a 500 is retried for a read; a create answered 500 is looked for by its request id, never sent again' {
        Connect-TestEmulator -Emulator $Emulator -With @{ MaxRetryTimeSec = 2 }
        $null = Get-ExportJob -Id $Job
        Set-EmulatorFault -Emulator $Emulator -Fault @{ serverErrorShare = 1; serverErrorStatuses = @(500); retryAfterSeconds = $null }

        $read = Invoke-Captured { Get-ExportJob -Id $Job -Verbose }
        $e = Assert-SingleError $read "AepServerError$Get" ResourceUnavailable -TargetObject $Job
        $e.Exception.Retries | Should -BeGreaterThan 0
        $read.Verbose.Message | Where-Object { $_ -like '*-> 500 *; retry 1 in*' } | Should -Not -BeNullOrEmpty

        $posts = Get-EmulatorRequestCount -Emulator $Emulator -Method POST
        $create = Invoke-Captured { New-ExportJob -DatasetId five-hundred -Verbose }
        $c = Assert-SingleError $create "ExportJobCreateOutcomeUnknown$New" InvalidResult -TargetObject 'five-hundred'
        $c.ErrorDetails.Message | Should -BeLike "*500*$($c.Exception.RequestId)*"
        $create.Verbose.Message | Where-Object { $_ -like '*lost its answer; looking for a job made by it*' } | Should -Not -BeNullOrEmpty
        (Get-EmulatorRequestCount -Emulator $Emulator -Method POST) - $posts | Should -Be 1
    }
}

Describe 'Answers no platform gives' {
    AfterEach {
        Disconnect-Aep -ErrorAction SilentlyContinue
        Stop-ScriptedServer $server
    }

    It 'next-page links going round in circles end the listing with a warning and each job once' {
        $page = { param($Ids, $Next) New-HttpAnswer -Body (@{ records = @($Ids | ForEach-Object { @{ id = $_; status = 'SUCCEEDED' } }); page = @{}; link = @{ next = $Next } } | ConvertTo-Json -Depth 5 -Compress) }
        # first -> A -> B -> A again (with another parameter): the offset-specific answers come first, as the first match wins.
        $server = Start-ScriptedServer -Answer ([ordered]@{
                '/ims/'                                                = New-TokenAnswer
                'GET /data/core/ups/export/jobs?limit=100&offset=B' = & $page @(5, 6) '/export/jobs?limit=100&offset=A&t=1'
                'GET /data/core/ups/export/jobs?limit=100&offset=A' = & $page @(3, 4) '/export/jobs?limit=100&offset=B'
                'GET /data/core/ups/export/jobs?limit=100'          = & $page @(1, 2) '/export/jobs?limit=100&offset=A'
            })
        Connect-Aep -ClientId c -ClientSecret (ConvertTo-SecureString 's' -AsPlainText -Force) -OrgId o -Sandbox prod -Endpoint $server.BaseUrl -ImsEndpoint $server.BaseUrl

        $r = Invoke-Captured { Get-ExportJob }

        $r.Errors | Should -BeNullOrEmpty
        [long[]]$r.Output.Id | Should -Be @(1, 2, 3, 4, 5, 6)
        $r.Warning | Should -HaveCount 1
        $r.Warning[0].Message | Should -BeLike 'The listing stopped after 3 pages and 6 jobs: *leads back to a page already read*'
        @($server.Requests.ToArray() | Where-Object { $_ -like 'GET /data/*' }) | Should -HaveCount 3
    }

    It 'an answer announcing 300 MB is one AepResponseTooLarge error, not read and not asked again' {
        $huge = "HTTP/1.1 200 OK`r`nContent-Type: application/json`r`nContent-Length: 300000000`r`nConnection: close`r`n`r`n{`"id`":"
        $server = Start-ScriptedServer -Answer ([ordered]@{ '/ims/' = New-TokenAnswer }) -Default $huge
        Connect-Aep -ClientId c -ClientSecret (ConvertTo-SecureString 's' -AsPlainText -Force) -OrgId o -Sandbox prod -Endpoint $server.BaseUrl -ImsEndpoint $server.BaseUrl

        $r = Invoke-Captured { Get-ExportJob -Id 5 }

        $e = Assert-SingleError $r "AepResponseTooLarge$Get" InvalidResult -TargetObject 5L
        $e.ErrorDetails.Message | Should -BeLike '*larger than the 64 MiB the module reads (its Content-Length is 300000000 bytes)*not retried*'
        @($server.Requests.ToArray() | Where-Object { $_ -like 'GET /data/*' }) | Should -HaveCount 1
    }
}
