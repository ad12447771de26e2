#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Get-AepSession as users meet it: the default session of the process, seen by every runspace, shown without its secret;
# -All lists the sessions made in the process.

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

    It 'every runspace of the process sees the default session and can call with it' {
        $session = Connect-TestEmulator -Emulator $Emulator -PassThru
        @(Get-AepSession) | Should -HaveCount 1
        $manifest = Get-BuiltModuleManifest

        # ForEach-Object -Parallel: each script block runs in a runspace of its own.
        $parallel = @(1..3 | ForEach-Object -Parallel {
            Import-Module $using:manifest
            $s = Get-AepSession
            [pscustomobject]@{ Number = $s.Number; OrgId = $s.OrgId; Jobs = @(Get-ExportJob -Limit 1 -ErrorAction Stop).Count; Runspace = [runspace]::DefaultRunspace.InstanceId }
        })
        $parallel | Should -HaveCount 3
        $parallel.OrgId | Should -Be (@($Emulator.OrgId) * 3)
        $parallel.Number | Should -Be (@($session.Number) * 3)
        $parallel.Jobs | Should -Be 1, 1, 1
        $parallel.Runspace | Should -Not -Contain ([runspace]::DefaultRunspace.InstanceId)

        # A thread job (Start-ThreadJob, which pwsh 7.6 ships, or the same by hand where the host lacks it).
        $fromJob = @(Invoke-InThreadJob { param($manifest) Import-Module $manifest; Get-ExportJob -Limit 1 -ErrorAction Stop } -ArgumentList $manifest)
        $fromJob | Should -HaveCount 1
        $fromJob[0].Org | Should -BeExactly $Emulator.OrgId

        # A runspace made by hand.
        $other = Invoke-InRunspace 'Get-AepSession'
        $other.Errors | Should -BeNullOrEmpty
        [object]::ReferenceEquals($other.Output[0].psobject.BaseObject, $session) | Should -BeTrue
    }

    It 'the last Connect-Aep of any runspace wins' {
        $mine = Connect-TestEmulator -Emulator $Emulator -PassThru
        $connection = Get-TestConnection -Emulator $Emulator -Sandbox dev
        $theirs = Invoke-InThreadJob { param($manifest, $connection) Import-Module $manifest; Connect-Aep @connection -PassThru } -ArgumentList (Get-BuiltModuleManifest), $connection
        (Get-AepSession).Number | Should -Be $theirs.Number
        (Get-AepSession).Sandbox | Should -BeExactly 'dev'
        $mine.IsConnected | Should -BeTrue -Because 'a replaced default stays usable through -Session'
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

Describe 'Get-AepSession -All' {
    AfterEach { Disconnect-Aep }

    It 'lists every session made in the process, by Connect-Aep and New-AepSession, in order, disconnected ones too' {
        $before = @(Get-AepSession -All)
        $connection = Get-TestConnection -Emulator $Emulator
        $a = New-AepSession @connection
        $b = Connect-TestEmulator -Emulator $Emulator -PassThru
        $c = Invoke-InThreadJob { param($manifest, $connection) Import-Module $manifest; New-AepSession @connection -Sandbox dev } -ArgumentList (Get-BuiltModuleManifest), $connection
        $d = New-AepSession @connection -Sandbox qa
        Disconnect-Aep -Session $d
        $wrong = $connection.Clone()
        $wrong.ClientSecret = ConvertTo-SecureString 'wrong' -AsPlainText -Force
        { Connect-Aep @wrong -ErrorAction Stop } | Should -Throw

        $all = @(Get-AepSession -All)
        $all | Should -HaveCount ($before.Count + 4)
        $mine = @($all | Select-Object -Last 4)
        foreach ($i in 0..3) { [object]::ReferenceEquals($mine[$i], @($a, $b, $c, $d)[$i]) | Should -BeTrue -Because "session $i is listed in its place" }
        [int[]]$all.Number | Should -Be ([int[]]$all.Number | Sort-Object) -Because 'they come in the order they were made'
        $a.Number | Should -BeLessThan $b.Number
        $mine.Sandbox | Should -Be 'prod', 'prod', 'dev', 'qa'
        $mine.IsConnected | Should -Be $true, $true, $true, $false

        # Without -All, the default session alone, as before.
        $default = @(Get-AepSession)
        $default | Should -HaveCount 1
        [object]::ReferenceEquals($default[0], $b) | Should -BeTrue
    }
}
