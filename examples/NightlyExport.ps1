# A nightly export runbook: unattended, fails loudly, never prompts.
#
# Against the local emulator:
#   dotnet run --project src/AdobeExportJobs.Runner -- --emulator -Command "./examples/NightlyExport.ps1 -Since 2019-06-01"
# Against Adobe Experience Platform: set AEP_CLIENT_ID, AEP_CLIENT_SECRET, AEP_ORG_ID, AEP_SANDBOX (from your secret
# store, e.g. an Azure Automation credential or SecretManagement) and pass your own -DatasetId and -SegmentId.
# In pwsh it needs the module importable by name: installed, or its built folder on the module path
# ($env:PSModulePath = "$PWD/out" + [IO.Path]::PathSeparator + $env:PSModulePath).

# Imports the module by name (from PSModulePath) unless it is already loaded.
#Requires -Modules AdobeExportJobs
param(
    [string] $DatasetId = '5b020a27e7040801dedbf46e',
    [string[]] $SegmentId = @('52c26d0d-45f2-47a2-ab30-ed06abc981ff'),
    # Profiles changed after this time (default: the last 24 hours). The emulator's synthetic store lies in 2018-2020:
    # try -Since 2019-06-01 there.
    [DateTimeOffset] $Since = [DateTimeOffset]::UtcNow.AddDays(-1),
    [int] $TimeoutSeconds = 7200
)

# Any error ends the runbook: a bad parameter, a refused credential, a FAILED job, a job still running at the timeout.
$ErrorActionPreference = 'Stop'

# No arguments: the connection comes from the AEP_* environment variables.
Connect-Aep
try {
    # The segments' current members changed since $Since, one batch per segment.
    $job = New-ExportJob -DatasetId $DatasetId -SegmentId $SegmentId -SegmentStatus realized, existing `
        -IngestedAfter $Since -SegmentPerBatch
    "Export job $($job.Id) created for segment(s) $($SegmentId -join ', ')"

    $done = $job | Wait-ExportJob -Timeout $TimeoutSeconds
    "Export job $($done.Id) $($done.Status): $($done.Profiles) profiles in batch(es) $($done.Batches -join ', ')"
    foreach ($namespace in $done.ByNamespace.Keys) {
        "  $namespace : $($done.ByNamespace[$namespace])"
    }
}
finally {
    Disconnect-Aep
}
