#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The built module folder as users get it: out/AdobeExportJobs, importable by path and by name.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    $script:Manifest = Get-BuiltModuleManifest
    $script:ModuleFolder = Split-Path $Manifest
}

Describe 'out/AdobeExportJobs' {
    It 'holds the manifest, the module, its one dependency, the views and the help' {
        foreach ($name in 'AdobeExportJobs.psd1', 'AdobeExportJobs.dll', 'Newtonsoft.Json.dll', 'AdobeExportJobs.Format.ps1xml',
                 'AdobeExportJobs.Types.ps1xml', 'en-US/AdobeExportJobs.dll-Help.xml', 'en-US/about_AdobeExportJobs.help.txt') {
            Join-Path $ModuleFolder $name | Should -Exist
        }
    }

    It 'has a valid manifest that exports the ten cmdlets and nothing else' {
        $info = Test-ModuleManifest $Manifest -ErrorAction Stop
        $info.Name | Should -BeExactly 'AdobeExportJobs'
        @($info.ExportedCmdlets.Keys | Sort-Object) | Should -Be @('Connect-Aep', 'Disconnect-Aep', 'Get-AepSession', 'Get-ExportJob',
            'Get-ExportJobFile', 'New-AepSession', 'New-ExportJob', 'Remove-ExportJob', 'Save-ExportJobFile', 'Wait-ExportJob')
        $info.ExportedFunctions.Count | Should -Be 0
        $info.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
    }

    It 'makes public only what users hold: the cmdlets, the session, the job and file objects and their values (30 types at most; errors are read, not named; the wire model is internal)' {
        Import-BuiltModule
        $exported = @([AdobeExportJobs.AepSession].Assembly.GetExportedTypes() | ForEach-Object FullName | Sort-Object)
        $exported | Should -Be @(
            'AdobeExportJobs.AepAuthMethod'
            'AdobeExportJobs.AepSession'
            'AdobeExportJobs.Commands.AepSessionCmdlet'
            'AdobeExportJobs.Commands.AsyncCmdlet'
            'AdobeExportJobs.Commands.ConnectAepCommand'
            'AdobeExportJobs.Commands.DisconnectAepCommand'
            'AdobeExportJobs.Commands.GetAepSessionCommand'
            'AdobeExportJobs.Commands.GetExportJobCommand'
            'AdobeExportJobs.Commands.GetExportJobFileCommand'
            'AdobeExportJobs.Commands.NewAepSessionCommand'
            'AdobeExportJobs.Commands.NewExportJobCommand'
            'AdobeExportJobs.Commands.RemoveExportJobCommand'
            'AdobeExportJobs.Commands.SaveExportJobFileCommand'
            'AdobeExportJobs.Commands.WaitExportJobCommand'
            'AdobeExportJobs.ExportJob'
            'AdobeExportJobs.ExportJobError'
            'AdobeExportJobs.ExportJobErrorList'
            'AdobeExportJobs.ExportJobFile'
            'AdobeExportJobs.MergePolicy'
            'AdobeExportJobs.ProfileCounts'
            'AdobeExportJobs.StringList'
        )
        $exported.Count | Should -BeLessOrEqual 30
    }

    It 'is the Release build, whatever else was built' {
        $release = Get-RepoPath 'src/AdobeExportJobs/bin/Release/netstandard2.0/AdobeExportJobs.dll'
        $release | Should -Exist
        (Get-FileHash (Join-Path $ModuleFolder 'AdobeExportJobs.dll')).Hash | Should -BeExactly (Get-FileHash $release).Hash
    }

    It 'imports by name once its parent folder is on PSModulePath' {
        $saved = $env:PSModulePath
        try {
            $env:PSModulePath = (Split-Path $ModuleFolder) + [IO.Path]::PathSeparator + $saved
            $state = [Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
            $ps = [powershell]::Create($state)
            $names = $ps.AddScript('Import-Module AdobeExportJobs -ErrorAction Stop; (Get-Module AdobeExportJobs).ModuleBase; (Get-Command -Module AdobeExportJobs).Count').Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            $names[0] | Should -BeExactly $ModuleFolder
            $names[1] | Should -Be 10
            $ps.Dispose()
        }
        finally { $env:PSModulePath = $saved }
    }
}

Describe 'Where the module comes from: project, license and online help' {
    BeforeAll {
        $script:PSData = (Import-PowerShellDataFile $Manifest).PrivateData.PSData
        function Test-WebAddress {
            # An absolute https address of a real host (not a placeholder such as example.invalid).
            param([string] $Text)
            $uri = $null
            [uri]::TryCreate($Text, [UriKind]::Absolute, [ref]$uri) -and $uri.Scheme -eq 'https' -and $uri.Host -notmatch '(^|\.)(example|invalid|localhost|test)(\.|$)' -and -not $uri.Query
        }
    }

    It 'the manifest names the project and its license with real addresses' {
        $PSData.ProjectUri | Should -Not -BeNullOrEmpty
        $PSData.LicenseUri | Should -Not -BeNullOrEmpty
        Test-WebAddress $PSData.ProjectUri | Should -BeTrue -Because $PSData.ProjectUri
        Test-WebAddress $PSData.LicenseUri | Should -BeTrue -Because $PSData.LicenseUri
        # The license is the project's own LICENSE file.
        $PSData.LicenseUri | Should -BeLikeExactly "$($PSData.ProjectUri.TrimEnd('/'))/*/LICENSE"
        (Test-ModuleManifest $Manifest).ProjectUri | Should -Be ([uri]$PSData.ProjectUri)
    }

    It 'the module folder carries the LICENSE of the repository, which names the license the manifest states' {
        $shipped = Join-Path $ModuleFolder 'LICENSE'
        $shipped | Should -Exist
        [IO.File]::ReadAllText($shipped) | Should -BeExactly ([IO.File]::ReadAllText((Get-RepoPath 'LICENSE')))
        $license = [IO.File]::ReadAllText($shipped)
        $license | Should -BeLike 'MIT License*'
        (Import-PowerShellDataFile $Manifest).Copyright | Should -BeLike '*MIT License*'
    }

    It 'every cmdlet has a HelpUri: its help markdown in the project' {
        Import-BuiltModule
        $cmdlets = @(Get-Command -Module AdobeExportJobs -CommandType Cmdlet)
        $cmdlets | Should -HaveCount 10
        foreach ($cmdlet in $cmdlets) {
            $cmdlet.HelpUri | Should -Not -BeNullOrEmpty -Because "$($cmdlet.Name) needs a HelpUri"
            Test-WebAddress $cmdlet.HelpUri | Should -BeTrue -Because $cmdlet.HelpUri
            $cmdlet.HelpUri | Should -BeExactly "$($PSData.ProjectUri.TrimEnd('/'))/blob/main/docs/en-US/$($cmdlet.Name).md"
            # The page it names is the help's source in this repository.
            Get-RepoPath "docs/en-US/$($cmdlet.Name).md" | Should -Exist
        }
    }
}
