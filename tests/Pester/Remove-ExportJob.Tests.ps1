#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Remove-ExportJob as users meet it: real PowerShell, the built module, emulator processes on loopback. Each block has
# a server of its own, so what it counts (DELETEs, jobs by status) is its tests' doing alone.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule

    function Get-DeleteCount { param($Emulator) Get-EmulatorRequestCount -Emulator $Emulator -Method DELETE }

    function Get-StatusCount {
        <# How many jobs of the prod sandbox are in each status, as a hashtable. #>
        param($Emulator)
        $counts = @{}
        foreach ($job in @(Get-EmulatorJob -Emulator $Emulator)) { $counts[$job.status] = 1 + [int]$counts[$job.status] }
        $counts
    }

    function Wait-EmulatorJobStatus {
        param($Emulator, [long] $Id, [string] $Status, [int] $TimeoutSec = 20)
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
        while ((Get-EmulatorJob -Emulator $Emulator -Id $Id).status -ne $Status) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Job $Id is not $Status after $TimeoutSec s." }
            Start-Sleep -Milliseconds 20
        }
    }

    # Runs PowerShell text in the runner (pwsh's console host), connected to an emulator through AEP_*.
    function Invoke-RunnerAgainst {
        param($Emulator, [string] $Command, [string] $InputText)
        $saved = Set-TestEnvironment $Emulator
        try {
            $call = @{ ArgumentList = '-Command', "Connect-Aep; $Command" }
            if ($PSBoundParameters.ContainsKey('InputText')) { $call.InputText = $InputText }
            Invoke-Runner @call
        }
        finally { Restore-TestEnvironment $saved }
    }
}

AfterAll {
    Disconnect-Aep -ErrorAction SilentlyContinue
}

Describe 'Remove-ExportJob cancels a running job' {
    BeforeAll {
        $script:DatasetRoot = Join-Path ([IO.Path]::GetTempPath()) "aej-remove-$([guid]::NewGuid().ToString('n'))"
        # Jobs of ten seconds: PROCESSING from 2.5 s on, long enough to be caught there on a busy machine.
        $script:Emulator = Start-TestEmulator -ArgumentList '--min-job-duration', '10s', '--max-job-duration', '10s', '--dataset-root', $DatasetRoot
        Connect-TestEmulator $Emulator
    }

    AfterAll {
        Stop-TestEmulator $Emulator
        Remove-Item -LiteralPath $DatasetRoot -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'a PROCESSING job with -PassThru comes back CANCELLED and nothing is exported' {
        $sinceCreate = [Diagnostics.Stopwatch]::StartNew()
        $job = New-ExportJob -DatasetId cancel-me
        Wait-EmulatorJobStatus -Emulator $Emulator -Id $job.Id -Status PROCESSING
        $r = Invoke-Captured { Remove-ExportJob -Id $job.Id -Force -PassThru }
        $r.Errors | Should -BeNullOrEmpty
        $r.Output | Should -HaveCount 1
        $after = $r.Output[0]
        $after.Id | Should -Be $job.Id
        $after.Status | Should -BeExactly 'CANCELLED'
        $after.pstypenames[0] | Should -BeExactly 'AdobeExportJobs.ExportJob'

        # Past the time the job would have finished, it is still CANCELLED and nothing was published.
        Start-Sleep -Milliseconds ([math]::Max(0, 10500 - $sinceCreate.ElapsedMilliseconds))
        (Get-ExportJob -Id $job.Id).Status | Should -BeExactly 'CANCELLED'
        $folder = Join-Path $DatasetRoot 'cancel-me'
        @(if (Test-Path $folder) { Get-ChildItem -LiteralPath $folder -File }) | Should -BeNullOrEmpty
    }
}

Describe 'Remove-ExportJob takes jobs from the pipeline' {
    BeforeAll {
        $script:Emulator = Start-TestEmulator
        Connect-TestEmulator $Emulator
    }

    AfterAll { Stop-TestEmulator $Emulator }

    It 'NEW jobs piped from Get-ExportJob -Status NEW are cancelled and finished ones are left alone' {
        $finished = @(New-EmulatorJob -Emulator $Emulator -Count 2)
        Wait-EmulatorJobFinal -Emulator $Emulator -Id $finished.id
        # NEW for a quarter of their ten minutes.
        Set-EmulatorJobDuration -Emulator $Emulator -Minimum '00:10:00'
        $fresh = @(New-EmulatorJob -Emulator $Emulator -Count 3)
        $deletesBefore = Get-DeleteCount $Emulator

        $r = Invoke-Captured { Get-ExportJob -Status NEW | Remove-ExportJob -Confirm:$false }
        $r.Errors | Should -BeNullOrEmpty
        $r.Output | Should -BeNullOrEmpty
        (Get-DeleteCount $Emulator) - $deletesBefore | Should -Be 3
        $counts = Get-StatusCount $Emulator
        $counts.CANCELLED | Should -Be 3
        $counts.SUCCEEDED | Should -Be 2
        $counts.NEW | Should -BeNullOrEmpty
        [long[]](Get-ExportJob -Status CANCELLED).Id | Sort-Object | Should -Be ([long[]]$fresh.id | Sort-Object)
    }

    It 'job objects from the pipeline bind by Id' {
        Set-EmulatorJobDuration -Emulator $Emulator -Minimum '00:01:00'
        $jobs = @(New-ExportJob -DatasetId a; New-ExportJob -DatasetId b)
        $r = Invoke-Captured { $jobs | Remove-ExportJob -Force -PassThru }
        $r.Errors | Should -BeNullOrEmpty
        [long[]]$r.Output.Id | Should -Be ([long[]]$jobs.Id)
        $r.Output | ForEach-Object { $_.Status | Should -BeExactly 'CANCELLED' }
    }
}

Describe 'Remove-ExportJob counts both answers of the service as cancelled' {
    It 'the <Answer> answer to DELETE counts as cancelled' -ForEach @(
        @{ Answer = 'v2 204'; Options = @(); Status = '204'; V1 = $false }
        @{ Answer = 'v1 200 with a message'; Options = @('--delete-answer-v1'); Status = '200'; V1 = $true }
    ) {
        $emulator = Start-TestEmulator -ArgumentList (@('--min-job-duration', '60s', '--max-job-duration', '60s') + $Options)
        try {
            $connection = Get-TestConnection $emulator
            $session = New-AepSession @connection
            $id = (New-EmulatorJob -Emulator $emulator).id
            $r = Invoke-Captured { Remove-ExportJob $id -Session $session -Force -PassThru -Verbose }
            $r.Errors | Should -BeNullOrEmpty
            $r.Output | Should -HaveCount 1
            $r.Output[0].Status | Should -BeExactly 'CANCELLED'
            $r.Verbose.Message | Where-Object { $_ -like "*DELETE answered $Status*" } | Should -Not -BeNullOrEmpty
            if ($V1) { $r.Verbose.Message | Where-Object { $_ -like '*marked for cancelling*' } | Should -Not -BeNullOrEmpty }
        }
        finally { Stop-TestEmulator $emulator }
    }
}

Describe 'Remove-ExportJob on jobs that are gone or finished' {
    BeforeAll {
        $script:Emulator = Start-TestEmulator
        Connect-TestEmulator $Emulator
    }

    AfterAll { Stop-TestEmulator $Emulator }

    It 'an unknown job is an ObjectNotFound error naming the id' {
        $r = Invoke-Captured { Remove-ExportJob -Id 424242 -Force }
        $r.Errors | Should -HaveCount 1
        $e = $r.Errors[0]
        $e.FullyQualifiedErrorId | Should -BeExactly 'ExportJobNotFound,AdobeExportJobs.Commands.RemoveExportJobCommand'
        $e.CategoryInfo.Category | Should -Be ObjectNotFound
        $e.TargetObject | Should -Be 424242
        $e.TargetObject | Should -BeOfType ([long])
        "$e" | Should -BeLike '*424242*'
    }

    It '-PassThru on a finished job warns that the DELETE removed it' {
        $id = (New-EmulatorJob -Emulator $Emulator).id
        Wait-EmulatorJobFinal -Emulator $Emulator -Id $id
        $r = Invoke-Captured { Remove-ExportJob -Id $id -Force -PassThru }
        $r.Errors | Should -BeNullOrEmpty
        $r.Output | Should -BeNullOrEmpty
        $r.Warning.Message | Where-Object { $_ -like "*$id had already finished*" -and $_ -like '*removed*' } | Should -Not -BeNullOrEmpty
        Get-EmulatorJob -Emulator $Emulator | Should -BeNullOrEmpty
    }
}

Describe 'Remove-ExportJob asks first' {
    BeforeAll {
        # A job is NEW for a quarter of its duration: ten minutes keep it NEW however slowly the runner starts.
        $script:Emulator = Start-TestEmulator -ArgumentList '--min-job-duration', '10m', '--max-job-duration', '10m'
        Connect-TestEmulator $Emulator
    }

    AfterAll { Stop-TestEmulator $Emulator }

    It 'without -Force or -Confirm:$false it asks, and a refused prompt cancels nothing' {
        $id = (New-EmulatorJob -Emulator $Emulator).id
        $r = Invoke-RunnerAgainst $Emulator "Remove-ExportJob -Id $id" -InputText "n`n"
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        # The prompt is wrapped at the 80 columns of redirected output.
        $prompt = $r.StdOut -replace '\s+', ' '
        # A job this session has not read: its status is not known, so the prompt names both outcomes.
        $prompt | Should -BeLike "*Performing the operation ""Cancel or delete (a NEW or PROCESSING job is cancelled, a finished one deleted)"" on target ""export job $id""*"
        $prompt | Should -BeLike '*`[N`] No*'
        Get-DeleteCount $Emulator | Should -Be 0
        (Get-EmulatorJob -Emulator $Emulator -Id $id).status | Should -BeExactly 'NEW'

        $forced = Invoke-Captured { [pscustomobject]@{ JobId = $id } | Remove-ExportJob -Force }
        $forced.Errors | Should -BeNullOrEmpty
        $forced.Output | Should -BeNullOrEmpty
        Get-DeleteCount $Emulator | Should -Be 1
        (Get-StatusCount $Emulator).CANCELLED | Should -Be 1
    }

    It '-WhatIf cancels nothing, even with -Force' {
        $ids = [long[]]@(New-EmulatorJob -Emulator $Emulator -Count 2).id
        $deletesBefore = Get-DeleteCount $Emulator
        $r = Invoke-RunnerAgainst $Emulator "`$ids = $($ids -join ', '); `$ids | Remove-ExportJob -WhatIf; Remove-ExportJob -Id `$ids -Force -WhatIf"
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $r.StdErr | Should -BeNullOrEmpty
        foreach ($id in $ids) {
            # Once from the pipeline, once with -Force.
            ([regex]::Matches($r.StdOut, "What if: .*export job $id\b")).Count | Should -Be 2 -Because $r.StdOut
        }
        (Get-DeleteCount $Emulator) - $deletesBefore | Should -Be 0
        foreach ($id in $ids) { (Get-EmulatorJob -Emulator $Emulator -Id $id).status | Should -BeExactly 'NEW' }
    }
}

Describe 'Remove-ExportJob says cancel or delete by what it knows of the job' {
    BeforeAll {
        $script:Emulator = Start-TestEmulator
        $script:Finished = [long](New-EmulatorJob -Emulator $Emulator).id
        Wait-EmulatorJobFinal -Emulator $Emulator -Id $Finished
        # NEW for a quarter of their ten minutes.
        Set-EmulatorJobDuration -Emulator $Emulator -Minimum '00:10:00'
        $script:Running = [long](New-EmulatorJob -Emulator $Emulator).id
        $script:Unread = [long](New-EmulatorJob -Emulator $Emulator).id
        $script:ReadElsewhere = [long](New-EmulatorJob -Emulator $Emulator).id
    }

    AfterAll { Stop-TestEmulator $Emulator }

    It '-WhatIf says Cancel for a job read as NEW, Delete for a finished one, both for one not read' {
        # Two jobs are read (and so known) in the runner, one piped on, one read earlier and given by id; the third is not.
        $r = Invoke-RunnerAgainst $Emulator "`$null = Get-ExportJob -Id $Finished; Get-ExportJob -Id $Running | Remove-ExportJob -WhatIf; Remove-ExportJob -Id $Finished, $Unread -WhatIf"
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $r.StdErr | Should -BeNullOrEmpty
        # Lines are wrapped at the 80 columns of redirected output.
        $text = $r.StdOut -replace '\s+', ' '
        $text | Should -BeLike "*What if: Performing the operation ""Cancel"" on target ""export job $Running (last seen NEW)"".*"
        $text | Should -BeLike "*What if: Performing the operation ""Delete"" on target ""export job $Finished (last seen SUCCEEDED)"".*"
        $text | Should -BeLike "*What if: Performing the operation ""Cancel or delete (a NEW or PROCESSING job is cancelled, a finished one deleted)"" on target ""export job $Unread"".*"
        ([regex]::Matches($text, 'What if: ')).Count | Should -Be 3
        Get-DeleteCount $Emulator | Should -Be 0
    }

    It '-WhatIf says Cancel for a job object piped in that this session has not read: the object''s status counts' {
        # Read through a second session: the default session has never seen the job, only the object knows it is NEW.
        $r = Invoke-RunnerAgainst $Emulator "`$other = New-AepSession; `$job = Get-ExportJob -Session `$other -Id $ReadElsewhere; `$job | Remove-ExportJob -WhatIf; Remove-ExportJob -Id `$job -WhatIf; [pscustomobject]@{ JobId = `$job.Id } | Remove-ExportJob -WhatIf"
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $text = $r.StdOut -replace '\s+', ' '
        ([regex]::Matches($text, [regex]::Escape("What if: Performing the operation ""Cancel"" on target ""export job $ReadElsewhere (last seen NEW)"".")).Count) | Should -Be 2 -Because $text
        # An object with only an id says nothing of the status.
        $text | Should -BeLike "*What if: Performing the operation ""Cancel or delete (a NEW or PROCESSING job is cancelled, a finished one deleted)"" on target ""export job $ReadElsewhere"".*"
        Get-DeleteCount $Emulator | Should -Be 0
    }

    It 'the prompt says Delete for a finished job, and a refused prompt deletes nothing' {
        $r = Invoke-RunnerAgainst $Emulator "Get-ExportJob -Id $Finished | Remove-ExportJob" -InputText "n`n"
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $prompt = $r.StdOut -replace '\s+', ' '
        $prompt | Should -BeLike "*Performing the operation ""Delete"" on target ""export job $Finished (last seen SUCCEEDED)""*"
        Get-DeleteCount $Emulator | Should -Be 0
        (Get-EmulatorJob -Emulator $Emulator -Id $Finished).status | Should -BeExactly 'SUCCEEDED'
    }
}
