#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Disconnect-Aep as users meet it: a session ended is ended, and says so when used.

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

Describe 'Disconnect-Aep' {
    It 'ends the default session: nothing is left to use' {
        $session = Connect-TestEmulator -Emulator $Emulator -PassThru
        @(Get-ExportJob) | Should -HaveCount 2
        Disconnect-Aep
        Get-AepSession | Should -BeNullOrEmpty
        $session.IsConnected | Should -BeFalse

        $r = Invoke-Captured { Get-ExportJob }
        Assert-SingleError $r 'AepNoSession,AdobeExportJobs.Commands.GetExportJobCommand' InvalidOperation
    }

    It 'a disconnected session passed with -Session fails clearly' {
        $connection = Get-TestConnection -Emulator $Emulator
        $session = New-AepSession @connection
        Disconnect-Aep -Session $session
        $r = Invoke-Captured { Get-ExportJob -Session $session }
        $e = Assert-SingleError $r 'AepSessionDisconnected,AdobeExportJobs.Commands.GetExportJobCommand' InvalidOperation
        $e.Exception.Message | Should -BeLike '*Connect-Aep*'
    }
}
