#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Save-ExportJobFile as users meet it: real PowerShell, the built module, an emulator process that writes its Parquet
# batches (60 rows per part file) into a dataset folder this file reads too, so every saved file is compared byte for
# byte with the one the emulator serves. Interruptions are the emulator's download faults (cut, slow) and a real stop
# of the pipeline (what Ctrl+C does).

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    $script:DatasetRoot = Join-Path ([IO.Path]::GetTempPath()) "aej-save-datasets-$([guid]::NewGuid().ToString('N'))"
    $script:Emulator = Start-TestEmulator -ArgumentList '--parquet-rows-per-file', '60', '--dataset-root', $DatasetRoot
    Connect-TestEmulator -Emulator $Emulator
    # All fields: part files of about 15 KB.
    $script:Job = New-ExportJob -DatasetId 'saved-dataset' | Wait-ExportJob
    $script:Files = @(Get-ExportJobFile -Id $Job.Id)
    $script:Total = [long]($Files | Measure-Object Length -Sum).Sum

    function Get-ServedFile($File) { Join-Path $script:DatasetRoot $File.DatasetId $File.Name }

    function Get-SavedPath([string] $Root, $File) { Join-Path $Root $File.JobId $File.BatchId $File.Name }

    function Assert-SavedAll([string] $Root, $Files) {
        foreach ($file in $Files) {
            $saved = Get-SavedPath $Root $file
            $saved | Should -Exist
            (Get-FileHash $saved).Hash | Should -BeExactly (Get-FileHash (Get-ServedFile $file)).Hash -Because "$saved must be the emulator's file byte for byte"
        }
        @(Get-ChildItem $Root -Recurse -Filter *.partial) | Should -BeNullOrEmpty
    }

    function Get-Downloads { $s = Get-EmulatorStatistics $script:Emulator; [pscustomobject]@{ Count = [long]$s.Downloads; Bytes = [long]$s.DownloadedBytes } }

    function Test-Prefix([string] $Path, [string] $Of) {
        # Whether the file at $Path holds the first bytes of the file at $Of, exactly.
        $part = [IO.File]::ReadAllBytes($Path)
        $whole = [IO.File]::ReadAllBytes($Of)
        if ($part.Length -gt $whole.Length) { return $false }
        for ($i = 0; $i -lt $part.Length; $i++) { if ($part[$i] -ne $whole[$i]) { return $false } }
        $true
    }
}

AfterAll {
    Disconnect-Aep -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
    Remove-Item $DatasetRoot -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Save-ExportJobFile saves what jobs wrote' {
    It 'New-ExportJob | Wait-ExportJob | Save-ExportJobFile writes Path/jobId/batchId/name, byte for byte' {
        $out = Join-Path $TestDrive 'pipeline'
        $r = Invoke-Captured { New-ExportJob -DatasetId 'piped-dataset' -Field identities.id, personalEmail.address | Wait-ExportJob | Save-ExportJobFile -Path $out -PassThru }
        $r.Errors | Should -BeNullOrEmpty
        $job = Get-ExportJob | Where-Object Dataset -EQ 'piped-dataset'
        $files = @(Get-ExportJobFile -Id $job.Id)
        $files.Count | Should -BeGreaterThan 1
        $r.Output | Should -HaveCount $files.Count
        $r.Output | ForEach-Object { $_ | Should -BeOfType ([IO.FileInfo]) }
        [string[]]($r.Output.FullName | Sort-Object) | Should -Be ([string[]]($files | ForEach-Object { Get-SavedPath $out $_ } | Sort-Object))
        Assert-SavedAll $out $files
        @(Get-ChildItem $out -Recurse -File) | Should -HaveCount $files.Count
    }

    It 'a second run downloads nothing, -PassThru still returns the files, and -Force downloads them all again' {
        $out = Join-Path $TestDrive 'again'
        Save-ExportJobFile -Id $Job.Id -Path $out
        Reset-EmulatorStatistics $Emulator

        $r = Invoke-Captured { Save-ExportJobFile -Id $Job.Id -Path $out -PassThru -Verbose }
        $r.Errors | Should -BeNullOrEmpty
        (Get-Downloads).Count | Should -Be 0
        $r.Output | Should -HaveCount $Files.Count
        @($r.Verbose.Message | Where-Object { $_ -like '*is complete*not downloaded again*' }) | Should -HaveCount $Files.Count

        $forced = Invoke-Captured { Save-ExportJobFile -Id $Job.Id -Path $out -Force }
        $forced.Errors | Should -BeNullOrEmpty
        (Get-Downloads).Count | Should -Be $Files.Count
        (Get-Downloads).Bytes | Should -Be $Total
        Assert-SavedAll $out $Files
    }

    It 'takes job ids, jobs and file objects from the pipeline' {
        $byId = Join-Path $TestDrive 'by-id'
        $Job.Id | Save-ExportJobFile -Path $byId
        Assert-SavedAll $byId $Files

        $byJob = Join-Path $TestDrive 'by-job'
        Get-ExportJob -Id $Job.Id | Save-ExportJobFile -Path $byJob
        Assert-SavedAll $byJob $Files

        $byFile = Join-Path $TestDrive 'by-file'
        $saved = @(Get-ExportJobFile -Id $Job.Id | Select-Object -First 2 | Save-ExportJobFile -Path $byFile -PassThru)
        $saved | Should -HaveCount 2
        Assert-SavedAll $byFile ($Files | Select-Object -First 2)
        @(Get-ChildItem $byFile -Recurse -File) | Should -HaveCount 2
    }

    It 'fetches files in ranges of -ChunkSize, each byte once' {
        $out = Join-Path $TestDrive 'chunked'
        Reset-EmulatorStatistics $Emulator
        Save-ExportJobFile -Id $Job.Id -Path $out -ChunkSize 4096
        Assert-SavedAll $out $Files
        $expected = ($Files | ForEach-Object { [Math]::Ceiling($_.Length / 4096) } | Measure-Object -Sum).Sum
        (Get-Downloads).Count | Should -Be $expected
        (Get-Downloads).Bytes | Should -Be $Total
    }

    It '-WhatIf names every file it would write and writes nothing' {
        $out = Join-Path $TestDrive 'what-if'
        Reset-EmulatorStatistics $Emulator
        $saved = Set-TestEnvironment $Emulator
        try { $r = Invoke-Runner '-Command', "Connect-Aep; Save-ExportJobFile -Id $($Job.Id) -Path '$out' -WhatIf" }
        finally { Restore-TestEnvironment $saved }
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        foreach ($file in $Files) {
            $r.StdOut | Should -BeLike "*What if: Performing the operation `"Save export file ($($file.Length.ToString('N0', [cultureinfo]::InvariantCulture)) bytes, job $($Job.Id))`" on target `"$(Get-SavedPath $out $file)`"*"
        }
        $out | Should -Not -Exist
        (Get-Downloads).Count | Should -Be 0
    }
}

Describe 'Save-ExportJobFile resumes' {
    AfterEach { Clear-EmulatorFault $Emulator }

    It 'a connection cut mid-file is resumed at once from where it stopped: each byte fetched once' {
        $out = Join-Path $TestDrive 'cut'
        # Files larger than the cut are cut once; what is left of them is smaller than the cut.
        $cut = [long][Math]::Ceiling(($Files | Measure-Object Length -Maximum).Maximum / 2) + 1
        $cutFiles = @($Files | Where-Object Length -GT $cut)
        $cutFiles | Should -Not -BeNullOrEmpty
        Set-EmulatorFault $Emulator @{ cutDownloadShare = 1; cutDownloadAfterBytes = $cut }
        Reset-EmulatorStatistics $Emulator

        $r = Invoke-Captured { Save-ExportJobFile -Id $Job.Id -Path $out -Verbose }
        $r.Errors | Should -BeNullOrEmpty
        Assert-SavedAll $out $Files
        $downloads = Get-Downloads
        $downloads.Count | Should -Be ($Files.Count + $cutFiles.Count)
        # Cut bytes plus the rest: nothing fetched twice.
        $downloads.Bytes | Should -Be $Total
        @($r.Verbose.Message | Where-Object { $_ -like "*ended after $cut bytes*asking again from byte $cut" }) | Should -HaveCount $cutFiles.Count
    }

    It 'Ctrl+C mid-download stops at once, leaves nothing that looks complete, and the next run fetches only what is missing' {
        $out = Join-Path $TestDrive 'stopped'
        Set-EmulatorFault $Emulator @{ slowDownloadShare = 1; slowDownloadBytesPerSecond = 4096 }
        $state = [Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
        $state.ImportPSModule([string[]]@(Get-BuiltModuleManifest))
        $runspace = [runspacefactory]::CreateRunspace($state)
        $runspace.Open()
        $ps = [powershell]::Create()
        try {
            $ps.Runspace = $runspace
            $runspace.SessionStateProxy.SetVariable('C', (Get-TestConnection $Emulator))
            $null = $ps.AddScript("Save-ExportJobFile -Session (New-AepSession @C) -Id $($Job.Id) -Path '$out' -ThrottleLimit 2")
            $handle = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not @(Get-ChildItem $out -Recurse -Filter *.partial -ErrorAction SilentlyContinue | Where-Object Length -GT 1000) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $handle.IsCompleted | Should -BeFalse -Because 'the slow download must still be running when it is stopped'
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Stop()
        }
        finally {
            Clear-EmulatorFault $Emulator
            $ps.Dispose()
            $runspace.Dispose()
        }
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5

        $left = @{}
        foreach ($file in $Files) {
            $path = Get-SavedPath $out $file
            # A file with its own name is complete and right; anything else is a .partial prefix of it.
            if (Test-Path $path) { (Get-FileHash $path).Hash | Should -BeExactly (Get-FileHash (Get-ServedFile $file)).Hash; continue }
            $partial = "$path.partial"
            if (Test-Path $partial) {
                Test-Prefix $partial (Get-ServedFile $file) | Should -BeTrue -Because "$partial must be the start of the file"
                (Get-Item $partial).Length | Should -BeLessThan $file.Length
                $left[$file.Name] = (Get-Item $partial).Length
            }
            else { $left[$file.Name] = 0L }
        }
        @($left.Values | Where-Object { $_ -gt 0 }) | Should -Not -BeNullOrEmpty

        Reset-EmulatorStatistics $Emulator
        $r = Invoke-Captured { Save-ExportJobFile -Id $Job.Id -Path $out -Verbose }
        $r.Errors | Should -BeNullOrEmpty
        Assert-SavedAll $out $Files
        $missing = ($Files | Where-Object { $left.ContainsKey($_.Name) } | ForEach-Object { $_.Length - $left[$_.Name] } | Measure-Object -Sum).Sum
        (Get-Downloads).Count | Should -Be $left.Count
        (Get-Downloads).Bytes | Should -Be $missing
        @($r.Verbose.Message | Where-Object { $_ -like '*resumed after*bytes an earlier run fetched*' }) | Should -HaveCount @($left.Values | Where-Object { $_ -gt 0 }).Count
    }
}

Describe 'Save-ExportJobFile shows its progress' {
    AfterEach { Clear-EmulatorFault $Emulator }

    It 'in bytes with a rate, the files in flight up to -ThrottleLimit, and completes it' -ForEach @(
        @{ Throttle = 3; Rate = 8192 }
        @{ Throttle = 1; Rate = 16384 }
    ) {
        Set-EmulatorFault $Emulator @{ slowDownloadShare = 1; slowDownloadBytesPerSecond = $Rate }
        $r = Invoke-InRunspace "Save-ExportJobFile -Id $($Job.Id) -Path '$(Join-Path $TestDrive "progress-$Throttle")' -ThrottleLimit $Throttle" -Emulator $Emulator
        $r.Errors | Should -BeNullOrEmpty
        $running = @($r.Progress | Where-Object RecordType -EQ Processing)
        $running | Should -Not -BeNullOrEmpty
        $running | ForEach-Object {
            $_.Activity | Should -BeLike 'Saving export files to *'
            $_.StatusDescription | Should -Match "^[\d.]+ (B|KiB) of [\d.]+ KiB, [\d.]+ (B|KiB)/s, \d+ of $($Files.Count) files`$"
        }
        $running | Where-Object { $_.PercentComplete -gt 0 } | Should -Not -BeNullOrEmpty
        $inFlight = @($running | ForEach-Object { @($_.CurrentOperation -split ', ').Count } | Measure-Object -Maximum).Maximum
        if ($Throttle -eq 1) { $inFlight | Should -Be 1 } else { $inFlight | Should -BeGreaterThan 1 }
        @($r.Progress | Where-Object RecordType -EQ Completed) | Should -HaveCount 1
    }
}

Describe 'Save-ExportJobFile when something fails' {
    It 'a FAILED job is one ExportJobNotSucceeded error, and the other job''s files are saved' {
        $failed = New-ExportJob -DatasetId 'will-fail' | Wait-ExportJob -ErrorAction SilentlyContinue
        "$($failed.Status)" | Should -BeExactly 'FAILED'
        $out = Join-Path $TestDrive 'with-failed'
        $r = Invoke-Captured { Save-ExportJobFile -Id $failed.Id, $Job.Id -Path $out }
        $e = Assert-SingleError $r 'ExportJobNotSucceeded,AdobeExportJobs.Commands.SaveExportJobFileCommand' InvalidOperation
        "$e" | Should -BeLike "Export job $($failed.Id) is FAILED, not SUCCEEDED*"
        Assert-SavedAll $out $Files
    }

    It 'a file that cannot be written is one error naming it, and the others are saved' {
        $out = Join-Path $TestDrive 'one-fails'
        $blocked = $Files[1]
        # A folder where the file should go: its download completes, its rename cannot.
        $null = New-Item -ItemType Directory -Path (Get-SavedPath $out $blocked) -Force
        $r = Invoke-Captured { Save-ExportJobFile -Id $Job.Id -Path $out -PassThru }
        $e = Assert-SingleError $r 'ExportFileWriteFailed,AdobeExportJobs.Commands.SaveExportJobFileCommand' WriteError
        "$e" | Should -BeLike "*$($blocked.RelativePath)*"
        $e.TargetObject.Name | Should -BeExactly $blocked.Name
        $e.TargetObject.pstypenames[0] | Should -BeExactly 'AdobeExportJobs.ExportJobFile'
        $others = @($Files | Where-Object Name -NE $blocked.Name)
        $r.Output | Should -HaveCount $others.Count
        foreach ($file in $others) { (Get-FileHash (Get-SavedPath $out $file)).Hash | Should -BeExactly (Get-FileHash (Get-ServedFile $file)).Hash }
    }

    It 'a file object whose place would leave -Path is refused, and nothing is written or fetched' {
        $out = Join-Path $TestDrive 'escape'
        $evil = [AdobeExportJobs.ExportJobFile]@{ JobId = $Job.Id; BatchId = $Files[0].BatchId; DataSetFileId = $Files[0].DataSetFileId; Name = $Files[0].Name; Length = $Files[0].Length; DownloadUrl = $Files[0].DownloadUrl; RelativePath = '../../escaped.parquet' }
        Reset-EmulatorStatistics $Emulator
        $r = Invoke-Captured { $evil | Save-ExportJobFile -Path $out }
        $e = Assert-SingleError $r 'ExportFileNameUnsafe,AdobeExportJobs.Commands.SaveExportJobFileCommand' InvalidData
        "$e" | Should -BeLike "*'../../escaped.parquet' cannot be saved*"
        (Get-Downloads).Count | Should -Be 0
        Join-Path $TestDrive 'escaped.parquet' | Should -Not -Exist
    }

    It '-Path that is a file is refused before any request' {
        $file = Join-Path $TestDrive 'a-file.txt'
        Set-Content -Path $file -Value 'x'
        $before = Get-EmulatorRequestCount -Emulator $Emulator
        $r = Invoke-Captured { Save-ExportJobFile -Id $Job.Id -Path $file }
        Assert-SingleError $r 'ExportFileInvalidPath,AdobeExportJobs.Commands.SaveExportJobFileCommand' InvalidArgument -TargetObject $file | Out-Null
        (Get-EmulatorRequestCount -Emulator $Emulator) - $before | Should -Be 0
    }

    It 'no secret or token shows in any stream, with every log on and a download cut' {
        Set-EmulatorFault $Emulator @{ cutDownloadShare = 1; cutDownloadAfterBytes = 9000 }
        try {
            $r = Invoke-InRunspace "Save-ExportJobFile -Id $($Job.Id), 987654 -Path '$(Join-Path $TestDrive 'secrets')' -PassThru -Verbose -Debug" -Emulator $Emulator
        }
        finally { Clear-EmulatorFault $Emulator }
        $r.Output | Should -HaveCount $Files.Count
        $r.Verbose | Should -Not -BeNullOrEmpty
        $r.Debug | Should -Not -BeNullOrEmpty
        $text = @($r.Output; $r.Errors; $r.Verbose; $r.Debug; $r.Warning; $r.Information; $r.Progress) | Get-AllText
        $text | Should -Not -BeLike "*$($Emulator.ClientSecret)*"
        $text | Should -Not -Match 'eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.'
        $text | Should -BeLike '*Authorization*'
    }
}
