#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Every help example whose code fence reads ```powershell emulator (docs/en-US) runs as written: each in a runspace of
# its own with the built module, the AEP_* variables pointing at a live emulator that holds a few jobs (some succeeded,
# one failed, in two sandboxes) and a default session from Connect-Aep. Its output is rendered as text (80 columns), so
# the views run too.

BeforeDiscovery {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    $docs = @(Get-MarkdownHelp)
    $Cmdlets = @($docs | ForEach-Object { @{ Cmdlet = $_.Name; Runnable = @($_.Examples | Where-Object RunsOnEmulator).Count } })
    $Examples = @(foreach ($doc in $docs) {
        foreach ($example in $doc.Examples | Where-Object RunsOnEmulator) { @{ Cmdlet = $doc.Name; Title = $example.Title; Code = $example.Code } }
    })
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    $script:Emulator = Start-TestEmulator -ArgumentList '--min-job-duration', '100ms', '--max-job-duration', '300ms'
    # Jobs for the examples to find, made through the API so the seeding does not lean on the code under test.
    foreach ($seed in @(
        @{ Sandbox = 'prod'; DatasetId = '5b020a27e7040801dedbf46e' }
        @{ Sandbox = 'prod'; DatasetId = '5b020a27e7040801dedbf46f' }
        @{ Sandbox = 'prod'; DatasetId = 'failing-dataset' }
        @{ Sandbox = 'dev'; DatasetId = '5b020a27e7040801dedbf470' }
    )) { $null = New-EmulatorJob -Emulator $Emulator @seed }
    $script:SavedEnvironment = Set-TestEnvironment -Emulator $Emulator
}

AfterAll {
    if ($SavedEnvironment) { Restore-TestEnvironment $SavedEnvironment }
    Stop-TestEmulator $Emulator
}

Describe 'Help examples marked to run on the emulator' {
    It '<Cmdlet> has an example marked to run on the emulator' -ForEach $Cmdlets {
        $Runnable | Should -BeGreaterThan 0
    }

    It '<Cmdlet> <Title> runs as written without errors' -ForEach $Examples {
        $r = Invoke-InRunspace ("Connect-Aep -ErrorAction Stop`n. {`n" + (Remove-ExamplePrompt $Code) + "`n} | Out-String -Width 80")
        $r.Errors | ForEach-Object { "$_" } | Should -BeNullOrEmpty
        $r.Terminating | Should -BeNullOrEmpty
        $r | Get-AllText | Should -Not -BeLikeExactly "*$($Emulator.ClientSecret)*" -Because 'the client secret must never be shown'
    }
}
