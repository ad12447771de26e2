# Quick start: run with `dotnet run --project src/AdobeExportJobs.Runner -- --emulator -File examples/QuickStart.ps1`
Connect-Aep
Get-AepSession
Get-ExportJob -Limit 10
