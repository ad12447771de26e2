#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The module's views as users see them: real PowerShell's Format-Table, Format-List and Out-String at the widths of
# real consoles, over jobs of an emulator process and over Adobe's seed documents kept as fixtures in the repository.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    $script:SeedSegment = '52c26d0d-45f2-47a2-ab30-ed06abc981ff'

    function New-SegmentJob($Emulator, [string] $DatasetId, [object[]] $Segments) {
        Invoke-EmulatorApi -Emulator $Emulator -Method Post -Body @{
            fields      = 'identities.id,personalEmail.address'
            destination = @{ datasetId = $DatasetId }
            schema      = @{ name = '_xdm.context.profile' }
            filter      = @{ segments = $Segments }
        }
    }

    function Get-IsoTime([long] $UnixMilliseconds) {
        <# How the objects write a time: ISO 8601 in UTC with milliseconds. #>
        [DateTimeOffset]::FromUnixTimeMilliseconds($UnixMilliseconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", [cultureinfo]::InvariantCulture)
    }

    function Get-RenderedLines([int] $Width, [scriptblock] $Script) {
        <# What a console of $Width columns shows: the lines that hold text, trailing spaces trimmed; none may be wider. #>
        $text = & $Script | Out-String -Width $Width
        $lines = @($text -split '\r?\n' | ForEach-Object { $_.TrimEnd() } | Where-Object { $_.Trim().Length -gt 0 })
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual $Width -Because "'$line' must fit $Width columns" }
        $lines
    }

    function Get-Row([string[]] $Lines, [long] $Id) {
        $rows = @($Lines | Where-Object { $_ -match "^\s*$Id\s" })
        $rows | Should -HaveCount 1
        $rows[0]
    }

    function Get-ListItems([string[]] $Lines) {
        <# A list view's "Label : value" lines; a value the view wrapped would not match its expected text. #>
        $items = @{}
        foreach ($line in $Lines | Where-Object { $_.Contains(' : ') -or $_.TrimEnd().EndsWith(' :') }) {
            $label, $value = $line -split ' :', 2
            $items[$label.Trim()] = $value.Trim()
        }
        $items
    }

    function Get-SeedFixture([string] $Filter) {
        @(Get-ChildItem (Get-RepoPath 'tests/AdobeExportJobs.Tests/Fixtures/Seeds') -Filter $Filter | Sort-Object Name -CaseSensitive)
    }
}

AfterAll {
    Disconnect-Aep -ErrorAction SilentlyContinue
}

Describe 'Get-ExportJob output in the default view' {
    BeforeAll {
        $script:Emulator = Start-TestEmulator
        $created = @(New-EmulatorJob -Emulator $Emulator -Count 3)
        # A second segment the view must list after the first; the emulator exports no profile of an unknown one.
        $script:OtherSegment = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0'
        $created += New-SegmentJob $Emulator 'table-dataset' @(@{ segmentId = $SeedSegment; segmentNs = 'ups' }, @{ segmentId = $OtherSegment })
        $script:NewestFirst = [long[]]@($created.id | Sort-Object -Descending)
        $script:TableJobId = [long]$created[-1].id
        Wait-EmulatorJobFinal -Emulator $Emulator -Id $NewestFirst
        Connect-TestEmulator -Emulator $Emulator
    }

    AfterAll {
        Disconnect-Aep
        Stop-TestEmulator $Emulator
    }

    It 'lists the jobs of the emulator as export jobs, logging the requests' {
        $r = Invoke-Captured { Get-ExportJob -Verbose }
        $r.Errors | Should -BeNullOrEmpty
        [long[]]$r.Output.Id | Should -Be $NewestFirst
        $r.Output[0].pstypenames[0] | Should -BeExactly 'AdobeExportJobs.ExportJob'
        $r.Verbose.Message | Where-Object { $_.StartsWith('GET http://127.0.0.1') } | Should -Not -BeNullOrEmpty
        Get-ExportJob | Out-String | Should -BeLike '*Profiles*'
    }

    It 'renders jobs in the table view with every column' {
        $finished = Get-EmulatorJob -Emulator $Emulator -Id $TableJobId
        $finished.metrics.totalExportedProfileCounter | Should -BeGreaterThan 0
        $lines = Get-RenderedLines 160 { Get-ExportJob }
        $lines[0] | Should -Match '^\s*Id\s+Status\s+Created\s+Profiles\s+Dataset\s*$'
        $row = Get-Row $lines $TableJobId
        $row | Should -Match ('^\s*{0} SUCCEEDED\s+{1}\s+{2} table-dataset$' -f $TableJobId, [regex]::Escape((Get-IsoTime $finished.creationTime)), $finished.metrics.totalExportedProfileCounter)
        # What the table leaves out, the list shows: the duration and both segments.
        $items = Get-ListItems (Get-RenderedLines 160 { Get-ExportJob -Id $TableJobId | Format-List })
        $items['Duration'] | Should -Match '^\d\d:\d\d:\d\d\.\d{3}$'
        $items['Segments'] | Should -BeExactly "$SeedSegment, $OtherSegment"
    }
}

Describe 'The views over the seed documents' {
    BeforeAll {
        $formatFile = Join-Path (Split-Path (Get-BuiltModuleManifest)) 'AdobeExportJobs.Format.ps1xml'
        $script:JobViews = @(([xml](Get-Content -Raw $formatFile)).Configuration.ViewDefinitions.View |
            Where-Object { $_.ViewSelectedBy.TypeName -eq 'AdobeExportJobs.ExportJob' })
        $seedPage = Get-SeedFixture '002_*.page.json'
        $seedPage | Should -HaveCount 1
        $aepJson = Get-ModuleType AdobeExportJobs.Model.AepJson
        $script:SeedRecords = $aepJson::ParsePage((Get-Content -Raw $seedPage[0].FullName)).Records
        $script:WithBatches = $aepJson::ParseJob((Get-Content -Raw (Get-SeedFixture '000_*.job.json')[0].FullName))
        # The job the cmdlets would write for a record read from text (its constructor is internal).
        function script:New-SeedJob($Record) { [AdobeExportJobs.ExportJob].GetConstructors([Reflection.BindingFlags]'NonPublic, Instance')[0].Invoke(@(, $Record)) }
    }

    It 'the job views render the seed jobs of Adobe: a FAILED one with errors, one with batches, one with namespace counters' {
        @($JobViews | ForEach-Object { @($_.ChildNodes | Where-Object NodeType -EQ Element)[-1].LocalName }) | Should -Be @('TableControl', 'ListControl')
        $failed = Get-ListItems (Get-RenderedLines 300 { New-SeedJob $SeedRecords[1] | Format-List })
        $batches = Get-ListItems (Get-RenderedLines 300 { New-SeedJob $WithBatches | Format-List })
        $counted = Get-ListItems (Get-RenderedLines 300 { New-SeedJob $SeedRecords[0] | Format-List })

        $failed['Id'], $batches['Id'] | Should -Be '722', '100'
        $failed['Status'], $batches['Status'] | Should -Be 'FAILED', 'SUCCEEDED'
        $failed['Created'] | Should -BeExactly '2018-10-03T13:30:16.687Z'
        $failed['Updated'] | Should -BeExactly '2018-10-03T13:38:42.551Z'
        $failed['Duration'], $batches['Duration'] | Should -Be '00:08:25.864', '00:00:10.000'
        $failed['Segments'] | Should -BeExactly '52c26d0d-45f2-47a2-ab30-ed06abc981ff'
        $failed['Batches'], $batches['Batches'] | Should -Be 'IWEQ6920712f9475762D', 'da5cfb4de32c4b93a09f7e37fa53ad52'
        $failed['Errors'] | Should -BeExactly "0090000009: Error writing profiles to output path 'adl://va7devprofilesnapshot.azuredatalakestore.net/snapshot/722'; unknown: Job aborted."
        $batches['Errors'] | Should -BeExactly '0100000003: Error in Export Job'
        $failed['MergePolicy'], $batches['MergePolicy'] | Should -Be '7972e3d6-96ea-4ece-9627-cbfd62709c5d (v1)', 'timestampOrdered-none-mp (v1)'
        $batches['Fields'] | Should -BeExactly 'identities.id, personalEmail.address'
        $failed['ByNamespace'], $batches['ByNamespace'], $failed['Profiles'] | Should -Be '', '', ''
        $counted['ByNamespace'] | Should -BeExactly 'namespace1=10, namespace2=5'
        $counted['Profiles'] | Should -BeExactly '20'
        $failed['Org'] | Should -BeExactly '1BD6382559DF0C130A49422D@AdobeOrg'
        $failed['RequestId'] | Should -BeExactly 'KbOAsV7HXmdg262lc4yZZhoml27UWXPZ'
    }

    It 'the manifest exports exactly the cmdlets and loads the views' {
        (Get-Command -Module AdobeExportJobs).Name | Sort-Object -CaseSensitive |
            Should -Be @('Connect-Aep', 'Disconnect-Aep', 'Get-AepSession', 'Get-ExportJob', 'Get-ExportJobFile', 'New-AepSession', 'New-ExportJob', 'Remove-ExportJob', 'Save-ExportJobFile', 'Wait-ExportJob')
        $module = Get-Module AdobeExportJobs
        $module.ExportedCmdlets.Count | Should -Be 10
        $module.ExportedFunctions.Count | Should -Be 0
        (Get-FormatData -TypeName AdobeExportJobs.ExportJob).FormatViewDefinition.Name | Should -Be @('AdobeExportJobs.ExportJob.Table', 'AdobeExportJobs.ExportJob.List')
        (Get-FormatData -TypeName AdobeExportJobs.AepSession).FormatViewDefinition.Name | Should -Be @('AdobeExportJobs.AepSession.List', 'AdobeExportJobs.AepSession.Table')
        (Get-FormatData -TypeName AdobeExportJobs.ExportJobFile).FormatViewDefinition.Name | Should -Be @('AdobeExportJobs.ExportJobFile.Table', 'AdobeExportJobs.ExportJobFile.List')
    }
}

Describe 'The views at 80 and 120 columns, with values as long as real ones' {
    # A 24-character dataset id, a 33-character org id, a 32-character client id: nothing the view promises at a
    # width may be cut off.
    BeforeAll {
        $script:Dataset = '5b020a27e7040801dedbf46e'
        $script:RealLengthClientId = '0123456789abcdef0123456789abcdef'
        $script:WideEmulator = Start-TestEmulator -ArgumentList '--client-id', $RealLengthClientId
        $WideEmulator.ClientId = $RealLengthClientId
        $created = New-SegmentJob $WideEmulator $Dataset @(@{ segmentId = $SeedSegment; segmentNs = 'ups' })
        Wait-EmulatorJobFinal -Emulator $WideEmulator -Id $created.id
        $script:Job = Get-EmulatorJob -Emulator $WideEmulator -Id $created.id
        $Job.metrics.totalExportedProfileCounter | Should -BeGreaterThan 0
        $script:Connection = Get-TestConnection -Emulator $WideEmulator
        $script:DevConnection = Get-TestConnection -Emulator $WideEmulator -Sandbox dev
    }

    BeforeEach { Connect-Aep @Connection }

    AfterAll {
        Disconnect-Aep
        Stop-TestEmulator $WideEmulator
    }

    It 'the job table at 80 columns shows every column in full' {
        $lines = Get-RenderedLines 80 { Get-ExportJob }
        $lines[0] | Should -Match '^\s*Id\s+Status\s+Created\s+Profiles\s+Dataset$'
        $row = Get-Row $lines $Job.id
        $row | Should -BeLike '*SUCCEEDED*'
        $row | Should -BeLike ('* ' + (Get-IsoTime $Job.creationTime) + ' *')
        $row | Should -BeLike "* $($Job.metrics.totalExportedProfileCounter) *"
        $row | Should -BeLike "* $Dataset"
        $row | Should -Not -BeLike '*…*'
    }

    It 'the Dataset column grows with the window: a <Length>-character dataset in full at <Width> columns' -ForEach @(
        @{ Width = 120; Length = 60 }
        @{ Width = 200; Length = 128 }
    ) {
        $long = ('long-dataset-' + ('x' * $Length)).Substring(0, $Length)
        $created = New-SegmentJob $WideEmulator $long @(@{ segmentId = $SeedSegment })
        $lines = Get-RenderedLines $Width { Get-ExportJob -Id $created.id }
        (Get-Row $lines $created.id) | Should -BeLike "* $long"
        # At 80 columns the table has 26 for it, and pwsh cuts what is longer.
        (Get-Row (Get-RenderedLines 80 { Get-ExportJob -Id $created.id }) $created.id) | Should -BeLike '*…'
    }

    It 'a job list at <Width> columns shows each value in full with aligned labels' -ForEach @(
        @{ Width = 80 }
        @{ Width = 120 }
    ) {
        $lines = Get-RenderedLines $Width { Get-ExportJob -Id $Job.id | Format-List }
        $items = Get-ListItems $lines
        $items['Id'] | Should -BeExactly "$($Job.id)"
        $items['Status'] | Should -BeExactly 'SUCCEEDED'
        $items['Dataset'] | Should -BeExactly $Dataset
        $items['Segments'] | Should -BeExactly $SeedSegment
        $items['Profiles'] | Should -BeExactly "$($Job.metrics.totalExportedProfileCounter)"
        $items['Created'] | Should -BeExactly (Get-IsoTime $Job.creationTime)
        @($lines | Where-Object { $_.Contains(' : ') } | ForEach-Object { $_.IndexOf(' : ') } | Sort-Object -Unique) | Should -HaveCount 1
    }

    It 'one session at <Width> columns shows as a list with org, client and endpoint in full' -ForEach @(
        @{ Width = 80 }
        @{ Width = 120 }
    ) {
        $lines = Get-RenderedLines $Width { Get-AepSession }
        $items = Get-ListItems $lines
        $items['Sandbox'] | Should -BeExactly 'prod'
        $items['OrgId'] | Should -BeExactly $WideEmulator.OrgId
        $items['ClientId'] | Should -BeExactly $RealLengthClientId
        $items['Endpoint'] | Should -BeExactly "$($WideEmulator.BaseUrl)/"
        $items['AuthMethod'] | Should -BeExactly 'ClientCredentials'
        $items['IsConnected'] | Should -BeExactly 'True'
        $lines | Where-Object { $_.Contains($WideEmulator.ClientSecret) } | Should -BeNullOrEmpty
    }

    It 'several sessions in a table at 80 columns show number, sandbox, org and endpoint in full' {
        $lines = Get-RenderedLines 80 { Connect-Aep @Connection -PassThru | Format-Table; New-AepSession @DevConnection | Format-Table }
        $lines[0] | Should -Match '^\s*Number\s+Sandbox\s+OrgId\s+Endpoint$'
        $rows = @($lines | Where-Object { $_.Contains($WideEmulator.OrgId) })
        $rows | Should -HaveCount 2
        foreach ($row in $rows) { $row | Should -BeLike "*$($WideEmulator.OrgId) $($WideEmulator.BaseUrl)/" }
        $rows[0] | Should -Match '^\s*\d+ prod\s'
        $rows[1] | Should -Match '^\s*\d+ dev\s'
    }

    It 'several sessions in a table at 120 columns add whether each is connected and how it authenticates; the client id in full at 150' {
        $connected = Connect-Aep @Connection -PassThru
        $gone = New-AepSession @DevConnection
        $gone.Disconnect()
        $lines = Get-RenderedLines 120 { $connected, $gone | Format-Table }
        $lines[0] | Should -Match '^\s*Number\s+Sandbox\s+OrgId\s+Endpoint\s+IsConnected\s+AuthMethod\s+ClientId$'
        (Get-Row $lines $connected.Number) | Should -Match '^\s*\d+ prod\s.*/\s+True\s+ClientCredentials\s'
        (Get-Row $lines $gone.Number) | Should -Match '^\s*\d+ dev\s.*/\s+False\s+ClientCredentials\s'
        $wide = Get-RenderedLines 150 { $connected, $gone | Format-Table }
        foreach ($session in $connected, $gone) { (Get-Row $wide $session.Number) | Should -BeLike "* ClientCredentials $RealLengthClientId" }
    }
}
