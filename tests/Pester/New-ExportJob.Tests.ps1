#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# New-ExportJob as users meet it: real PowerShell, the built module, emulator processes on loopback.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    $script:Emulator = Start-TestEmulator
    Connect-TestEmulator -Emulator $Emulator

    # Creates only: the POSTs that are not token requests.
    function Get-CreateCount {
        param($Emulator = $script:Emulator)
        $s = Get-EmulatorStatistics $Emulator
        [long]$s.RequestsByMethod.POST - [long]$s.TokensIssued
    }
    function Get-JobsCreated {
        param($Emulator = $script:Emulator)
        [long](Get-EmulatorStatistics $Emulator).JobsCreated
    }
    # The JSON the service recorded, times left as the text it holds.
    function ConvertFrom-JobJson { param([string] $Json) $Json | ConvertFrom-Json -DateKind String }
}

AfterAll {
    Disconnect-Aep -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

Describe 'New-ExportJob sends every parameter' {
    BeforeAll {
        $script:DatasetRoot = Join-Path ([IO.Path]::GetTempPath()) "aej-new-$([guid]::NewGuid().ToString('n'))"
        $script:Rich = Start-TestEmulator -ArgumentList '--profile-count', '2000', '--seed', '42', '--dataset-root', $DatasetRoot
        $connection = Get-TestConnection $Rich
        $script:RichSession = New-AepSession @connection
        # The store the emulator exports from, generated again here from the same count and seed (the generator is
        # deterministic), so what the files must hold is counted independently of the emulator's exporter.
        $null = [Reflection.Assembly]::LoadFrom((Find-BuiltAssembly -Project 'AdobeExportJobs.Emulator' -EnvironmentVariable 'AEJ_EMULATOR_DLL'))
        $script:Store = [AdobeExportJobs.Emulator.Profiles.ProfileStore]::Generate(2000, 42)
        $script:ProfileById = @{}
        foreach ($p in $Store.Profiles) { $ProfileById[$p.Id] = $p }
    }

    AfterAll {
        Stop-TestEmulator $Rich
        Remove-Item -LiteralPath $DatasetRoot -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'every parameter reaches the service and the exported files match an independent count' {
        $first = $Store.Segments[2]
        $second = $Store.Segments[5]
        $policy = $Store.MergePolicies[1]
        $qualifiedAfter = [DateTimeOffset]::new(2018, 6, 1, 2, 0, 0, [TimeSpan]::FromHours(2)) # 2018-06-01T00:00:00Z
        $qualifiedBefore = [DateTimeOffset]::new(2020, 6, 1, 0, 0, 0, [TimeSpan]::Zero)
        $ingestedAfter = [DateTimeOffset]::new(2018, 3, 1, 0, 0, 0, [TimeSpan]::Zero)
        $eventsAfter = [DateTimeOffset]::new(2019, 1, 1, 0, 0, 0, [TimeSpan]::Zero)
        $eventsBefore = [DateTimeOffset]::new(2020, 12, 1, 0, 0, 0, [TimeSpan]::Zero)

        $r = Invoke-Captured {
            # -QualifiedBefore as a DateTime: works as well as a DateTimeOffset.
            New-ExportJob -Session $RichSession -DatasetId every-param -SchemaName _xdm.context.profile -Field _id, identities `
                -MergePolicyId $policy.Id -MergePolicyVersion $policy.Version `
                -SegmentId $first.Id -SegmentNamespace $first.Namespace -SegmentStatus Realized, existing `
                -Segment @{ SegmentId = $second.Id; SegmentNamespace = $second.Namespace; Status = 'exited', 'realized' } `
                -QualifiedAfter $qualifiedAfter -QualifiedBefore $qualifiedBefore.UtcDateTime -IngestedAfter '2018-03-01T00:00:00Z' -IncludeEmptyProfiles `
                -EventField _id, eventType -EventIngestedAfter '2019-01-01T00:00:00Z' -EventIngestedBefore '2020-12-01T00:00:00Z' `
                -SegmentPerBatch | Wait-ExportJob -Session $RichSession -Timeout 60
        }
        $r.Errors | Should -BeNullOrEmpty
        $r.Output | Should -HaveCount 1
        $job = $r.Output[0]
        $job.Status | Should -BeExactly 'SUCCEEDED'

        # What the service recorded is what the parameters said, times in UTC.
        $sent = ConvertFrom-JobJson $job.GetJson()
        $sent.fields | Should -BeExactly '_id,identities'
        $sent.mergePolicy.id | Should -BeExactly $policy.Id
        $sent.mergePolicy.version | Should -Be $policy.Version
        $sent.filter.segmentQualificationTime.startTime | Should -BeExactly '2018-06-01T00:00:00Z'
        $sent.filter.segmentQualificationTime.endTime | Should -BeExactly '2020-06-01T00:00:00Z'
        $sent.filter.fromIngestTimestamp | Should -BeExactly '2018-03-01T00:00:00Z'
        $sent.filter.emptyProfiles | Should -BeTrue
        $sent.additionalFields.eventList.fields | Should -BeExactly '_id,eventType'
        $sent.additionalFields.eventList.filter.fromIngestTimestamp | Should -BeExactly '2019-01-01T00:00:00Z'
        $sent.additionalFields.eventList.filter.toIngestTimestamp | Should -BeExactly '2020-12-01T00:00:00Z'
        $sent.destination.segmentPerBatch | Should -BeTrue
        $sent.filter.segments[0].status | Should -BeExactly @('realized', 'existing')
        $sent.filter.segments[1].status | Should -BeExactly @('exited', 'realized')

        # One batch per segment, each holding exactly the profiles an independent count over the store selects.
        $wanted = @(
            @{ Segment = $first; Statuses = @('realized', 'existing') }
            @{ Segment = $second; Statuses = @('exited', 'realized') }
        )
        $sent.destination.batches | Should -HaveCount 2
        [string[]]$job.Batches | Should -BeExactly @($sent.destination.batches.batchId)
        $total = 0
        $byNamespace = @{}
        foreach ($w in $wanted) {
            $segment, $statuses = $w.Segment, $w.Statuses
            $batch = @($sent.destination.batches | Where-Object segmentId -EQ $segment.Id)
            $batch | Should -HaveCount 1
            $expected = @($Store.Profiles.Where({
                $_.MergedUpdateTime -gt $ingestedAfter -and $_.Memberships.Where({
                    $_.SegmentId -eq $segment.Id -and $_.SegmentNs -eq $segment.Namespace -and $_.Status -in $statuses -and
                    $_.QualificationTime -ge $qualifiedAfter -and $_.QualificationTime -le $qualifiedBefore }).Count -gt 0 }))
            $expected | Should -Not -BeNullOrEmpty
            # The batch's Parquet rows, as JSON documents.
            $lines = @([AdobeExportJobs.Emulator.Datasets.ExportedRows]::ReadBatchAsJson($DatasetRoot, 'every-param', $batch[0].BatchId) |
                ForEach-Object { ConvertFrom-JobJson $_ })
            (@($lines._id) | Sort-Object) -join ',' | Should -BeExactly ((@($expected.Id) | Sort-Object) -join ',')
            # Line by line, the differences from what is expected (one Should for all lines keeps this quick).
            $wrong = foreach ($line in $lines) {
                $extra = $line.psobject.Properties.Name | Where-Object { $_ -notin '_id', 'identities', 'timeSeriesEvents' }
                if ($extra) { "$($line._id) has fields $extra" }
                $source = $ProfileById[$line._id]
                $expectedEvents = (@($source.Events.Where({ $_.IngestTime -gt $ingestedAfter -and $_.IngestTime -gt $eventsAfter -and $_.IngestTime -lt $eventsBefore }).Id) | Sort-Object) -join ','
                $events = (@($line.timeSeriesEvents._id) | Sort-Object) -join ','
                if ($events -cne $expectedEvents) { "$($line._id) has events [$events], expected [$expectedEvents]" }
                foreach ($e in $line.timeSeriesEvents) {
                    $names = ($e.psobject.Properties.Name | Sort-Object) -join ','
                    if ($names -cne '_id,eventType') { "$($line._id) has an event with fields $names" }
                }
            }
            $wrong | Should -BeNullOrEmpty
            $total += $expected.Count
            foreach ($group in $expected | Group-Object PrimaryNamespace) { $byNamespace[$group.Name] = [long]$byNamespace[$group.Name] + $group.Count }
        }
        # -IncludeEmptyProfiles mattered: profiles with events only are among the segments' members.
        $Store.Profiles.Where({
            $_.HasOnlyEvents -and $_.MergedUpdateTime -gt $ingestedAfter -and
            $_.Memberships.Where({ $_.SegmentId -eq $first.Id -or $_.SegmentId -eq $second.Id }).Count -gt 0 }).Count | Should -BeGreaterThan 0
        $job.Profiles | Should -Be $total
        $counter = $job.ByNamespace
        ($counter.Keys | Sort-Object | ForEach-Object { "$_=$($counter[$_])" }) -join ';' |
            Should -BeExactly (($byNamespace.Keys | Sort-Object | ForEach-Object { "$_=$($byNamespace[$_])" }) -join ';')
    }
}

Describe 'New-ExportJob with a raw body' {
    It 'a hashtable body is sent and parameters override its fields' {
        $r = Invoke-Captured {
            New-ExportJob -Body @{ destination = @{ datasetId = 'from-body' }; fields = '_id'; filter = @{ emptyProfiles = $true; fromIngestTimestamp = [datetime]::new(2019, 1, 1, 0, 0, 0, [DateTimeKind]::Utc) } } -DatasetId from-parameter
        }
        $r.Errors | Should -BeNullOrEmpty
        $r.Output | Should -HaveCount 1
        $job = $r.Output[0]
        $job.Dataset | Should -BeExactly 'from-parameter'
        $job.Schema | Should -BeExactly '_xdm.context.profile'
        [string[]]$job.Fields | Should -BeExactly @('_id')
        $sent = ConvertFrom-JobJson $job.GetJson()
        $sent.filter.emptyProfiles | Should -BeTrue
        [DateTimeOffset]$sent.filter.fromIngestTimestamp | Should -Be ([DateTimeOffset]::new(2019, 1, 1, 0, 0, 0, [TimeSpan]::Zero))
    }

    It 'a JSON body is sent as written, with v1 names, and switches add to it' {
        $r = Invoke-Captured {
            New-ExportJob -Body '{"destination":{"dataSetId":"json-body","segmentPerBatch":false},"schema":{"name":"_xdm.custom"},"filter":{"segments":[{"segmentId":"52c26d0d-45f2-47a2-ab30-ed06abc981ff","status":["exited"]}]}}' -IncludeEmptyProfiles
        }
        $r.Errors | Should -BeNullOrEmpty
        $r.Output | Should -HaveCount 1
        $job = $r.Output[0]
        $job.Dataset | Should -BeExactly 'json-body'
        $job.Schema | Should -BeExactly '_xdm.custom'
        [string[]]$job.Segments | Should -BeExactly @('52c26d0d-45f2-47a2-ab30-ed06abc981ff')
        $sent = ConvertFrom-JobJson $job.GetJson()
        $sent.filter.segments | Should -HaveCount 1
        [string[]]$sent.filter.segments[0].status | Should -BeExactly @('exited')
        $sent.filter.emptyProfiles | Should -BeTrue
        $job.pstypenames[0] | Should -BeExactly 'AdobeExportJobs.ExportJob'
    }
}

Describe 'New-ExportJob -WhatIf and -Confirm create nothing' {
    BeforeAll {
        # A server of its own, so "nothing was created" is the server's whole count.
        $script:Quiet = Start-TestEmulator
        $connection = Get-TestConnection $Quiet
        $script:QuietSession = New-AepSession @connection
    }

    AfterAll { Stop-TestEmulator $Quiet }

    It '-WhatIf shows the exact JSON body, indented, times in UTC, and creates nothing' {
        $saved = Set-TestEnvironment $Quiet
        try {
            $r = Invoke-Runner '-Command', 'Connect-Aep; New-ExportJob -DatasetId what-if -SegmentId seg-1 -SegmentStatus exited -QualifiedAfter ([DateTimeOffset]::new(2019,5,1,12,0,0,[TimeSpan]::FromHours(2))) -WhatIf'
        }
        finally { Restore-TestEnvironment $saved }
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $r.StdErr | Should -BeNullOrEmpty
        $r.StdOut | Should -BeLike "*What if: Creating an export job in sandbox 'prod' with this body:*"
        # The body follows on lines of its own, one field a line, nested fields indented: readable at 80 columns.
        $lines = $r.StdOut.Replace("`r`n", "`n").Split("`n")
        $start = [array]::IndexOf($lines, '{')
        $start | Should -BeGreaterThan 0 -Because $r.StdOut
        $end = [array]::IndexOf($lines, '}', $start)
        $body = $lines[$start..$end]
        $body.Count | Should -BeGreaterThan 10
        $body | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
        $body | Should -Contain '    "datasetId": "what-if"'
        $body | Should -Contain '      "startTime": "2019-05-01T10:00:00Z"'
        # The same body the create would send, field for field.
        ($body -join "`n" | ConvertFrom-Json -DateKind String | ConvertTo-Json -Depth 10 -Compress) |
            Should -BeExactly '{"destination":{"datasetId":"what-if"},"schema":{"name":"_xdm.context.profile"},"filter":{"segments":[{"segmentId":"seg-1","status":["exited"]}],"segmentQualificationTime":{"startTime":"2019-05-01T10:00:00Z"}}}'
        Get-JobsCreated $Quiet | Should -Be 0
        Get-ExportJob -Session $QuietSession | Should -BeNullOrEmpty
    }

    It '-Confirm asks first, a refused prompt creates nothing, and -Confirm:$false creates without asking' {
        $saved = Set-TestEnvironment $Quiet
        try {
            $r = Invoke-Runner '-Command', 'Connect-Aep; New-ExportJob -DatasetId confirm-me -Confirm; "jobs after: $(@(Get-ExportJob).Count)"' -InputText "n`n"
        }
        finally { Restore-TestEnvironment $saved }
        $r.ExitCode | Should -Be 0 -Because $r.StdErr
        $r.StdOut | Should -BeLike "*Create an export job in sandbox 'prod'*"
        $r.StdOut | Should -BeLike '*confirm-me*'
        $r.StdOut | Should -BeLike '*jobs after: 0*'
        Get-JobsCreated $Quiet | Should -Be 0

        $yes = Invoke-Captured { New-ExportJob -Session $QuietSession -DatasetId confirm-me -Confirm:$false }
        $yes.Errors | Should -BeNullOrEmpty
        $yes.Output | Should -HaveCount 1
        $yes.Output[0].Dataset | Should -BeExactly 'confirm-me'
        Get-JobsCreated $Quiet | Should -Be 1
    }
}

Describe 'New-ExportJob refuses inconsistent input before anything is sent' {
    It '<Parameters> is refused with <ErrorId>' -ForEach @(
        @{ Parameters = "-DatasetId d -QualifiedAfter '2020-01-01T00:00:00Z' -QualifiedBefore '2020-01-01T00:00:00Z'"; ErrorId = 'InvalidTimeWindow'; Target = '01/01/2020 00:00:00 +00:00' }
        @{ Parameters = "-DatasetId d -QualifiedAfter '2021-01-01T00:00:00Z' -QualifiedBefore '2020-01-01T00:00:00Z'"; ErrorId = 'InvalidTimeWindow'; Target = '01/01/2020 00:00:00 +00:00' }
        @{ Parameters = "-DatasetId d -EventIngestedAfter '2020-02-01T00:00:00Z' -EventIngestedBefore '2020-01-01T00:00:00Z'"; ErrorId = 'InvalidTimeWindow'; Target = '01/01/2020 00:00:00 +00:00' }
        @{ Parameters = "-DatasetId d -SegmentId ''"; ErrorId = 'EmptySegmentId'; Target = '' }
        @{ Parameters = "-DatasetId d -SegmentId 'ok','  '"; ErrorId = 'EmptySegmentId'; Target = '  ' }
        @{ Parameters = '-DatasetId d -SegmentId s -SegmentStatus realized,gone'; ErrorId = 'InvalidSegmentStatus'; Target = 'gone' }
        @{ Parameters = "-DatasetId d -Segment @{ SegmentId = 's'; Status = 'left' }"; ErrorId = 'InvalidSegmentStatus'; Target = 'left' }
        @{ Parameters = "-DatasetId d -Segment @{ SegmentId = '' }"; ErrorId = 'EmptySegmentId'; Target = '' }
        @{ Parameters = "-DatasetId d -Segment @{ Segmnt = 's' }"; ErrorId = 'InvalidSegment'; Target = 'System.Collections.Hashtable' }
        @{ Parameters = '-DatasetId d -SegmentStatus exited'; ErrorId = 'SegmentOptionWithoutSegment'; Target = 'exited' }
        # A typo in a status is the typo, with or without a segment.
        @{ Parameters = '-DatasetId d -SegmentStatus realisedd'; ErrorId = 'InvalidSegmentStatus'; Target = 'realisedd' }
        @{ Parameters = '-DatasetId d -SegmentNamespace ups -SegmentStatus realized, realisedd'; ErrorId = 'InvalidSegmentStatus'; Target = 'realisedd' }
        @{ Parameters = '-DatasetId d -SegmentId s -SegmentStatus realisedd'; ErrorId = 'InvalidSegmentStatus'; Target = 'realisedd' }
        @{ Parameters = "-DatasetId d -Field 'a',''"; ErrorId = 'EmptyFieldName'; Target = '' }
        @{ Parameters = '-DatasetId d -MergePolicyVersion 2'; ErrorId = 'MergePolicyIdMissing'; Target = '2' }
        @{ Parameters = "-DatasetId d -QualifiedAfter '1969-12-31T23:59:59Z'"; ErrorId = 'TimeOutOfRange'; Target = '12/31/1969 23:59:59 +00:00' }
        @{ Parameters = "-DatasetId d -EventIngestedBefore '0001-01-01T00:00:00Z'"; ErrorId = 'TimeOutOfRange'; Target = '01/01/0001 00:00:00 +00:00' }
        @{ Parameters = "-Body '{`"destination`":'"; ErrorId = 'InvalidBodyJson'; Target = '{"destination":' }
        @{ Parameters = "-Body '[1, 2]'"; ErrorId = 'InvalidBodyType'; Target = '[1, 2]' }
        @{ Parameters = "-Body @{ schema = @{ name = 'x' } }"; ErrorId = 'MissingDatasetId'; Target = '' }
        @{ Parameters = "-Body '{`"destination`":{`"datasetId`":`"d`"},`"filter`":{`"fromIngestTimestamp`":`"yesterday`"}}'"; ErrorId = 'InvalidTime'; Target = 'yesterday' }
        @{ Parameters = "-Body '{`"destination`":{`"datasetId`":`"d`"},`"filter`":{`"fromIngestTimestamp`":`"10000-01-01T00:00:00Z`"}}'"; ErrorId = 'InvalidTime'; Target = '10000-01-01T00:00:00Z' }
        @{ Parameters = "-Body '{`"destination`":{`"datasetId`":`"d`"},`"filter`":{`"segments`":[{`"segmentId`":`"s`",`"status`":`"Realised`"}]}}'"; ErrorId = 'InvalidSegmentStatus'; Target = 'Realised' }
        @{ Parameters = "-Body '{`"destination`":{`"datasetId`":`"d`"},`"filter`":{`"segmentQualificationTime`":{`"startTime`":`"2020-01-02T00:00:00Z`",`"endTime`":`"2020-01-01T00:00:00Z`"}}}'"; ErrorId = 'InvalidTimeWindow'; Target = '2020-01-01T00:00:00Z' }
    ) {
        $createdBefore, $postsBefore = (Get-JobsCreated), (Get-CreateCount)
        $r = Invoke-Captured { . ([scriptblock]::Create("New-ExportJob $Parameters")) }
        $r.Output | Should -BeNullOrEmpty
        $r.Errors | Should -HaveCount 1
        $e = $r.Errors[0]
        $e.FullyQualifiedErrorId | Should -BeExactly "$ErrorId,AdobeExportJobs.Commands.NewExportJobCommand"
        $e.CategoryInfo.Category | Should -Be InvalidArgument
        [string]$e.TargetObject | Should -BeExactly $Target
        $e.Exception.Message | Should -Match 'valid'
        (Get-JobsCreated) - $createdBefore | Should -Be 0
        (Get-CreateCount) - $postsBefore | Should -Be 0
    }

    It 'a typo in -SegmentStatus is reported as the typo, naming the valid statuses, with or without a segment: <Parameters>' -ForEach @(
        @{ Parameters = '-DatasetId d -SegmentStatus realisedd' }
        @{ Parameters = '-DatasetId d -SegmentNamespace ups -SegmentStatus realisedd' }
        @{ Parameters = "-Body @{ destination = @{ datasetId = 'd' } } -SegmentStatus realisedd" }
    ) {
        $postsBefore = Get-CreateCount
        $r = Invoke-Captured { . ([scriptblock]::Create("New-ExportJob $Parameters")) }
        $e = Assert-SingleError $r 'InvalidSegmentStatus,AdobeExportJobs.Commands.NewExportJobCommand' InvalidArgument -TargetObject 'realisedd'
        "$e" | Should -BeExactly "-SegmentStatus: 'realisedd' is not a segment status. Valid: realized, existing, exited."
        (Get-CreateCount) - $postsBefore | Should -Be 0
    }

    It 'a time past 9999 cannot even be bound and nothing is sent' {
        $createdBefore, $postsBefore = (Get-JobsCreated), (Get-CreateCount)
        $r = Invoke-Captured { New-ExportJob -DatasetId d -IngestedAfter '10000-01-01T00:00:00Z' }
        $r.Output | Should -BeNullOrEmpty
        @($r.Errors | Get-ErrorId) | Where-Object { $_ -in 'ParameterArgumentTransformationError', 'CannotConvertArgumentNoMessage' } | Should -Not -BeNullOrEmpty
        (Get-JobsCreated) - $createdBefore | Should -Be 0
        (Get-CreateCount) - $postsBefore | Should -Be 0
    }
}

Describe 'New-ExportJob never creates a job twice' {
    BeforeAll {
        # Its own server: faults on every create, and counters that only these creates move.
        $script:Faulty = Start-TestEmulator -ArgumentList '--fault-retry-after', '0'
        $connection = Get-TestConnection $Faulty
        $script:FaultySession = New-AepSession @connection -MaxRetries 12
    }

    AfterAll { Stop-TestEmulator $Faulty }

    It 'when answers are lost after the create or throttled' {
        Set-EmulatorFault $Faulty @{ retryAfterSeconds = 0; dropAfterCreateShare = 1.0 }
        try {
            $lost = Invoke-Captured { 1..4 | ForEach-Object { New-ExportJob -Session $FaultySession -DatasetId "lost-answer-$_" } }
            $lost.Errors | Should -BeNullOrEmpty
            @($lost.Output.Id | Select-Object -Unique) | Should -HaveCount 4
            (Get-EmulatorStatistics $Faulty).FaultsInjected.dropAfterCreate | Should -Be 4

            Set-EmulatorFault $Faulty @{ retryAfterSeconds = 0; rateLimitShare = 0.4 }
            $throttled = Invoke-Captured { 1..6 | ForEach-Object { New-ExportJob -Session $FaultySession -DatasetId "throttled-$_" } }
            $throttled.Errors | Should -BeNullOrEmpty
            @($throttled.Output.Id | Select-Object -Unique) | Should -HaveCount 6
            (Get-EmulatorStatistics $Faulty).FaultsInjected.'429' | Should -BeGreaterThan 0 -Because 'the fault dice must have thrown a 429'
        }
        finally { Clear-EmulatorFault $Faulty }

        $statistics = Get-EmulatorStatistics $Faulty
        $statistics.JobsCreated | Should -Be 10
        $statistics.JobsCreatedByRequestId.psobject.Properties | Should -HaveCount 10
        $statistics.JobsCreatedByRequestId.psobject.Properties.Value | ForEach-Object { $_ | Should -Be 1 }
        [string[]]($lost.Output + $throttled.Output).Dataset | Sort-Object |
            Should -Be ([string[]]@((1..4 | ForEach-Object { "lost-answer-$_" }) + (1..6 | ForEach-Object { "throttled-$_" })) | Sort-Object)
    }
}

Describe 'New-ExportJob binding and completion' {
    It 'DatasetId binds from the pipeline by property name' {
        $r = Invoke-Captured { @([pscustomobject]@{ DatasetId = 'piped-1' }, [pscustomobject]@{ DatasetId = 'piped-2' }) | New-ExportJob -SegmentId s1 }
        $r.Errors | Should -BeNullOrEmpty
        [string[]]$r.Output.Dataset | Should -BeExactly @('piped-1', 'piped-2')
        $r.Output | ForEach-Object { [string[]]$_.Segments | Should -BeExactly @('s1') }
        # A job binds by its Dataset property: a new export into the same dataset.
        $again = Invoke-Captured { $r.Output[1] | New-ExportJob -SegmentId s2 }
        $again.Errors | Should -BeNullOrEmpty
        $again.Output.Dataset | Should -BeExactly 'piped-2'
        $again.Output.Id | Should -Not -Be $r.Output[1].Id
    }

    It '-SegmentStatus completes <Typed> to <Expected>' -ForEach @(
        @{ Typed = 'New-ExportJob -SegmentStatus '; Expected = 'realized,existing,exited' }
        @{ Typed = 'New-ExportJob -SegmentStatus ex'; Expected = 'existing,exited' }
    ) {
        (TabExpansion2 -inputScript $Typed -cursorColumn $Typed.Length).CompletionMatches.CompletionText -join ',' | Should -BeExactly $Expected
    }
}

Describe 'Ctrl+C during New-ExportJob' {
    BeforeAll {
        $script:Slow = Start-TestEmulator
    }

    AfterAll { Stop-TestEmulator $Slow }

    It 'warns that the job may exist, with the request id and how to find it' {
        $state = [Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
        $state.ImportPSModule([string[]]@(Get-BuiltModuleManifest))
        $runspace = [runspacefactory]::CreateRunspace($state)
        $runspace.Open()
        $ps = [powershell]::Create()
        try {
            $ps.Runspace = $runspace
            $runspace.SessionStateProxy.SetVariable('C', (Get-TestConnection $Slow))
            # Connected and holding a token first, so the only request left is the create, which the emulator holds.
            $null = $ps.AddScript('Connect-Aep @C; $null = Get-ExportJob -Limit 1').Invoke()
            $ps.Commands.Clear()
            Set-EmulatorFault $Slow @{ slowShare = 1; slowDelay = '00:00:30' }
            $postsBefore = Get-CreateCount $Slow
            $null = $ps.AddScript('New-ExportJob -DatasetId stopped-create')
            $handle = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ((Get-CreateCount $Slow) -eq $postsBefore -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            (Get-CreateCount $Slow) - $postsBefore | Should -Be 1 -Because 'the create must be on its way when it is stopped'
            $handle.IsCompleted | Should -BeFalse -Because 'the emulator holds the create for 30 s'
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Stop()
            $warnings = @($ps.Streams.Warning)
        }
        finally {
            Clear-EmulatorFault $Slow
            $ps.Dispose()
            $runspace.Dispose()
        }
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        $warnings | Should -HaveCount 1
        $text = $warnings[0].Message
        $text | Should -BeLike '*stopped*the export job may exist*'
        $text -match 'request id is (?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})' | Should -BeTrue -Because $text
        $requestId = $Matches.id
        $text | Should -BeLike "*Get-ExportJob -First * | Where-Object RequestId -eq '$requestId'*"

        # The command the warning gives runs as written and finds a job by its create's request id: tried on the
        # stopped create (which the emulator dropped with its connection) and on one that went through.
        $recipe = ($text -split 'look for it with: ')[1]
        $connection = Get-TestConnection $Slow
        $session = New-AepSession @connection
        $recipe = $recipe.Replace('Get-ExportJob', 'Get-ExportJob -Session $session')
        $run = Invoke-Captured { . ([scriptblock]::Create($recipe)) }
        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -BeNullOrEmpty
        $made = New-ExportJob -Session $session -DatasetId went-through
        $made.RequestId | Should -Not -BeNullOrEmpty
        $found = @(. ([scriptblock]::Create($recipe.Replace($requestId, $made.RequestId))))
        $found | Should -HaveCount 1
        $found[0].Id | Should -Be $made.Id
    }
}
