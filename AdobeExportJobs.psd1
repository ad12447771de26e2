@{
    RootModule        = 'AdobeExportJobs.dll'
    ModuleVersion     = '0.1.0'
    GUID              = '6f3c2a8e-4b1d-4e57-9a63-2d8f0c7b5e41'
    Author            = 'AdobeExportJobs contributors'
    CompanyName       = 'AdobeExportJobs'
    Copyright         = '(c) AdobeExportJobs contributors. MIT License.'
    Description       = 'Cmdlets for Adobe Experience Platform Segmentation export jobs (/data/core/ups/export/jobs), with a local emulator.'
    PowerShellVersion = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    RequiredAssemblies = @()
    FormatsToProcess  = @('AdobeExportJobs.Format.ps1xml')
    TypesToProcess    = @('AdobeExportJobs.Types.ps1xml')
    CmdletsToExport   = @('Connect-Aep', 'New-AepSession', 'Get-AepSession', 'Disconnect-Aep', 'Get-ExportJob', 'New-ExportJob', 'Remove-ExportJob', 'Wait-ExportJob', 'Get-ExportJobFile', 'Save-ExportJobFile')
    FunctionsToExport = @()
    VariablesToExport = @()
    AliasesToExport   = @()
    PrivateData = @{
        PSData = @{
            Tags         = @('Adobe', 'AEP', 'ExperiencePlatform', 'Segmentation', 'Export', 'PSEdition_Desktop', 'PSEdition_Core')
            # The repository's LICENSE (MIT, as the Copyright line says); the package carries a copy.
            LicenseUri   = 'https://github.com/AdobeExportJobs/AdobeExportJobs/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/AdobeExportJobs/AdobeExportJobs'
        }
    }
}
