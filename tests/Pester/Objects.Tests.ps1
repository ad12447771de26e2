#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The objects users hold, as PowerShell's own commands see them: every label of every view is a property with the
# value the view shows (Select-Object, Sort-Object, Group-Object, Where-Object, Format-List), and Export-Csv and
# ConvertTo-Json write them readably, with no .NET type names, no exploded TimeSpans and no raw JSON. Real pwsh, the
# built module, an emulator process on loopback.

BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    # The views as the built module ships them, so a label added later is tested without touching this file.
    $formatFile = Join-Path (Split-Path (Get-BuiltModuleManifest)) 'AdobeExportJobs.Format.ps1xml'
    $Views = @(foreach ($view in ([xml](Get-Content -Raw $formatFile)).Configuration.ViewDefinitions.View) {
        $table = $view.SelectSingleNode('TableControl')
        $columns = if ($table) {
            $headers = @($table.SelectNodes('TableHeaders/TableColumnHeader'))
            $items = @($table.SelectNodes('TableRowEntries/TableRowEntry/TableColumnItems/TableColumnItem'))
            for ($i = 0; $i -lt $items.Count; $i++) {
                $label = $headers[$i].SelectSingleNode('Label').InnerText
                if (-not $label) { $label = $items[$i].SelectSingleNode('PropertyName').InnerText }
                $width = $headers[$i].SelectSingleNode('Width').InnerText
                @{ Label = $label; Width = if ($width) { [int]$width } else { 0 } }
            }
        }
        else {
            foreach ($item in $view.SelectNodes('ListControl/ListEntries/ListEntry/ListItems/ListItem')) {
                $label = $item.SelectSingleNode('Label').InnerText
                if (-not $label) { $label = $item.SelectSingleNode('PropertyName').InnerText }
                @{ Label = $label; Width = 0 }
            }
        }
        @{
            View     = $view.Name
            TypeName = $view.ViewSelectedBy.TypeName
            Kind     = if ($table) { 'Table' } else { 'List' }
            Columns  = @($columns)
        }
    })
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    $script:Emulator = Start-TestEmulator
    Connect-TestEmulator -Emulator $Emulator
    $script:SeedSegment = '52c26d0d-45f2-47a2-ab30-ed06abc981ff'
    $script:OtherSegment = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0'

    # A SUCCEEDED job with a value in every column (two segments, one batch each, fields, metrics, merge policy), a
    # FAILED one with errors, and a plain one, so CSV has several rows.
    # (Not $rich, $failed...: PowerShell names ignore case, and a BeforeAll variable would hide the script's $Rich.)
    $ids = @(
        (New-ExportJob -DatasetId 5b020a27e7040801dedbf46e -Field identities.id, personalEmail.address -SegmentPerBatch `
            -Segment @{ SegmentId = $SeedSegment; SegmentNamespace = 'ups' }, @{ SegmentId = $OtherSegment; SegmentNamespace = 'ups' }).Id
        (New-ExportJob -DatasetId objects-fail-ds).Id
        (New-ExportJob -DatasetId 5b020a27e7040801dedbf46f).Id
    )
    Wait-EmulatorJobFinal -Emulator $Emulator -Id $ids
    $script:Rich, $script:Failed, $script:Plain = Get-ExportJob -Id $ids
    $script:ServedById = @{}
    foreach ($job in $Rich, $Failed, $Plain) { $ServedById[$job.Id] = Get-EmulatorJob -Emulator $Emulator -Id $job.Id }
    $script:Files = @(Get-ExportJobFile -Id $Rich.Id)
    # A second session, never used: no token yet, so TokenExpiresOn is empty where the default session's is not.
    $script:DevConnection = Get-TestConnection -Emulator $Emulator -Sandbox dev
    $script:Sessions = @((Get-AepSession), (New-AepSession @DevConnection))

    $script:ObjectsOf = @{
        'AdobeExportJobs.ExportJob'     = @($Rich, $Failed)
        'AdobeExportJobs.ExportJobFile' = $Files
        'AdobeExportJobs.AepSession'    = $Sessions
    }
    $script:IsoTime = '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$'

    function Get-ShownText($Value) {
        <# A value as a view cell or Export-Csv shows it: its ToString() (a list's joins its items), nothing for null. #>
        if ($null -eq $Value) { '' } else { $Value.ToString() }
    }

    function Get-Cells([string] $Row, $Starts, $Columns) {
        <# A table row's cells, each read at its column's place; the last column takes the rest of the line. #>
        for ($i = 0; $i -lt $Columns.Count; $i++) {
            $cell = if ($Starts[$i] -ge $Row.Length) { '' }
                    elseif ($i -eq $Columns.Count - 1) { $Row.Substring($Starts[$i]) }
                    else { $Row.Substring($Starts[$i], [Math]::Min($Columns[$i].Width, $Row.Length - $Starts[$i])) }
            $cell.Trim()
        }
    }

    function Get-IsoTime([long] $UnixMilliseconds) {
        [DateTimeOffset]::FromUnixTimeMilliseconds($UnixMilliseconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", [cultureinfo]::InvariantCulture)
    }

    function Get-ListLabels($TypeName) {
        $view = (Get-FormatData -TypeName $TypeName).FormatViewDefinition | Where-Object { $_.Control -is [Management.Automation.ListControl] }
        @($view.Control.Entries[0].Items | ForEach-Object { if ($_.Label) { $_.Label } else { $_.DisplayEntry.Value } })
    }

    function Get-AllKeys($Node) {
        <# Every key of a parsed JSON document (hashtables from ConvertFrom-Json -AsHashtable), at any depth. #>
        if ($Node -is [Collections.IDictionary]) { foreach ($key in $Node.Keys) { $key; Get-AllKeys $Node[$key] } }
        elseif ($Node -is [Collections.IList]) { foreach ($item in $Node) { Get-AllKeys $item } }
    }

    function Assert-CleanCsv([string[]] $Csv, [string[]] $Header) {
        <# One header row naming each property once, and no cell holding a .NET type name or JSON. #>
        @($Csv | Where-Object { $_ -ceq $Csv[0] }) | Should -HaveCount 1 -Because 'the header row comes once'
        $rows = @($Csv | ConvertFrom-Csv)
        $names = @($rows[0].PSObject.Properties.Name)
        $names | Should -Be $Header
        @($names | Sort-Object -Unique) | Should -HaveCount $names.Count -Because 'no column may repeat another'
        foreach ($row in $rows) {
            foreach ($cell in $row.PSObject.Properties) {
                $cell.Value | Should -Not -BeLike '*System.*' -Because "$($cell.Name) must hold a value, not a .NET type name"
                $cell.Value | Should -Not -BeLike '*AdobeExportJobs.*' -Because "$($cell.Name) must hold a value, not a .NET type name"
                $cell.Value | Should -Not -Match '[{}]' -Because "$($cell.Name) must hold a value, not JSON"
            }
        }
        $rows
    }
}

AfterAll {
    Disconnect-Aep -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

Describe 'One type name' {
    It '[AdobeExportJobs.ExportJob] resolves, and it is what the cmdlets write, Get-Member shows and the views select' {
        [AdobeExportJobs.ExportJob].FullName | Should -BeExactly 'AdobeExportJobs.ExportJob'
        # New-ExportJob in another sandbox, so the jobs of prod the other tests count stay as they are.
        foreach ($job in $Rich, (New-ExportJob -Session (New-AepSession @DevConnection) -DatasetId one-name), ($Plain | Wait-ExportJob)) {
            $job | Should -BeOfType ([AdobeExportJobs.ExportJob])
            @(($job | Get-Member).TypeName | Sort-Object -Unique) | Should -Be @('AdobeExportJobs.ExportJob')
            $job.pstypenames[0] | Should -BeExactly 'AdobeExportJobs.ExportJob'
        }
        @(($Files | Get-Member).TypeName | Sort-Object -Unique) | Should -Be @('AdobeExportJobs.ExportJobFile')
        $Files[0] | Should -BeOfType ([AdobeExportJobs.ExportJobFile])
        @(($Sessions | Get-Member).TypeName | Sort-Object -Unique) | Should -Be @('AdobeExportJobs.AepSession')
    }

    It 'every view selects a public type of the module by its .NET name' -ForEach $Views {
        $type = [AdobeExportJobs.AepSession].Assembly.GetType($TypeName)
        $type | Should -Not -BeNullOrEmpty -Because "view $View selects $TypeName"
        $type.IsPublic | Should -BeTrue
        $ObjectsOf.ContainsKey($TypeName) | Should -BeTrue -Because "this file needs objects of $TypeName to check view $View"
    }
}

Describe 'Every label of every view is a property with the value the view shows' {
    It '<View>: each label is a property of every object' -ForEach $Views {
        foreach ($object in $ObjectsOf[$TypeName]) {
            foreach ($label in $Columns.Label) {
                $object.PSObject.Properties.Name -ccontains $label | Should -BeTrue -Because "view $View shows $label"
                @(($object | Select-Object $label).PSObject.Properties.Name) | Should -Be @($label)
            }
        }
        # The objects chosen have a value in every column, so each comparison below compares something.
        foreach ($label in $Columns.Label) {
            @($ObjectsOf[$TypeName] | Where-Object { (Get-ShownText $_.$label) -ne '' }) | Should -Not -BeNullOrEmpty -Because "some object must show a $label"
        }
    }

    It '<View>: Select-Object of each label yields what the view shows' -ForEach $Views {
        $objects = $ObjectsOf[$TypeName]
        if ($Kind -eq 'List') {
            foreach ($object in $objects) {
                $lines = @(($object | Format-List -View $View | Out-String -Width 300) -split '\r?\n' | Where-Object { $_ -match '^\S.* : |^\S.* :$' })
                $shown = [ordered]@{}
                foreach ($line in $lines) { $label, $value = $line -split ' : ?', 2; $shown[$label.Trim()] = "$value".Trim() }
                @($shown.Keys) | Should -Be @($Columns.Label)
                foreach ($label in $Columns.Label) {
                    $shown[$label] | Should -BeExactly (Get-ShownText ($object | Select-Object $label).$label).Trim() -Because "$View shows $label"
                }
            }
            return
        }

        # A table: each cell read at its column's place (the fixed widths of the view, the last column takes the rest).
        $lines = @(($objects | Format-Table -View $View | Out-String -Width 300) -split '\r?\n')
        $headers = @($lines | Where-Object { $_ -match ('^\s*' + ($Columns.Label -join '\s+') + '\s*$') })
        $headers | Should -Not -BeNullOrEmpty -Because 'the header names every column, in order'
        $starts = [Collections.Generic.List[int]]::new()
        $at = 0
        foreach ($column in $Columns) { $starts.Add($at); $at += $column.Width + 1 }
        $keyLabel = $Columns[0].Label
        foreach ($object in $objects) {
            $key = Get-ShownText $object.$keyLabel
            $expected = @(foreach ($label in $Columns.Label) { Get-ShownText ($object | Select-Object $label).$label })
            $candidates = @($lines | Where-Object { $_.Substring(0, [Math]::Min($_.Length, $Columns[0].Width + 1)).Trim() -ceq $key })
            $candidates | Should -Not -BeNullOrEmpty -Because "a row shows $keyLabel $key"
            # Rows may share the key (files of one file set): the object's row is the one whose every cell is its value.
            $row = @($candidates | Where-Object { (Get-Cells $_ $starts $Columns) -join "`n" -ceq ($expected -join "`n") })[0]
            if (-not $row) { $row = $candidates[0] }
            $cells = Get-Cells $row $starts $Columns
            for ($i = 0; $i -lt $Columns.Count; $i++) {
                $cells[$i] | Should -BeExactly $expected[$i] -Because "$View shows $($Columns[$i].Label) in its column"
            }
        }
    }
}

Describe 'Pipelines use the names users see' {
    It 'a job has exactly the properties its list view shows, in that order' {
        $Rich.PSObject.Properties.Name | Should -BeExactly (Get-ListLabels AdobeExportJobs.ExportJob)
        $Files[0].PSObject.Properties.Name | Should -BeExactly (Get-ListLabels AdobeExportJobs.ExportJobFile)
    }

    It 'Sort-Object Created sorts in time order, and [datetime]/[timespan] read Created and Duration back' {
        $sorted = @(Get-ExportJob | Sort-Object Created)
        $sorted | Should -HaveCount @(Get-EmulatorJob -Emulator $Emulator).Count
        $times = @($sorted | ForEach-Object { ([DateTimeOffset]$_.Created).ToUnixTimeMilliseconds() })
        for ($i = 1; $i -lt $times.Count; $i++) { $times[$i] | Should -BeGreaterOrEqual $times[$i - 1] }
        @(Get-ExportJob | Sort-Object Created -Descending)[0].Created | Should -BeExactly $sorted[-1].Created
        foreach ($job in $Rich, $Failed) {
            $served = $ServedById[$job.Id]
            $job.Created | Should -BeExactly (Get-IsoTime $served.creationTime)
            $job.Updated | Should -BeExactly (Get-IsoTime $served.updateTime)
            ([DateTimeOffset][datetime]$job.Created).ToUnixTimeMilliseconds() | Should -Be $served.creationTime
        }
        ([timespan]$Rich.Duration).TotalMilliseconds | Should -Be $ServedById[$Rich.Id].metrics.totalTime.totalTimeInMs
        $Rich.Duration | Should -Match '^\d\d:\d\d:\d\d\.\d{3}$'
    }

    It 'Group-Object Status and Where-Object Profiles -gt 0 work on what the table shows' {
        $groups = @(Get-ExportJob | Group-Object Status | Sort-Object Name)
        $groups.Name | Should -Be @('FAILED', 'SUCCEEDED')
        ($groups | Where-Object Name -EQ FAILED).Count | Should -Be 1
        $withProfiles = [long[]]@(Get-ExportJob | Where-Object Profiles -gt 0 | ForEach-Object Id | Sort-Object)
        $withProfiles | Should -Be ([long[]]@($ServedById.Values | Where-Object { $_.metrics.totalExportedProfileCounter -gt 0 } | ForEach-Object id | Sort-Object))
        $withProfiles | Should -Contain $Rich.Id
        $Rich.Segments -contains $SeedSegment | Should -BeTrue
        $Rich.Fields -contains 'personalEmail.address' | Should -BeTrue
    }

    It 'Format-List * shows the same names, and nothing the server sent raw' {
        $text = $Rich | Format-List * | Out-String -Width 300
        $labels = @($text -split '\r?\n' | Where-Object { $_ -match '^\S.* : |^\S.* :$' } | ForEach-Object { ($_ -split ' :', 2)[0].Trim() })
        $labels | Should -BeExactly (Get-ListLabels AdobeExportJobs.ExportJob)
        $text | Should -Not -BeLike '*"destination"*'
    }
}

Describe 'Clean conversions' {
    It 'ConvertTo-Csv of several jobs: one header, a column per property, scalar cells, ISO times, lists joined' {
        $rows = Assert-CleanCsv @(Get-ExportJob | ConvertTo-Csv) (Get-ListLabels AdobeExportJobs.ExportJob)
        $rows | Should -HaveCount 3
        foreach ($row in $rows) {
            $row.Created | Should -Match $IsoTime
            $row.Updated | Should -Match $IsoTime
            $row.Duration | Should -Match '^\d\d:\d\d:\d\d\.\d{3}$'
        }
        $richRow = $rows | Where-Object Id -EQ $Rich.Id
        $served = $ServedById[$Rich.Id]
        @($served.destination.batches) | Should -HaveCount 2
        $richRow.Batches | Should -BeExactly ($served.destination.batches.batchId -join ', ')
        $richRow.Segments | Should -BeExactly "$SeedSegment, $OtherSegment"
        $richRow.Fields | Should -BeExactly 'identities.id, personalEmail.address'
        $counts = $served.metrics.exportedProfileByNamespaceCounter
        $richRow.ByNamespace | Should -BeExactly (($counts.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ', ')
        $richRow.MergePolicy | Should -BeExactly "$($served.mergePolicy.id) (v$($served.mergePolicy.version))"
        $richRow.Profiles | Should -BeExactly "$($served.metrics.totalExportedProfileCounter)"
        $failedRow = $rows | Where-Object Id -EQ $Failed.Id
        $failedRow.Errors | Should -BeExactly (($ServedById[$Failed.Id].errors | ForEach-Object { "$($_.code): $($_.msg)" }) -join '; ')
    }

    It 'Export-Csv then Import-Csv gives back what the job showed' {
        $path = Join-Path $TestDrive 'jobs.csv'
        $Rich, $Failed | Export-Csv -Path $path
        $back = @(Import-Csv -Path $path)
        $back | Should -HaveCount 2
        foreach ($label in Get-ListLabels AdobeExportJobs.ExportJob) {
            $back[0].$label | Should -BeExactly (Get-ShownText $Rich.$label)
            $back[1].$label | Should -BeExactly (Get-ShownText $Failed.$label)
        }
    }

    It 'ConvertTo-Csv of files and of sessions is as clean' {
        $fileRows = Assert-CleanCsv @($Files | ConvertTo-Csv) (Get-ListLabels AdobeExportJobs.ExportJobFile)
        $fileRows | Should -HaveCount $Files.Count
        @($fileRows | Where-Object SegmentId -EQ $SeedSegment).SegmentNs | Sort-Object -Unique | Should -Be 'ups'
        $sessionProperties = @($Sessions[0].PSObject.Properties.Name)
        $sessionRows = Assert-CleanCsv @($Sessions | ConvertTo-Csv) $sessionProperties
        $sessionRows[0].CreatedOn | Should -Match $IsoTime
        $sessionRows[0].TokenExpiresOn | Should -Match $IsoTime
        $sessionRows[0].Scopes | Should -BeExactly ([string[]]$Sessions[0].Scopes -join ', ')
        $sessionRows[0].RequestTimeout | Should -Match '^\d\d:\d\d:\d\d\.\d{3}$'
        @($Sessions | ConvertTo-Csv) -join "`n" | Should -Not -BeLike "*$($Emulator.ClientSecret)*"
    }

    It 'ConvertTo-Json -Depth 8 of jobs parses back, with no type names, exploded TimeSpans or raw JSON' {
        $json = $Rich, $Failed | ConvertTo-Json -Depth 8
        $json | Should -Not -BeLike '*System.*'
        $json | Should -Not -BeLike '*AdobeExportJobs.*'
        $parsed = @($json | ConvertFrom-Json -AsHashtable -DateKind String)
        $parsed | Should -HaveCount 2
        $keys = @(Get-AllKeys $parsed)
        foreach ($forbidden in 'Ticks', 'TotalSeconds', 'Days', 'RawJson', 'ExtensionData', 'JobId') { $keys | Should -Not -Contain $forbidden }
        @($parsed[0].Keys) | Should -Be (Get-ListLabels AdobeExportJobs.ExportJob)
        $served = $ServedById[$Rich.Id]
        $parsed[0].Created | Should -BeExactly (Get-IsoTime $served.creationTime)
        [string[]]$parsed[0].Batches | Should -BeExactly @($served.destination.batches.batchId)
        [string[]]$parsed[0].Segments | Should -BeExactly @($SeedSegment, $OtherSegment)
        [string[]]$parsed[0].Fields | Should -BeExactly @('identities.id', 'personalEmail.address')
        foreach ($count in $served.metrics.exportedProfileByNamespaceCounter.PSObject.Properties) { $parsed[0].ByNamespace[$count.Name] | Should -Be $count.Value }
        $parsed[0].MergePolicy.Id | Should -BeExactly $served.mergePolicy.id
        $parsed[0].MergePolicy.Version | Should -Be $served.mergePolicy.version
        $parsed[1].Errors.Code | Should -Be @($ServedById[$Failed.Id].errors.code)
        $parsed[1].Errors.Message | Should -Be @($ServedById[$Failed.Id].errors.msg)
    }

    It 'ConvertTo-Json of files and sessions has no type names or exploded TimeSpans either' {
        $json = @($Files[0] | ConvertTo-Json -Depth 8; $Sessions | ConvertTo-Json -Depth 8)
        foreach ($text in $json) {
            $text | Should -Not -BeLike '*System.*'
            $text | Should -Not -BeLike '*AdobeExportJobs.*'
            @(Get-AllKeys ($text | ConvertFrom-Json -AsHashtable)) | Should -Not -Contain 'Ticks'
        }
    }

    It 'GetJson() returns the job exactly as the emulator sent it' {
        $Rich.GetJson() | Should -BeExactly (Invoke-EmulatorApi -Emulator $Emulator -Path "/$($Rich.Id)" -Raw)
        # From a listing: that record of the page, every field the model has no property for included.
        $listed = Get-ExportJob | Where-Object Id -EQ $Failed.Id
        ($listed.GetJson() | ConvertFrom-Json | ConvertTo-Json -Depth 20 -Compress) |
            Should -BeExactly ($ServedById[$Failed.Id] | ConvertTo-Json -Depth 20 -Compress)
        ($Rich.GetJson() | ConvertFrom-Json).computeGatewayJobId | Should -Not -BeNullOrEmpty
    }
}

Describe 'Jobs bind by their Id, with no JobId alias property' {
    It 'a job has no JobId property, and still pipes into every cmdlet that takes -Id' {
        $Rich.PSObject.Properties['JobId'] | Should -BeNullOrEmpty
        $r = Invoke-Captured {
            ($Rich | Get-ExportJob).Id
            ($Rich | Wait-ExportJob).Id
            @($Rich | Get-ExportJobFile).Count
            @($Rich | Save-ExportJobFile -Path (Join-Path $TestDrive 'saved') -PassThru).Count
            $Failed | Remove-ExportJob -WhatIf
            (Get-ExportJob -JobId $Rich.Id).Id
        }
        $r.Errors | Should -BeNullOrEmpty
        $r.Output | Should -Be @($Rich.Id, $Rich.Id, $Files.Count, $Files.Count, $Rich.Id)
        (Get-EmulatorJob -Emulator $Emulator -Id $Failed.Id).status | Should -BeExactly 'FAILED'
    }
}
