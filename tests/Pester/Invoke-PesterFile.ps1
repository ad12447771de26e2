<#
.SYNOPSIS
Runs one Pester file and writes its totals and failures as JSON: what `dotnet test` reads to report the Pester suite.
Users run the suite with Invoke-Pester ./tests/Pester directly.
#>
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ResultFile
)
# No script-wide ErrorActionPreference: the tests must run with PowerShell's default (Continue), as under Invoke-Pester.
Import-Module $PesterManifest -ErrorAction Stop
$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $config
$failures = @($result.Failed | ForEach-Object {
    [ordered]@{ Name = $_.ExpandedPath; Message = ($_.ErrorRecord | ForEach-Object { "$_" }) -join "`n" }
})
foreach ($block in @($result.FailedBlocks) + @($result.FailedContainers)) {
    if ($block) { $failures += [ordered]@{ Name = "$($block.Name) (setup)"; Message = ($block.ErrorRecord | ForEach-Object { "$_" }) -join "`n" } }
}
[ordered]@{
    Passed   = $result.PassedCount
    Failed   = $result.FailedCount + @($result.FailedBlocks).Count + @($result.FailedContainers).Count
    Skipped  = $result.SkippedCount
    NotRun   = $result.NotRunCount
    Failures = $failures
} | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $ResultFile -Encoding utf8
