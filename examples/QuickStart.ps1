# AdobeExportJobs quick start: the whole life of an export job, from creation to cancel.
#
# Against the local emulator (no Adobe account needed):
#   dotnet run --project src/AdobeExportJobs.Runner -- --emulator -File examples/QuickStart.ps1
# As a plain script in pwsh: put the built module's folder on the module path, point the AEP_* variables at an emulator
# (or at Adobe Experience Platform: AEP_CLIENT_ID, AEP_CLIENT_SECRET, AEP_ORG_ID, AEP_SANDBOX, and a dataset id of
# your own), then run it:
#   $env:PSModulePath = "$PWD/out" + [IO.Path]::PathSeparator + $env:PSModulePath
#   ./examples/QuickStart.ps1

# Imports the module by name (from PSModulePath) unless it is already loaded.
#Requires -Modules AdobeExportJobs

# Any error stops the script, as it should in a runbook.
$ErrorActionPreference = 'Stop'
$datasetId = '5b7c86968f7b6501e21ba9df'

# 1. Connect. With no arguments, Connect-Aep reads the AEP_* environment variables.
$session = Connect-Aep -PassThru
"Connected to sandbox '$($session.Sandbox)' at $($session.Endpoint)"

# 2. Create two exports: every profile (two fields only), and the current members of one segment, one batch per segment.
$everyone = New-ExportJob -DatasetId $datasetId -Field identities, person.name
$members = New-ExportJob -DatasetId $datasetId -SegmentId 52c26d0d-45f2-47a2-ab30-ed06abc981ff -SegmentNamespace ups `
    -SegmentStatus realized, existing -QualifiedAfter '2018-01-01T00:00:00Z' -SegmentPerBatch
"Created export jobs $($everyone.Id) and $($members.Id); waiting for them"

# 3. Wait for both in one polling loop; a progress bar runs meanwhile, and each job is returned as soon as it finishes.
#    A FAILED job would also raise an error (and stop this script); a job still running after -Timeout too.
$finished = $everyone, $members | Wait-ExportJob -Timeout 300
foreach ($job in $finished) {
    # Duration is text (hh:mm:ss.fff) that [timespan] reads; Batches a list.
    "Export job $($job.Id) $($job.Status) after $(([timespan]$job.Duration).TotalSeconds) s: $($job.Profiles) profiles in batch(es) $($job.Batches -join ', ')"
}

# 4. List the newest jobs in the table view.
'Newest export jobs:'
Get-ExportJob -First 10

# 5. Start one more export and cancel it while it is still running.
$late = New-ExportJob -DatasetId $datasetId -IncludeEmptyProfiles
$cancelled = Remove-ExportJob -Id $late.Id -Force -PassThru
"Export job $($cancelled.Id) is now $($cancelled.Status)"
