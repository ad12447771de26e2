#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# examples/*.ps1 as users run them: through the runner (pwsh's console host, --emulator), and as plain scripts in
# this PowerShell with the module importable by name (out/ on PSModulePath), which is how `pwsh -File` runs them.

BeforeDiscovery {
    $script:ExampleFiles = Get-ChildItem -LiteralPath ([IO.Path]::GetFullPath("$PSScriptRoot/../../examples")) -Filter *.ps1 |
        ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } }
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    $script:QuickStart = Get-RepoPath 'examples/QuickStart.ps1'
    $script:NightlyExport = Get-RepoPath 'examples/NightlyExport.ps1'

    function Invoke-PlainScript {
        <#
        .SYNOPSIS
        Runs a script in a fresh runspace of this PowerShell where nothing is imported, with the built module's parent
        folder first on PSModulePath and the AEP_* variables pointing at an emulator: the script must import the module
        by name itself. Returns its output, errors, the terminating error and where the module was loaded from.
        #>
        param([Parameter(Mandatory)] [string] $Path, [hashtable] $Parameters = @{}, [Parameter(Mandatory)] $Emulator)
        $savedModulePath = $env:PSModulePath
        $savedEnvironment = Set-TestEnvironment $Emulator
        $env:PSModulePath = (Split-Path (Split-Path (Get-BuiltModuleManifest))) + [IO.Path]::PathSeparator + $savedModulePath
        $runspace = [runspacefactory]::CreateRunspace([Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
        try {
            $runspace.Open()
            $ps = [powershell]::Create()
            $ps.Runspace = $runspace
            $null = $ps.AddCommand($Path).AddParameters($Parameters)
            $terminating = $null
            $output = try { $ps.Invoke() } catch { $terminating = $_.Exception.InnerException ?? $_.Exception }
            $errors = @($ps.Streams.Error)
            $ps.Commands.Clear()
            $moduleBase = $ps.AddScript('(Get-Module AdobeExportJobs).ModuleBase').Invoke() | Select-Object -First 1
            [pscustomobject]@{
                Output      = @($output)
                Text        = @($output | Where-Object { $_ -is [string] })
                Errors      = $errors
                Terminating = $terminating
                ModuleBase  = "$moduleBase"
            }
        }
        finally {
            $runspace.Dispose()
            $env:PSModulePath = $savedModulePath
            Restore-TestEnvironment $savedEnvironment
        }
    }
}

Describe 'The examples import the module by name' {
    It '<Name> requires AdobeExportJobs by name and imports nothing by path' -ForEach $ExampleFiles {
        $tokens = $parseErrors = $null
        $ast = [Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$parseErrors)
        $parseErrors | Should -BeNullOrEmpty
        [string[]]$ast.ScriptRequirements.RequiredModules.Name | Should -Contain 'AdobeExportJobs'
        $imports = $ast.FindAll({ param($n) $n -is [Management.Automation.Language.CommandAst] -and $n.GetCommandName() -in 'Import-Module', 'ipmo' }, $true)
        foreach ($import in $imports) { $import.Extent.Text | Should -Not -Match '[\\/]|\.psd1|\.dll' }
    }
}

Describe 'examples/QuickStart.ps1' {
    It 'runs the whole lifecycle through the runner and exits 0' {
        $r = Invoke-Runner '--emulator', '-File', $QuickStart
        $r.ExitCode | Should -Be 0 -Because "$($r.StdOut)`n$($r.StdErr)"
        $r.StdOut | Should -BeLike "*Connected to sandbox 'prod'*"
        $r.StdOut | Should -Match 'Export job \d+ SUCCEEDED after [\d.]+ s: \d+ profiles'
        [regex]::Matches($r.StdOut, 'Export job \d+ SUCCEEDED').Count | Should -Be 2
        # The table view (redirected output is 80 columns wide in pwsh), with both finished jobs in it, dataset in full.
        $r.StdOut | Should -Match 'Id Status\s+Created\s+Profiles Dataset'
        [regex]::Matches($r.StdOut, '(?m)^\s+\d+ SUCCEEDED\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\s+\d+ 5b7c86968f7b6501e21ba9df$').Count | Should -Be 2
        $r.StdOut | Should -Match 'Export job \d+ is now CANCELLED'
        "$($r.StdOut)$($r.StdErr)" | Should -Not -BeLike '*emulator-secret*'
    }

    It 'runs as a plain script in this PowerShell with the module importable by name' {
        # The emulator's own job durations (1.5-2.5 s), as the runner's --emulator and a user's emulator have: the
        # script cancels its last job while it still runs.
        $emulator = Start-TestEmulator -Slow
        try { $r = Invoke-PlainScript -Path $QuickStart -Emulator $emulator }
        finally { Stop-TestEmulator $emulator }
        $r.Terminating | Should -BeNullOrEmpty
        $r.Errors | Should -BeNullOrEmpty
        $r.ModuleBase | Should -Be (Split-Path (Get-BuiltModuleManifest))
        $r.Text | Should -Contain "Connected to sandbox 'prod' at $($emulator.BaseUrl)/"
        @($r.Text -match '^Export job \d+ SUCCEEDED after [\d.]+ s: \d+ profiles') | Should -HaveCount 2
        # Get-ExportJob -First 10: the two finished jobs, as job objects.
        $listed = @($r.Output | Where-Object { $_ -is [AdobeExportJobs.ExportJob] })
        $listed | Should -HaveCount 2
        $listed | ForEach-Object { $_.Status | Should -BeExactly 'SUCCEEDED' }
        @($r.Text -match '^Export job \d+ is now CANCELLED$') | Should -HaveCount 1
        ($r.Output | Get-AllText) | Should -Not -BeLike '*emulator-secret*'
    }
}

Describe 'examples/NightlyExport.ps1' {
    It 'exports the segment through the runner and reports counts per namespace' {
        $r = Invoke-Runner '--emulator', '-Command', "& '$NightlyExport' -Since 2019-06-01"
        $r.ExitCode | Should -Be 0 -Because "$($r.StdOut)`n$($r.StdErr)"
        $done = [regex]::Match($r.StdOut, 'Export job \d+ SUCCEEDED: (\d+) profiles in batch\(es\) [0-9a-f]{32}')
        $done.Success | Should -BeTrue -Because $r.StdOut
        $exported = [int]$done.Groups[1].Value
        $exported | Should -BeGreaterThan 0
        # The per-namespace counts are the job's metrics; each profile counts once under its primary identity.
        ([regex]::Matches($r.StdOut, '(?m)^  \w+ : (\d+)') | ForEach-Object { [int]$_.Groups[1].Value } | Measure-Object -Sum).Sum | Should -Be $exported
        "$($r.StdOut)$($r.StdErr)" | Should -Not -BeLike '*emulator-secret*'
    }

    It 'a failed export stops the runbook in the runner with exit code 1' {
        $r = Invoke-Runner '--emulator', '-Command', "& '$NightlyExport' -DatasetId failing-ds -Since 2019-06-01; 'after the runbook'"
        $r.ExitCode | Should -Be 1
        # pwsh's concise error view: the command, the script line, the message.
        $r.StdErr | Should -Match 'Wait-ExportJob: .*NightlyExport\.ps1'
        $r.StdErr | Should -BeLike '*FAILED*'
        $r.StdOut | Should -Not -BeLike '*SUCCEEDED*'
        $r.StdOut | Should -Not -BeLike '*after the runbook*'
    }

    It 'runs as a plain script in this PowerShell, for success and for a failed export' {
        $emulator = Start-TestEmulator
        try {
            $ok = Invoke-PlainScript -Path $NightlyExport -Parameters @{ Since = '2019-06-01' } -Emulator $emulator
            $failed = Invoke-PlainScript -Path $NightlyExport -Parameters @{ DatasetId = 'failing-ds'; Since = '2019-06-01' } -Emulator $emulator
        }
        finally { Stop-TestEmulator $emulator }

        $ok.Terminating | Should -BeNullOrEmpty
        $ok.Errors | Should -BeNullOrEmpty
        $ok.ModuleBase | Should -Be (Split-Path (Get-BuiltModuleManifest))
        $done = @($ok.Text | ForEach-Object { [regex]::Match($_, '^Export job \d+ SUCCEEDED: (\d+) profiles in batch\(es\) [0-9a-f]{32}$') } | Where-Object Success)
        $done | Should -HaveCount 1
        $exported = [int]$done[0].Groups[1].Value
        $exported | Should -BeGreaterThan 0
        ($ok.Text | Where-Object { $_ -match '^  \w+ : (\d+)$' } | ForEach-Object { [int]($_ -split ' : ')[1] } | Measure-Object -Sum).Sum | Should -Be $exported

        # $ErrorActionPreference = 'Stop' in the runbook: the FAILED job ends it with Wait-ExportJob's error.
        $failed.Terminating | Should -Not -BeNullOrEmpty
        $failed.Terminating.ErrorRecord | Get-ErrorId | Should -BeExactly 'ExportJobFailed'
        $failed.Text | Where-Object { $_ -like '*SUCCEEDED*' } | Should -BeNullOrEmpty
    }
}
