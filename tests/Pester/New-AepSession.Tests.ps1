#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# New-AepSession as users meet it: sessions side by side, on one emulator process and on two.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers/AdobeExportJobs.TestHelpers.psm1" -Force
    Import-BuiltModule
    $script:SavedEnvironment = Clear-TestEnvironment
    $script:Emulator = Start-TestEmulator
    $script:ProdJobs = @(New-EmulatorJob -Emulator $Emulator -Count 2)
    $script:DevJobs = @(New-EmulatorJob -Emulator $Emulator -Count 3 -Sandbox dev)
    $script:ClientId = $Emulator.ClientId
    $script:Secret = Get-TestSecret $Emulator
    $script:OrgId = $Emulator.OrgId
    $script:Endpoint = $Emulator.BaseUrl
}

AfterAll {
    Disconnect-Aep -ErrorAction SilentlyContinue
    Stop-TestEmulator $Emulator
    Restore-TestEnvironment $SavedEnvironment
}

Describe 'New-AepSession' {
    AfterEach { Disconnect-Aep }

    It 'leaves the default session alone, and two sessions work side by side' {
        Connect-TestEmulator -Emulator $Emulator
        $dev = New-AepSession -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox dev -Endpoint $Endpoint -ImsEndpoint $Endpoint
        (Get-AepSession).Sandbox | Should -BeExactly 'prod'
        $dev.Sandbox | Should -BeExactly 'dev'
        @(Get-ExportJob) | Should -HaveCount $ProdJobs.Count
        @(Get-ExportJob -Session $dev) | Should -HaveCount $DevJobs.Count
        @(Get-ExportJob -Session $dev -Limit 1) | Should -HaveCount 1
    }

    It 'sessions on two emulators work at once' {
        $other = Start-TestEmulator
        try {
            $otherJobs = @(New-EmulatorJob -Emulator $other -Count 4)
            Connect-TestEmulator -Emulator $Emulator
            $otherConnection = Get-TestConnection -Emulator $other
            $second = New-AepSession @otherConnection
            @(Get-ExportJob) | Should -HaveCount $ProdJobs.Count
            [long[]](Get-ExportJob -Session $second).Id | Should -Be ([long[]]$otherJobs.id | Sort-Object -Descending)
        }
        finally { Stop-TestEmulator $other }
    }

    It 'reads AEP_* variables set in the script, and its parameters win over them' {
        try {
            $env:AEP_CLIENT_ID = $ClientId
            $env:AEP_CLIENT_SECRET = $Emulator.ClientSecret
            $env:AEP_ORG_ID = $OrgId
            $env:AEP_SANDBOX = 'prod'
            $env:AEP_ENDPOINT = $Endpoint
            $env:AEP_IMS_ENDPOINT = $Endpoint
            $dev = New-AepSession -Sandbox dev
            @(Get-ExportJob -Session $dev) | Should -HaveCount $DevJobs.Count
            $dev.Sandbox | Should -BeExactly 'dev'
        }
        finally { $null = Clear-TestEnvironment }
    }

    It '<Script> is refused with <ErrorId> before any request' -ForEach @(
        @{ Script = "New-AepSession -ClientId `$ClientId -ClientSecret `$Secret -OrgId `$OrgId -Sandbox ' ' -Endpoint `$Endpoint"; ErrorId = 'ParameterArgumentValidationError'; Category = 'InvalidData' }
    ) {
        $before = Get-EmulatorRequestCount -Emulator $Emulator
        $r = Invoke-Captured { . ([scriptblock]::Create($Script)) }
        Assert-SingleError $r "$ErrorId,AdobeExportJobs.Commands.NewAepSessionCommand" $Category
        $r.Output | Should -BeNullOrEmpty
        Get-AepSession | Should -BeNullOrEmpty
        (Get-EmulatorRequestCount -Emulator $Emulator) - $before | Should -Be 0
    }
}
