#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Get-ExportJobFile as users meet it: real PowerShell, the built module, an emulator process writing Parquet batches
# of 60 rows per part file, read back through its Data Access API.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    $script:Emulator = Start-TestEmulator -ArgumentList '--parquet-rows-per-file', '60'
    $script:Segment = '52c26d0d-45f2-47a2-ab30-ed06abc981ff'
    $script:Done = New-EmulatorJob -Emulator $Emulator
    $script:Failed = New-EmulatorJob -Emulator $Emulator -DatasetId 'will-fail-dataset'
    $script:PerSegment = Invoke-EmulatorApi -Emulator $Emulator -Method Post -Body @{
        destination = @{ datasetId = 'per-segment'; segmentPerBatch = $true }
        schema      = @{ name = '_xdm.context.profile' }
        filter      = @{ segments = @(@{ segmentId = $Segment; segmentNs = 'ups' }, @{ segmentId = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0' }) }
    }
    Wait-EmulatorJobFinal -Emulator $Emulator -Id $Done.id, $Failed.id, $PerSegment.id
    $script:DoneJob = Get-EmulatorJob -Emulator $Emulator -Id $Done.id
    # Part files of at most 60 rows, one row per exported profile.
    $script:Parts = [int][Math]::Ceiling($DoneJob.metrics.totalExportedProfileCounter / 60)
    Connect-TestEmulator -Emulator $Emulator

    function Invoke-DataAccess([string] $Path) {
        # The emulator's own answer, read without the module.
        $headers = @{
            Authorization     = "Bearer $(Get-EmulatorToken $script:Emulator)"
            'x-api-key'       = $script:Emulator.ClientId
            'x-gw-ims-org-id' = $script:Emulator.OrgId
            'x-sandbox-name'  = 'prod'
        }
        Invoke-RestMethod -Uri "$($script:Emulator.BaseUrl)/data/foundation/export$Path" -Headers $headers
    }
}

AfterAll {
    Disconnect-Aep -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

Describe 'Get-ExportJobFile lists what a job wrote' {
    It 'returns every part file of a SUCCEEDED job as typed objects, as the Data Access API lists them' {
        $files = @(Get-ExportJobFile -Id $Done.id)
        $batch = $DoneJob.destination.batchId
        $Parts | Should -BeGreaterThan 1
        $files | Should -HaveCount $Parts
        $files[0] | Should -BeOfType ([AdobeExportJobs.ExportJobFile])
        $files[0].pstypenames[0] | Should -BeExactly 'AdobeExportJobs.ExportJobFile'
        $sets = @((Invoke-DataAccess "/batches/$batch/files").data)
        [string[]]$files.DataSetFileId | Should -Be ([string[]]$sets.dataSetFileId)
        foreach ($file in $files) {
            $details = @((Invoke-DataAccess "/files/$($file.DataSetFileId)").data)[0]
            $file.Name | Should -BeExactly $details.name
            $file.Length | Should -Be ([long]$details.length)
            $file.JobId | Should -Be $Done.id
            $file.BatchId | Should -BeExactly $batch
            $file.DatasetId | Should -BeExactly '5b7c86968f7b6501e21ba9df'
            $file.SegmentId | Should -BeNullOrEmpty
            $file.RelativePath | Should -BeExactly "$($Done.id)/$batch/$($details.name)"
            $file.DownloadUrl.AbsoluteUri | Should -BeExactly "$($Emulator.BaseUrl)/data/foundation/export/files/$($file.DataSetFileId)?path=$($details.name)"
        }
        [string[]]$files.Name | Should -Be ([string[]](0..($Parts - 1) | ForEach-Object { 'part-{0:D5}-{1}-c000.snappy.parquet' -f $_, $batch }))
    }

    It 'takes ids by value, by position and by property name from jobs and from objects with JobId' {
        $byValue = @($Done.id | Get-ExportJobFile)
        $byPosition = @(Get-ExportJobFile $Done.id)
        $fromJob = @(Get-ExportJob -Id $Done.id | Get-ExportJobFile)
        $fromJobId = @([pscustomobject]@{ JobId = $Done.id } | Get-ExportJobFile)
        foreach ($run in $byValue, $byPosition, $fromJob, $fromJobId) { [string[]]$run.DataSetFileId | Should -Be ([string[]](Get-ExportJobFile $Done.id).DataSetFileId) }
        # Its own output binds by JobId: the files of the files' jobs.
        @(Get-ExportJobFile $Done.id | Select-Object -First 1 | Get-ExportJobFile) | Should -HaveCount $Parts
    }

    It 'names the segment of each batch of a job with one batch per segment' {
        $job = Get-EmulatorJob -Emulator $Emulator -Id $PerSegment.id
        $files = @(Get-ExportJobFile -Id $PerSegment.id)
        $files | Should -Not -BeNullOrEmpty
        $bySegment = @{}
        foreach ($b in $job.destination.batches) { $bySegment[$b.batchId] = $b.segmentId }
        @($files.BatchId | Sort-Object -Unique) | Should -HaveCount 2
        foreach ($file in $files) {
            $file.SegmentId | Should -BeExactly $bySegment[$file.BatchId]
            $file.RelativePath | Should -BeExactly "$($PerSegment.id)/$($file.BatchId)/$($file.Name)"
        }
        ($files | Where-Object SegmentId -EQ $Segment).SegmentNs | Sort-Object -Unique | Should -BeExactly 'ups'
    }

    It 'shows one group per batch with the file set, size and name in the table, and every field in the list' {
        $table = Get-ExportJobFile -Id $Done.id | Out-String -Width 160
        $table | Should -BeLike "*Export files of: Job $($Done.id), batch $($DoneJob.destination.batchId)*"
        $table | Should -BeLike '*DataSetFileId*Length*Name*'
        $first = Get-ExportJobFile -Id $Done.id | Select-Object -First 1
        $table | Should -BeLike "*$($first.DataSetFileId)*$($first.Length)*$($first.Name)*"
        (Get-ExportJobFile -Id $PerSegment.id | Out-String -Width 160) | Should -BeLike "*, segment $Segment (ups)*"

        $list = $first | Format-List | Out-String -Width 200
        foreach ($label in 'JobId', 'DatasetId', 'BatchId', 'SegmentId', 'SegmentNs', 'DataSetFileId', 'Name', 'Length', 'DownloadUrl', 'RelativePath') { $list | Should -BeLike "*$label*:*" }
        $list | Should -BeLike "*$($first.Name)*"
        (Get-FormatData -TypeName AdobeExportJobs.ExportJobFile).FormatViewDefinition.Name | Should -Be @('AdobeExportJobs.ExportJobFile.Table', 'AdobeExportJobs.ExportJobFile.List')
    }
}

Describe 'Get-ExportJobFile with jobs that have no files' {
    It 'a FAILED job is an ExportJobNotSucceeded error with its status, and the next job still comes' {
        $out = @(Get-ExportJobFile -Id $Failed.id, $Done.id -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeExactly 'ExportJobNotSucceeded,AdobeExportJobs.Commands.GetExportJobFileCommand'
        $errs[0].CategoryInfo.Category | Should -Be InvalidOperation
        "$($errs[0])" | Should -BeLike "Export job $($Failed.id) is FAILED, not SUCCEEDED*"
        $errs[0].TargetObject.Id | Should -Be $Failed.id
        $errs[0].TargetObject.pstypenames[0] | Should -BeExactly 'AdobeExportJobs.ExportJob'
        $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*Errors*'
        $out | Should -HaveCount $Parts
        $out | ForEach-Object { $_.JobId | Should -Be $Done.id }
    }

    It 'a job still running says to wait for it, before any Data Access call' {
        Set-EmulatorJobDuration -Emulator $Emulator -Minimum '00:05:00'
        try {
            $running = New-EmulatorJob -Emulator $Emulator
            $before = Get-EmulatorStatistics $Emulator
            $r = Invoke-Captured { Get-ExportJobFile -Id $running.id }
            $after = Get-EmulatorStatistics $Emulator
            $error0 = Assert-SingleError $r 'ExportJobNotSucceeded,AdobeExportJobs.Commands.GetExportJobFileCommand' InvalidOperation
            "$error0" | Should -Match "Export job $($running.id) is (NEW|PROCESSING), not SUCCEEDED: it has no files yet"
            $error0.ErrorDetails.RecommendedAction | Should -BeLike '*Wait-ExportJob*'
            $r.Output | Should -BeNullOrEmpty
            # One GET of the job, nothing else.
            $after.TotalRequests - $before.TotalRequests | Should -Be 1
        }
        finally {
            Set-EmulatorJobDuration -Emulator $Emulator -Minimum '00:00:00.050' -Maximum '00:00:00.120'
        }
    }

    It 'a missing job is ExportJobNotFound' {
        $r = Invoke-Captured { Get-ExportJobFile -Id 987654 }
        $e = Assert-SingleError $r 'ExportJobNotFound,AdobeExportJobs.Commands.GetExportJobFileCommand' ObjectNotFound -TargetObject 987654
        "$e" | Should -BeLike '*987654*'
    }

    It 'the files of a job in another sandbox are not found through this one' {
        $dev = Get-TestConnection $Emulator -Sandbox dev
        $r = Invoke-Captured { Get-ExportJobFile -Id $Done.id -Session (New-AepSession @dev) }
        Assert-SingleError $r 'ExportJobNotFound,AdobeExportJobs.Commands.GetExportJobFileCommand' ObjectNotFound | Out-Null
    }

    It '<Script> is refused with <ErrorId> before any request' -ForEach @(
        @{ Script = 'Get-ExportJobFile -Id 0'; ErrorId = 'ParameterArgumentValidationError' }
        @{ Script = 'Get-ExportJobFile -Id abc'; ErrorId = 'CannotConvertArgumentNoMessage' }
    ) {
        $before = Get-EmulatorRequestCount -Emulator $Emulator
        $r = Invoke-Captured { . ([scriptblock]::Create($Script)) }
        $r.Errors | Should -HaveCount 1
        $r.Errors[0].FullyQualifiedErrorId | Should -BeExactly "$ErrorId,AdobeExportJobs.Commands.GetExportJobFileCommand"
        (Get-EmulatorRequestCount -Emulator $Emulator) - $before | Should -Be 0
    }
}
