#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# build.ps1 as people with pwsh run it (& ./build.ps1 -Task ...): its tasks, the publishable folder Package makes, and
# the rule that out/AdobeExportJobs, what users import and Package ships, is always the Release build of the module.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    $script:BuildScript = Get-RepoPath 'build.ps1'
    $script:ModuleOut = Get-RepoPath 'out/AdobeExportJobs'
    $script:ReleaseDll = Get-RepoPath 'src/AdobeExportJobs/bin/Release/netstandard2.0/AdobeExportJobs.dll'
    $script:DebugDll = Get-RepoPath 'src/AdobeExportJobs/bin/Debug/netstandard2.0/AdobeExportJobs.dll'

    function Get-Sha256 { param([string] $Path) (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash }

    function New-TestFolder {
        $path = Join-Path ([IO.Path]::GetTempPath()) ('aej-build-' + [guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory -Path $path
        $path
    }

    function Invoke-DotnetBuild {
        # A build as a developer types it; its output is returned for the failure message.
        param([string[]] $Arguments)
        $output = & dotnet build @Arguments 2>&1 | Out-String
        if ($LASTEXITCODE -ne 0) { throw "dotnet build $Arguments failed ($LASTEXITCODE):`n$output" }
        $output
    }
}

Describe 'build.ps1' {
    It 'parses without errors' {
        $errors = $null
        $null = [Management.Automation.Language.Parser]::ParseFile($BuildScript, [ref]$null, [ref]$errors)
        @($errors | ForEach-Object { "line $($_.Extent.StartLineNumber): $($_.Message)" }) | Should -BeNullOrEmpty
    }

    It 'offers the Build, Test, Package and Help tasks, each with a branch that runs it' {
        $errors = $null
        $ast = [Management.Automation.Language.Parser]::ParseFile($BuildScript, [ref]$null, [ref]$errors)
        $task = $ast.ParamBlock.Parameters | Where-Object { $_.Name.VariablePath.UserPath -eq 'Task' }
        $validateSet = $task.Attributes | Where-Object { $_ -is [Management.Automation.Language.AttributeAst] -and $_.TypeName.Name -eq 'ValidateSet' }
        $values = @($validateSet.PositionalArguments | ForEach-Object Value)
        foreach ($required in 'Build', 'Test', 'Package', 'Help') { $values | Should -Contain $required }
        $switch = $ast.Find({ param($a) $a -is [Management.Automation.Language.SwitchStatementAst] }, $true)
        @($switch.Clauses | ForEach-Object { $_.Item1.Value } | Sort-Object) | Should -BeExactly @($values | Sort-Object)
    }
}

Describe 'build.ps1 -Task Package -NoBuild' {
    BeforeAll {
        $script:PackageRoot = New-TestFolder
        $script:Output = @(& $BuildScript -Task Package -NoBuild -PackageRoot $PackageRoot)
        $script:Folder = Join-Path $PackageRoot 'AdobeExportJobs'
        $script:Files = @(Get-ChildItem $Folder -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($Folder, $_.FullName) })
        $script:Manifest = Test-ModuleManifest -Path (Join-Path $Folder 'AdobeExportJobs.psd1') -ErrorAction Stop
    }

    AfterAll {
        if ($PackageRoot) { Remove-Item $PackageRoot -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'writes only the folder it made to the pipeline' {
        $Output | Should -HaveCount 1
        "$($Output[0])" | Should -BeExactly $Folder
    }

    It 'ships what users need and nothing else' {
        foreach ($file in 'AdobeExportJobs.psd1', 'AdobeExportJobs.dll', 'Newtonsoft.Json.dll', 'LICENSE', 'en-US/AdobeExportJobs.dll-Help.xml', 'en-US/about_AdobeExportJobs.help.txt') {
            # Newtonsoft.Json because Windows PowerShell 5.1 ships none.
            $Files | Should -Contain ([IO.Path]::Combine($file.Split('/')))
        }
        $Files | Where-Object { $_ -like '*.pdb' -or $_ -like '*.deps.json' } | Should -BeNullOrEmpty
        foreach ($ps1xml in Get-ChildItem $ModuleOut -Filter '*.ps1xml') { $Files | Should -Contain $ps1xml.Name }
    }

    It 'passes Test-ModuleManifest with every field the gallery insists on' {
        # What Test-ModuleManifest leaves to the gallery: the fields Publish-Module/Publish-PSResource and PSGallery need.
        $Manifest.Name | Should -BeExactly 'AdobeExportJobs'
        $Manifest.Author | Should -Not -BeNullOrEmpty
        $Manifest.Description | Should -Not -BeNullOrEmpty
        $Manifest.Version | Should -BeGreaterThan ([version]'0.0')
        $Manifest.Guid | Should -Not -Be ([guid]::Empty)
        $Manifest.PowerShellVersion | Should -Be ([version]'5.1')
        @($Manifest.CompatiblePSEditions | Sort-Object) | Should -BeExactly 'Core', 'Desktop'
        $Manifest.RootModule | Should -BeExactly 'AdobeExportJobs.dll'
        $psData = $Manifest.PrivateData['PSData']
        $tags = @($psData['Tags'] | ForEach-Object { "$_" })
        $tags | Should -Not -BeNullOrEmpty
        # The gallery splits tags on spaces.
        $tags | Where-Object { $_ -match '\s' } | Should -BeNullOrEmpty
        $tags | Should -Contain 'PSEdition_Core'
        $tags | Should -Contain 'PSEdition_Desktop'
        foreach ($key in 'LicenseUri', 'ProjectUri') {
            $uri = $null
            [uri]::TryCreate("$($psData[$key])", [UriKind]::Absolute, [ref]$uri) | Should -BeTrue -Because "PSData.$key must be an absolute URI"
        }
    }

    It 'imports, in a fresh PowerShell process, with the cmdlets the manifest promises' {
        $r = Invoke-Runner '--module', (Join-Path $Folder 'AdobeExportJobs.psd1'), '-Command', '$m = Get-Module AdobeExportJobs; $m.ModuleBase; $m.ExportedCmdlets.Keys | Sort-Object'
        $r.StdErr | Should -BeNullOrEmpty
        $r.ExitCode | Should -Be 0
        $lines = @($r.StdOut -split "`r?`n" | Where-Object { $_ })
        $lines[0] | Should -BeExactly $Folder
        @($lines | Select-Object -Skip 1) | Should -BeExactly @($Manifest.ExportedCmdlets.Keys | Sort-Object)
        $lines.Count | Should -BeGreaterThan 5
    }
}

Describe 'out/AdobeExportJobs is always the Release build' {
    BeforeAll {
        $script:LaidOut = Join-Path $ModuleOut 'AdobeExportJobs.dll'
        $script:Before = [pscustomobject]@{ Hash = Get-Sha256 $LaidOut; Written = (Get-Item $LaidOut).LastWriteTimeUtc }
        # A Debug build of the module project made by hand, as a developer would.
        $script:DebugBuildOutput = Invoke-DotnetBuild (Get-RepoPath 'src/AdobeExportJobs'), '-c', 'Debug'
    }

    It 'a Debug build of the module project leaves it alone and goes to out/Debug' {
        $Before.Hash | Should -BeExactly (Get-Sha256 $ReleaseDll) -Because 'out/AdobeExportJobs held the Release build before'
        Get-Sha256 $DebugDll | Should -Not -Be (Get-Sha256 $ReleaseDll) -Because 'a Debug build is another binary, or this test proves nothing'
        (Get-Item $LaidOut).LastWriteTimeUtc | Should -Be $Before.Written
        Get-Sha256 $LaidOut | Should -BeExactly $Before.Hash
        Get-Sha256 (Get-RepoPath 'out/Debug/AdobeExportJobs/AdobeExportJobs.dll') | Should -BeExactly (Get-Sha256 $DebugDll) -Because $DebugBuildOutput
    }

    It 'Package, building first, ships the Release dll after a Debug build' {
        $packageRoot = New-TestFolder
        try {
            $output = @(& $BuildScript -Task Package -PackageRoot $packageRoot)
            # dotnet's output goes to the host: the pipeline carries only the folder.
            $output | Should -HaveCount 1
            "$($output[0])" | Should -BeExactly (Join-Path $packageRoot 'AdobeExportJobs')
            $packaged = Join-Path $packageRoot 'AdobeExportJobs/AdobeExportJobs.dll'
            Get-Sha256 $packaged | Should -BeExactly (Get-Sha256 $ReleaseDll)
            Get-Sha256 $packaged | Should -Not -Be (Get-Sha256 $DebugDll)
        }
        finally { Remove-Item $packageRoot -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'Package refuses a module folder that is not the Release build' {
        # build.ps1 works from its own folder: a copy of it beside a Debug layout stands in for a stale out/.
        $fakeRepo = New-TestFolder
        try {
            Copy-Item $BuildScript $fakeRepo
            Copy-Item (Get-RepoPath 'out/Debug/AdobeExportJobs') (Join-Path $fakeRepo 'out/AdobeExportJobs') -Recurse
            $release = Join-Path $fakeRepo 'src/AdobeExportJobs/bin/Release/netstandard2.0'
            $null = New-Item -ItemType Directory -Path $release
            Copy-Item $ReleaseDll $release

            { & (Join-Path $fakeRepo 'build.ps1') -Task Package -NoBuild -PackageRoot (Join-Path $fakeRepo 'package') } |
                Should -Throw -ExpectedMessage '*is not the Release build of the module*'
            Join-Path $fakeRepo 'package' | Should -Not -Exist
        }
        finally { Remove-Item $fakeRepo -Recurse -Force -ErrorAction SilentlyContinue }
    }
}
