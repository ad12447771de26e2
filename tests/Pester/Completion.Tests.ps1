#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Tab completion as a console user gets it: TabExpansion2 with the cursor at the end of the line (unless a test says
# otherwise), in real PowerShell with the built module.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule

    function Get-CompletionText {
        # What TabExpansion2 offers for the line in this runspace, without the quotes it adds.
        param([string] $Line)
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object { $_.CompletionText.Trim("'") })
    }
}

Describe 'Fixed values complete' {
    It '-Status completes the known job statuses: <Line>' -ForEach @(
        @{ Line = 'Get-ExportJob -Status '; Expected = 'NEW', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'CANCELLED' }
        @{ Line = 'Get-ExportJob -Status F'; Expected = , 'FAILED' }
        @{ Line = 'Get-ExportJob -Status pro'; Expected = , 'PROCESSING' }
        @{ Line = 'Get-ExportJob -Limit 5 -Status s'; Expected = , 'SUCCEEDED' }
        @{ Line = "Get-ExportJob -Status 'N"; Expected = , 'NEW' }
        # -Status takes several values; each completes on its own.
        @{ Line = 'Get-ExportJob -Status NEW, pro'; Expected = , 'PROCESSING' }
        @{ Line = 'Get-ExportJob -Status NEW,F'; Expected = , 'FAILED' }
        @{ Line = 'Get-ExportJob -First 5 -Status SUCCEEDED, c'; Expected = , 'CANCELLED' }
    ) {
        Get-CompletionText $Line | Should -BeExactly $Expected
    }

    It '-Status offers nothing for a prefix no status has' {
        Get-CompletionText 'Get-ExportJob -Status XYZ' | Should -BeNullOrEmpty
    }

    It '-SegmentStatus completes the segment membership statuses: <Line>' -ForEach @(
        @{ Line = 'New-ExportJob -DatasetId d1 -SegmentId s1 -SegmentStatus '; Expected = 'realized', 'existing', 'exited' }
        @{ Line = 'New-ExportJob -DatasetId d1 -SegmentStatus ex'; Expected = 'existing', 'exited' }
        @{ Line = 'New-ExportJob -DatasetId d1 -SegmentStatus realized, EXIT'; Expected = , 'exited' }
        @{ Line = "New-ExportJob d1 -SegmentStatus 'r"; Expected = , 'realized' }
    ) {
        Get-CompletionText $Line | Should -BeExactly $Expected
    }

    It '-SegmentStatus offers nothing for a prefix no status has' {
        Get-CompletionText 'New-ExportJob -DatasetId d1 -SegmentStatus new' | Should -BeNullOrEmpty
    }

    It 'parameter names complete for the module cmdlets' {
        Get-CompletionText 'Get-ExportJob -P' | Should -Contain '-PageSize'
        Get-CompletionText 'Get-ExportJob -Se' | Should -Contain '-Session'
    }
}

Describe 'Completion from what the runspace has seen' {
    # -Sandbox and -Id complete from the sessions made and the jobs written in the runspace, with no server call. Each
    # test has an emulator and runspaces of its own, and no AEP_SANDBOX (which -Sandbox also offers).
    BeforeAll {
        $script:SavedSandbox = $env:AEP_SANDBOX
        $script:Connect = 'Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -ImsEndpoint $Endpoint'
        $script:NewSession = 'New-AepSession -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Endpoint $Endpoint -ImsEndpoint $Endpoint'

        function New-ModuleRunspace {
            # A runspace with the built module and the emulator's connection details as $ClientId, $Secret, $OrgId, $Endpoint.
            $state = [Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
            $state.ImportPSModule([string[]]@(Get-BuiltModuleManifest))
            $runspace = [runspacefactory]::CreateRunspace($state)
            $runspace.Open()
            $runspace.SessionStateProxy.SetVariable('ClientId', $Emulator.ClientId)
            $runspace.SessionStateProxy.SetVariable('Secret', (Get-TestSecret $Emulator))
            $runspace.SessionStateProxy.SetVariable('OrgId', $Emulator.OrgId)
            $runspace.SessionStateProxy.SetVariable('Endpoint', $Emulator.BaseUrl)
            $Runspaces.Add($runspace)
            $runspace
        }

        function Invoke-InModuleRunspace {
            # Runs the script in the runspace; any error fails the test.
            param($Runspace, [string] $Script, [object[]] $ArgumentList = @())
            $ps = [powershell]::Create()
            try {
                $ps.Runspace = $Runspace
                $null = $ps.AddScript($Script)
                foreach ($a in $ArgumentList) { $null = $ps.AddArgument($a) }
                $output = $ps.Invoke()
                if ($ps.Streams.Error.Count -gt 0) { throw "$Script failed: $($ps.Streams.Error -join '; ')" }
                $output | ForEach-Object { $_ }
            }
            finally { $ps.Dispose() }
        }

        function Get-RunspaceCompletion {
            param($Runspace, [string] $Line, [int] $Cursor = $Line.Length)
            Invoke-InModuleRunspace $Runspace '(TabExpansion2 -inputScript $args[0] -cursorColumn $args[1]).CompletionMatches' $Line, $Cursor
        }

        function Get-RunspaceCompletionText {
            param($Runspace, [string] $Line, [int] $Cursor = $Line.Length)
            @(Get-RunspaceCompletion $Runspace $Line $Cursor | ForEach-Object { $_.CompletionText.Trim("'") })
        }
    }

    BeforeEach {
        $env:AEP_SANDBOX = $null
        $script:Emulator = Start-TestEmulator
        $script:Runspaces = [Collections.Generic.List[object]]::new()
    }

    AfterEach {
        foreach ($r in $Runspaces) { $r.Dispose() }
        Stop-TestEmulator $Emulator
        $env:AEP_SANDBOX = $null
    }

    AfterAll {
        $env:AEP_SANDBOX = $SavedSandbox
    }

    It '-Sandbox offers the default session''s sandbox, then those of sessions made here, then AEP_SANDBOX' {
        $shell = New-ModuleRunspace
        Invoke-InModuleRunspace $shell "$Connect; `$dev = $NewSession -Sandbox dev; `$null = $NewSession -Sandbox qa-eu; `$null = $NewSession -Sandbox DEV"
        $env:AEP_SANDBOX = 'stage'

        Get-RunspaceCompletionText $shell 'Connect-Aep -Sandbox ' | Should -BeExactly 'prod', 'DEV', 'qa-eu', 'stage'
        Get-RunspaceCompletionText $shell 'New-AepSession -Sandbox d' | Should -BeExactly 'DEV'
        Get-RunspaceCompletionText $shell "Connect-Aep -OrgId `$OrgId -Sandbox 'Q" | Should -BeExactly 'qa-eu'
        Get-RunspaceCompletionText $shell 'Connect-Aep -Sandbox xyz' | Should -BeNullOrEmpty
        $only = @(Get-RunspaceCompletion $shell 'Connect-Aep -Sandbox pr')
        $only | Should -HaveCount 1
        $only[0].ToolTip | Should -BeLikeExactly '*default session*'
    }

    It '-Sandbox offers only what this runspace has seen' {
        $other = New-ModuleRunspace
        Invoke-InModuleRunspace $other "`$null = $NewSession -Sandbox elsewhere"
        $shell = New-ModuleRunspace

        Get-RunspaceCompletionText $shell 'Connect-Aep -Sandbox ' | Should -BeNullOrEmpty
        Get-RunspaceCompletionText $other 'Connect-Aep -Sandbox ' | Should -BeExactly 'elsewhere'
    }

    It '-Id offers the jobs the session wrote, latest command first, newest job first' {
        $shell = New-ModuleRunspace
        $a, $b, $c = Invoke-InModuleRunspace $shell "$Connect; `$a = New-ExportJob -DatasetId first; `$b = New-ExportJob -DatasetId second; `$c = New-ExportJob -DatasetId third; `$a.Id; `$b.Id; `$c.Id" |
            ForEach-Object { "$_" }

        Get-RunspaceCompletionText $shell 'Remove-ExportJob -Id ' | Should -BeExactly $c, $b, $a

        Invoke-InModuleRunspace $shell '$a | Wait-ExportJob -Timeout 30 | ForEach-Object { }'
        $afterWait = @(Get-RunspaceCompletion $shell 'Get-ExportJob -Id ')
        @($afterWait.CompletionText) | Should -BeExactly $a, $c, $b
        $afterWait[0].ListItemText | Should -BeExactly "$a SUCCEEDED"
        $afterWait[0].ToolTip | Should -BeLikeExactly '*dataset first*'

        # A listing writes the newest job first; within it the newest stays first.
        Invoke-InModuleRunspace $shell 'Get-ExportJob | ForEach-Object { }'
        Get-RunspaceCompletionText $shell 'Wait-ExportJob -Id ' | Should -BeExactly $c, $b, $a
        $byPrefix = Get-RunspaceCompletionText $shell "Wait-ExportJob -Id $c"
        $byPrefix | Should -Contain $c
        $byPrefix | ForEach-Object { $_ | Should -BeLikeExactly "$c*" }
        Get-RunspaceCompletionText $shell "Remove-ExportJob -Id $a, " | Should -BeExactly $c, $b, $a
    }

    It '-Id offers the jobs of the session on the line, never those of another sandbox' {
        $shell = New-ModuleRunspace
        $prod, $dev = Invoke-InModuleRunspace $shell "`$prod = $Connect -PassThru; `$dev = $NewSession -Sandbox dev; (New-ExportJob -DatasetId inprod).Id; (New-ExportJob -DatasetId indev -Session `$dev).Id" |
            ForEach-Object { "$_" }

        Get-RunspaceCompletionText $shell 'Get-ExportJob -Id ' | Should -BeExactly $prod
        Get-RunspaceCompletionText $shell 'Get-ExportJob -Session $dev -Id ' | Should -BeExactly $dev
        Get-RunspaceCompletionText $shell 'Remove-ExportJob -Id  -Session $dev' -Cursor ('Remove-ExportJob -Id '.Length) | Should -BeExactly $dev

        # Without a default session, every session made here offers its jobs. Sessions are remembered weakly, so the
        # runspace keeps $prod referenced: otherwise a garbage collection in between would rightly forget it.
        Invoke-InModuleRunspace $shell 'Disconnect-Aep'
        Get-RunspaceCompletionText $shell 'Wait-ExportJob -Id ' | Sort-Object | Should -BeExactly ($dev, $prod | Sort-Object)
    }

    It '-Id forgets the jobs Remove-ExportJob deleted, and offers the ones it cancelled as CANCELLED' {
        $shell = New-ModuleRunspace
        $finished, $gone = Invoke-InModuleRunspace $shell "$Connect; `$f = New-ExportJob -DatasetId finished | Wait-ExportJob -Timeout 30; `$g = New-ExportJob -DatasetId gone | Wait-ExportJob -Timeout 30; `$f.Id; `$g.Id" |
            ForEach-Object { "$_" }
        Set-EmulatorJobDuration -Emulator $Emulator -Minimum '00:10:00'
        $running = "$(Invoke-InModuleRunspace $shell '(New-ExportJob -DatasetId running).Id')"
        Get-RunspaceCompletionText $shell 'Get-ExportJob -Id ' | Should -BeExactly $running, $gone, $finished

        # A finished job: the DELETE removes it, and completion stops offering it.
        Invoke-InModuleRunspace $shell "Remove-ExportJob -Id $finished -Force"
        @((Get-EmulatorJob -Emulator $Emulator).id | ForEach-Object { "$_" }) | Should -Not -Contain $finished
        Get-RunspaceCompletionText $shell 'Get-ExportJob -Id ' | Should -BeExactly $running, $gone
        # A running job: cancelled, it still exists, and completion says so.
        Invoke-InModuleRunspace $shell "Remove-ExportJob -Id $running -Force"
        $offered = @(Get-RunspaceCompletion $shell 'Wait-ExportJob -Id ')
        @($offered.CompletionText) | Should -BeExactly $running, $gone
        $offered[0].ListItemText | Should -BeExactly "$running CANCELLED"
        # A job someone else deleted: the DELETE finds nothing, and completion forgets it too.
        $null = Invoke-EmulatorApi -Emulator $Emulator -Method Delete -Path "/$gone"
        Invoke-InModuleRunspace $shell "Remove-ExportJob -Id $gone -Force -ErrorAction SilentlyContinue"
        Get-RunspaceCompletionText $shell 'Remove-ExportJob -Id ' | Should -BeExactly $running
    }

    It '-Id remembers a bounded number of jobs, the newest of a long listing' {
        $created = @(New-EmulatorJob -Emulator $Emulator -Count 60)
        $shell = New-ModuleRunspace
        Invoke-InModuleRunspace $shell "$Connect; Get-ExportJob | ForEach-Object { }"

        $offered = Get-RunspaceCompletionText $shell 'Get-ExportJob -Id '
        $offered | Should -HaveCount ((Get-ModuleType AdobeExportJobs.Commands.RecentExportJobs)::Capacity)
        $offered | Should -BeExactly @($created.id | Sort-Object -Descending | Select-Object -First $offered.Count | ForEach-Object { "$_" })
    }
}
