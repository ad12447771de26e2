#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Disconnect-Aep as users meet it: a session ended is ended, and says so when used; the default ends for every runspace.

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

    It 'ending the default in one runspace ends it for all' {
        $session = Connect-TestEmulator -Emulator $Emulator -PassThru
        $manifest = Get-BuiltModuleManifest
        Invoke-InThreadJob { param($manifest) Import-Module $manifest; Disconnect-Aep } -ArgumentList $manifest
        Get-AepSession | Should -BeNullOrEmpty
        $session.IsConnected | Should -BeFalse
        $r = Invoke-Captured { Get-ExportJob }
        Assert-SingleError $r 'AepNoSession,AdobeExportJobs.Commands.GetExportJobCommand' InvalidOperation
        @(1..2 | ForEach-Object -Parallel { Import-Module $using:manifest; @(Get-AepSession).Count }) | Should -Be 0, 0
    }

    It 'ending the default session by -Session clears the default; ending another session leaves it' {
        $other = New-TestSession -Emulator $Emulator
        $default = Connect-TestEmulator -Emulator $Emulator -PassThru
        Disconnect-Aep -Session $other
        [object]::ReferenceEquals((Get-AepSession), $default) | Should -BeTrue
        Disconnect-Aep -Session $default
        Get-AepSession | Should -BeNullOrEmpty
        # Still listed while a variable holds them, marked disconnected.
        $listed = @(Get-AepSession -All | Where-Object { $_.Number -in $other.Number, $default.Number })
        $listed.IsConnected | Should -Be $false, $false
    }
}
