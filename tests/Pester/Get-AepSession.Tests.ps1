#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Get-AepSession as users meet it: the default session of their runspace, shown without its secret.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    $script:Emulator = Start-TestEmulator
    $null = New-EmulatorJob -Emulator $Emulator -Count 2
}

AfterAll {
    Disconnect-Aep -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
}

Describe 'Get-AepSession' {
    AfterEach { Disconnect-Aep }

    It 'returns the default session of this runspace only; another runspace has its own' {
        Connect-TestEmulator -Emulator $Emulator
        @(Get-AepSession) | Should -HaveCount 1
        $other = Invoke-InRunspace 'Get-AepSession'
        $other.Errors | Should -BeNullOrEmpty
        $other.Output | Should -BeNullOrEmpty
    }

    It 'shows the session in text and views, never the secret' {
        $out = @(
            Connect-TestEmulator -Emulator $Emulator -PassThru
            Get-ExportJob | ForEach-Object { }
            Get-AepSession
            "$(Get-AepSession)"
        )
        $text = $out | Out-String -Width 160
        # One session renders in the list view: every value in full, whatever the width.
        $text | Should -Match ('(?m)^OrgId\s+: ' + [regex]::Escape($Emulator.OrgId) + '$')
        $text | Should -BeLike "*$($Emulator.BaseUrl)*"
        $text | Should -BeLike '*emulator-client*'
        $text | Should -BeLike '*AEP session*'
        $text | Should -Not -BeLike "*$($Emulator.ClientSecret)*"

        $properties = Get-AepSession | ForEach-Object { $_.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" } }
        $properties | Where-Object { $_ -like 'TokenExpiresOn=?*' } | Should -Not -BeNullOrEmpty
        $properties | Where-Object { $_ -like "*$($Emulator.ClientSecret)*" } | Should -BeNullOrEmpty
    }
}
