#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests, documents and packages the AdobeExportJobs module; a thin layer over the dotnet CLI.

.DESCRIPTION
    Tasks run in the order given:

      Build    dotnet build AdobeExportJobs.sln: lays out the importable module in out/AdobeExportJobs.
      Test     dotnet test: xunit and the Pester suite (tests/Pester) against the local emulator.
      Help     Regenerates en-US/AdobeExportJobs.dll-Help.xml (MAML) from docs/en-US/*.md
               with tools/AdobeExportJobs.HelpGen (no platyPS needed). Commit the result.
      Package  Builds the module (Release), copies it into out/package/AdobeExportJobs (only what
               users need), checks it with Test-ModuleManifest, and prints the publish command.
      Clean    Removes out/.

    out/AdobeExportJobs is always the Release build of the module, whatever -Configuration says: the
    solution builds the module project as Release, and a Debug build of it goes to out/Debug/. Build
    and Package check that out/AdobeExportJobs holds the Release dll before they finish.

    The script needs only the .NET SDK named in the README and the core PowerShell engine: it runs in
    PowerShell 7 (dotnet pwsh, or the repository's runner) and in Windows PowerShell 5.1.

.EXAMPLE
    ./build.ps1
    Builds the module; then: Import-Module ./out/AdobeExportJobs/AdobeExportJobs.psd1

.EXAMPLE
    ./build.ps1 -Task Help, Build, Test

.EXAMPLE
    ./build.ps1 -Task Package
    Publish-PSResource -Path ./out/package/AdobeExportJobs -Repository PSGallery -ApiKey $key
#>
[CmdletBinding()]
param(
    # What to do; several tasks run in the order given.
    [ValidateSet('Build', 'Test', 'Help', 'Package', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Where Package puts the module folder (a folder named AdobeExportJobs is made inside it).
    [string] $PackageRoot,

    # Package what out/AdobeExportJobs already holds instead of building first.
    [switch] $NoBuild
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$repoRoot = $PSScriptRoot
$solution = [System.IO.Path]::Combine($repoRoot, 'AdobeExportJobs.sln')
$moduleName = 'AdobeExportJobs'
$moduleOut = [System.IO.Path]::Combine($repoRoot, 'out', $moduleName)
$moduleProject = [System.IO.Path]::Combine($repoRoot, 'src', $moduleName, "$moduleName.csproj")
$releaseDll = [System.IO.Path]::Combine($repoRoot, 'src', $moduleName, 'bin', 'Release', 'netstandard2.0', "$moduleName.dll")
if (-not $PackageRoot) { $PackageRoot = [System.IO.Path]::Combine($repoRoot, 'out', 'package') }

# Files in the build output that users of the published module never need.
$notShipped = @('*.pdb', '*.deps.json', '*.xml.tmp')

function Write-Step([string] $Text) {
    # Host output, not the pipeline: the pipeline carries only results (Package's folder).
    $Host.UI.WriteLine("==> $Text")
}

# One array rather than loose arguments: "-c" and "--" would otherwise be taken by PowerShell's binder, not dotnet.
# dotnet's own output goes to the host, so that the pipeline carries only results.
function Invoke-Dotnet([string[]] $Arguments) {
    Write-Step ("dotnet " + ($Arguments -join ' '))
    & dotnet @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE." }
}

function Get-Sha256([string] $Path) {
    (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash
}

# What users import and Package ships must be the Release build, never a Debug build made by hand.
function Assert-ReleaseLayout {
    if (-not [System.IO.File]::Exists([System.IO.Path]::Combine($moduleOut, "$moduleName.psd1"))) {
        throw "$moduleOut holds no module: run the Build task first."
    }
    $laidOut = [System.IO.Path]::Combine($moduleOut, "$moduleName.dll")
    if (-not [System.IO.File]::Exists($releaseDll)) {
        throw "The module has no Release build ($releaseDll): run the Build task first."
    }
    if (-not [System.IO.File]::Exists($laidOut) -or (Get-Sha256 $laidOut) -ne (Get-Sha256 $releaseDll)) {
        throw "$laidOut is not the Release build of the module ($releaseDll): run the Build task, or dotnet build '$moduleProject' -c Release."
    }
}

function Invoke-Build {
    Invoke-Dotnet @('build', $solution, '-c', $Configuration)
    Assert-ReleaseLayout
}

function Invoke-Test {
    Invoke-Dotnet @('test', $solution, '-c', $Configuration)
}

function Invoke-Help {
    $project = [System.IO.Path]::Combine($repoRoot, 'tools', 'AdobeExportJobs.HelpGen')
    $docs = [System.IO.Path]::Combine($repoRoot, 'docs', 'en-US')
    $maml = [System.IO.Path]::Combine($repoRoot, 'en-US', "$moduleName.dll-Help.xml")
    Invoke-Dotnet @('run', '--project', $project, '-c', $Configuration, '--', '--docs', $docs, '--out', $maml)
    Write-Step 'Help regenerated: rebuild to copy it into out/, and commit en-US/.'
}

function Test-Excluded([string] $Name) {
    foreach ($pattern in $notShipped) {
        if ($Name -like $pattern) { return $true }
    }
    return $false
}

function Copy-Folder([string] $From, [string] $To) {
    [void][System.IO.Directory]::CreateDirectory($To)
    foreach ($file in [System.IO.Directory]::GetFiles($From)) {
        $name = [System.IO.Path]::GetFileName($file)
        if (-not (Test-Excluded $name)) {
            [System.IO.File]::Copy($file, [System.IO.Path]::Combine($To, $name), $true)
        }
    }
    foreach ($dir in [System.IO.Directory]::GetDirectories($From)) {
        Copy-Folder $dir ([System.IO.Path]::Combine($To, [System.IO.Path]::GetFileName($dir)))
    }
}

function Invoke-Package {
    # Only the module is shipped, so only the module is built: in Release, which lays it out in out/AdobeExportJobs.
    if (-not $NoBuild) { Invoke-Dotnet @('build', $moduleProject, '-c', 'Release') }
    Assert-ReleaseLayout

    # Publish-Module and Publish-PSResource want a folder named after the module holding the manifest.
    $target = [System.IO.Path]::Combine($PackageRoot, $moduleName)
    if ([System.IO.Directory]::Exists($target)) { [System.IO.Directory]::Delete($target, $true) }
    Copy-Folder $moduleOut $target
    foreach ($doc in 'README.md', 'LICENSE') {
        $source = [System.IO.Path]::Combine($repoRoot, $doc)
        if ([System.IO.File]::Exists($source)) { [System.IO.File]::Copy($source, [System.IO.Path]::Combine($target, $doc), $true) }
    }

    $manifest = Test-ModuleManifest -Path ([System.IO.Path]::Combine($target, "$moduleName.psd1"))
    foreach ($required in 'Author', 'Description') {
        if (-not $manifest.$required) { throw "The manifest has no $required, which the gallery requires." }
    }
    $help = [System.IO.Path]::Combine($target, 'en-US', "$moduleName.dll-Help.xml")
    if (-not [System.IO.File]::Exists($help)) { throw "$help is missing: Get-Help would show no help." }

    Write-Step "Packaged $moduleName $($manifest.Version) in $target"
    Write-Step "Publish with: Publish-PSResource -Path '$target' -Repository PSGallery -ApiKey <key>   (or Publish-Module -Path '$target' -NuGetApiKey <key>)"
    $target
}

function Invoke-Clean {
    $out = [System.IO.Path]::Combine($repoRoot, 'out')
    if ([System.IO.Directory]::Exists($out)) { [System.IO.Directory]::Delete($out, $true) }
    Write-Step "Removed $out"
}

foreach ($name in $Task) {
    switch ($name) {
        'Build'   { Invoke-Build }
        'Test'    { Invoke-Test }
        'Help'    { Invoke-Help }
        'Package' { Invoke-Package }
        'Clean'   { Invoke-Clean }
    }
}
