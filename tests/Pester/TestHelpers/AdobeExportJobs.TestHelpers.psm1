# Shared by every tests/Pester/*.Tests.ps1: finds the built module and the emulator, starts emulator processes on
# free loopback ports, connects to them, and runs the runner as a separate process. It builds nothing: build first
# (dotnet build AdobeExportJobs.sln -c Release, or dotnet test, which builds).
Set-StrictMode -Version Latest

$script:RepoRoot = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../../..'))
$script:Emulators = [Collections.Generic.List[object]]::new()

function Get-RepoPath {
    param([Parameter(Position = 0)] [string] $Relative = '')
    [IO.Path]::GetFullPath((Join-Path $script:RepoRoot $Relative))
}

function Get-BuiltModuleManifest {
    $path = if ($env:AEJ_MODULE_MANIFEST) { $env:AEJ_MODULE_MANIFEST } else { Get-RepoPath 'out/AdobeExportJobs/AdobeExportJobs.psd1' }
    if (-not (Test-Path $path)) { throw "The built module is missing ($path). Build first: dotnet build AdobeExportJobs.sln -c Release" }
    $path
}

function Import-BuiltModule {
    # A binary module cannot be unloaded; import it once per process, globally so the test scripts see its cmdlets.
    if (-not (Get-Module AdobeExportJobs)) { Import-Module (Get-BuiltModuleManifest) -Global -ErrorAction Stop }
}

function Get-ModuleType {
    <#
    .SYNOPSIS
    A type of the imported module by its full name, internal ones included: what a test inspects or calls into
    (seed parsing, the views' wrapper) but users never hold. Its public static members are reached with ::.
    #>
    param([Parameter(Mandatory, Position = 0)] [string] $FullName)
    [AdobeExportJobs.AepSession].Assembly.GetType($FullName, $true)
}

function Find-BuiltAssembly {
    # The newest build of a project's net10.0 output (Debug from dotnet test, Release from a Release build).
    param([string] $Project, [string] $EnvironmentVariable)
    $fromEnv = [Environment]::GetEnvironmentVariable($EnvironmentVariable)
    if ($fromEnv) { return $fromEnv }
    $found = Get-ChildItem (Get-RepoPath "src/$Project/bin") -Filter "$Project.dll" -Recurse -ErrorAction SilentlyContinue |
        Where-Object { $_.Directory.Name -eq 'net10.0' } | Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1
    if (-not $found) { throw "$Project is not built (src/$Project/bin). Build first: dotnet build AdobeExportJobs.sln -c Release" }
    $found.FullName
}

function Start-TestEmulator {
    <#
    .SYNOPSIS
    Starts the emulator as its own process on a free loopback port. Fast settings by default (200 profiles, jobs of
    50-120 ms); -ArgumentList adds or overrides emulator options (later options win).
    #>
    param([string[]] $ArgumentList = @(), [switch] $Slow)
    $dll = Find-BuiltAssembly -Project 'AdobeExportJobs.Emulator' -EnvironmentVariable 'AEJ_EMULATOR_DLL'
    $defaults = @('--control-api', '--profile-count', '200')
    if (-not $Slow) { $defaults += '--min-job-duration', '50ms', '--max-job-duration', '120ms' }
    $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($dll, '--urls', 'http://127.0.0.1:0') + $defaults + $ArgumentList) { $start.ArgumentList.Add($a) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($start)
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    $baseUrl = $null
    while (-not $baseUrl -and [DateTime]::UtcNow -lt $deadline) {
        $read = $process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait(([TimeSpan]($deadline - [DateTime]::UtcNow)))) { break }
        $line = $read.Result
        if ($null -eq $line) { break }
        if ($line -match 'listening on (http://\S+)') { $baseUrl = $Matches[1].TrimEnd('/') }
    }
    if (-not $baseUrl) {
        try { $process.Kill($true) } catch { }
        throw "The emulator did not start: $($process.StandardError.ReadToEnd())"
    }
    # Keep draining its output so a chatty emulator never blocks on a full pipe.
    $null = $process.StandardOutput.ReadToEndAsync()
    $null = $process.StandardError.ReadToEndAsync()
    $emulator = [pscustomobject]@{
        PSTypeName   = 'AdobeExportJobs.TestEmulator'
        BaseUrl      = $baseUrl
        ClientId     = 'emulator-client'
        # The emulator's public demo secret, not a real one.
        ClientSecret = 'emulator-secret'
        OrgId        = 'EMULATOR0000000000000000@AdobeOrg'
        Sandbox      = 'prod'
        Process      = $process
    }
    $script:Emulators.Add($emulator)
    $emulator
}

function Stop-TestEmulator {
    param([Parameter(ValueFromPipeline)] $Emulator)
    process {
        if (-not $Emulator) { return }
        try { if (-not $Emulator.Process.HasExited) { $Emulator.Process.Kill($true); $null = $Emulator.Process.WaitForExit(10000) } } catch { }
        $null = $script:Emulators.Remove($Emulator)
    }
}

function Get-TestSecret {
    param([Parameter(Mandatory)] $Emulator)
    ConvertTo-SecureString $Emulator.ClientSecret -AsPlainText -Force
}

function Get-TestConnection {
    <# The Connect-Aep/New-AepSession parameters that reach an emulator, as a hashtable to splat. #>
    param([Parameter(Mandatory)] $Emulator, [string] $Sandbox = 'prod')
    @{
        ClientId     = $Emulator.ClientId
        ClientSecret = Get-TestSecret $Emulator
        OrgId        = $Emulator.OrgId
        Sandbox      = $Sandbox
        Endpoint     = $Emulator.BaseUrl
        ImsEndpoint  = $Emulator.BaseUrl
    }
}

function Connect-TestEmulator {
    param([Parameter(Mandatory)] $Emulator, [string] $Sandbox = 'prod', [hashtable] $With = @{}, [switch] $PassThru)
    $connection = Get-TestConnection -Emulator $Emulator -Sandbox $Sandbox
    foreach ($k in $With.Keys) { $connection[$k] = $With[$k] }
    # Quiet: the summary line is for people at a prompt; Connect-Aep.Tests.ps1 tests it.
    Connect-Aep @connection -PassThru:$PassThru -Quiet -ErrorAction Stop
}

function New-TestSession {
    <# A session for an emulator from New-AepSession: made without a call, so even wrong credentials fail only when used. #>
    param([Parameter(Mandatory)] $Emulator, [string] $Sandbox = 'prod', [hashtable] $With = @{})
    $connection = Get-TestConnection -Emulator $Emulator -Sandbox $Sandbox
    foreach ($k in $With.Keys) { $connection[$k] = $With[$k] }
    New-AepSession @connection -ErrorAction Stop
}

function Invoke-InThreadJob {
    <#
    .SYNOPSIS
    Runs a script block in a new runspace on a thread of its own and returns its output; an error in it throws. That is
    Start-ThreadJob, which it uses when this PowerShell has it (pwsh ships it; the SDK host of `dotnet test` does not);
    otherwise the same thing by hand: [powershell]::Create() on a new runspace, invoked asynchronously. The block takes
    -ArgumentList through param().
    #>
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock, [object[]] $ArgumentList = @(), [int] $TimeoutSec = 60)
    if (Get-Command Start-ThreadJob -ErrorAction Ignore) {
        $job = Start-ThreadJob -ScriptBlock $ScriptBlock -ArgumentList $ArgumentList
        try {
            if (-not ($job | Wait-Job -Timeout $TimeoutSec)) { throw "The thread job did not end within $TimeoutSec s." }
            $job | Receive-Job -ErrorAction Stop
        }
        finally { $job | Remove-Job -Force }
        return
    }
    $runspace = [runspacefactory]::CreateRunspace([Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
    $runspace.Open()
    $ps = [powershell]::Create()
    try {
        $ps.Runspace = $runspace
        $null = $ps.AddScript($ScriptBlock.ToString())
        foreach ($a in $ArgumentList) { $null = $ps.AddArgument($a) }
        $handle = $ps.BeginInvoke()
        if (-not $handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($TimeoutSec))) { throw "The thread did not end within $TimeoutSec s." }
        $output = $ps.EndInvoke($handle)
        if ($ps.Streams.Error.Count -gt 0) { throw "The thread failed: $($ps.Streams.Error -join '; ')" }
        $output | ForEach-Object { $_ }
    }
    finally {
        $ps.Dispose()
        $runspace.Dispose()
    }
}

function Get-ClosedPort {
    <# A loopback URL where nothing listens: a port that was free a moment ago. #>
    $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $probe.Start()
    $port = $probe.LocalEndpoint.Port
    $probe.Stop()
    "http://127.0.0.1:$port"
}

function Set-TestEnvironment {
    <# Points the AEP_* variables at an emulator (what the runner's --emulator does). Returns the old values. #>
    param([Parameter(Mandatory)] $Emulator, [string] $Sandbox = 'prod')
    $names = 'AEP_ENDPOINT', 'AEP_IMS_ENDPOINT', 'AEP_CLIENT_ID', 'AEP_CLIENT_SECRET', 'AEP_ORG_ID', 'AEP_SANDBOX', 'AEP_SCOPES', 'AEP_ACCESS_TOKEN'
    $old = @{}
    foreach ($n in $names) { $old[$n] = [Environment]::GetEnvironmentVariable($n) }
    $env:AEP_ENDPOINT = $env:AEP_IMS_ENDPOINT = $Emulator.BaseUrl
    $env:AEP_CLIENT_ID = $Emulator.ClientId
    $env:AEP_CLIENT_SECRET = $Emulator.ClientSecret
    $env:AEP_ORG_ID = $Emulator.OrgId
    $env:AEP_SANDBOX = $Sandbox
    $env:AEP_SCOPES = $null
    $env:AEP_ACCESS_TOKEN = $null
    $old
}

function Restore-TestEnvironment {
    param([Parameter(Mandatory)] [hashtable] $Saved)
    foreach ($n in $Saved.Keys) { [Environment]::SetEnvironmentVariable($n, $Saved[$n]) }
}

function Get-EmulatorToken {
    param([Parameter(Mandatory)] $Emulator)
    $form = @{ grant_type = 'client_credentials'; client_id = $Emulator.ClientId; client_secret = $Emulator.ClientSecret; scope = 'openid,AdobeID' }
    (Invoke-RestMethod -Method Post -Uri "$($Emulator.BaseUrl)/ims/token/v3" -Body $form).access_token
}

function Invoke-EmulatorApi {
    <#
    .SYNOPSIS
    Calls the emulator's export-jobs API directly (no module code), to set up or check what the server holds.
    -Raw returns the answer's text exactly as the server sent it, unparsed.
    #>
    param(
        [Parameter(Mandatory)] $Emulator,
        [string] $Method = 'Get',
        [string] $Path = '',
        $Body,
        [string] $Sandbox = 'prod',
        [switch] $Raw
    )
    $headers = @{
        Authorization   = "Bearer $(Get-EmulatorToken $Emulator)"
        'x-api-key'     = $Emulator.ClientId
        'x-gw-ims-org-id' = $Emulator.OrgId
        'x-sandbox-name' = $Sandbox
    }
    $call = @{ Method = $Method; Uri = "$($Emulator.BaseUrl)/data/core/ups/export/jobs$Path"; Headers = $headers }
    if ($null -ne $Body) { $call.Body = ($Body | ConvertTo-Json -Depth 10); $call.ContentType = 'application/json' }
    if ($Raw) { return (Invoke-WebRequest @call).Content }
    Invoke-RestMethod @call
}

function New-EmulatorJob {
    <# Creates jobs straight through the API (no module code). #>
    param([Parameter(Mandatory)] $Emulator, [int] $Count = 1, [string] $DatasetId = '5b7c86968f7b6501e21ba9df', [string] $Sandbox = 'prod')
    foreach ($i in 1..$Count) {
        Invoke-EmulatorApi -Emulator $Emulator -Method Post -Sandbox $Sandbox -Body @{
            fields      = 'identities.id,personalEmail.address'
            destination = @{ datasetId = $DatasetId }
            schema      = @{ name = '_xdm.context.profile' }
        }
    }
}

function Get-EmulatorJob {
    param([Parameter(Mandatory)] $Emulator, [long] $Id, [string] $Sandbox = 'prod')
    if ($Id) { return Invoke-EmulatorApi -Emulator $Emulator -Path "/$Id" -Sandbox $Sandbox }
    (Invoke-EmulatorApi -Emulator $Emulator -Path '?limit=1000' -Sandbox $Sandbox).records
}

function Wait-EmulatorJobFinal {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [long[]] $Id, [int] $TimeoutSec = 60, [string] $Sandbox = 'prod')
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    foreach ($one in $Id) {
        do {
            $job = Get-EmulatorJob -Emulator $Emulator -Id $one -Sandbox $Sandbox
            if ($job.status -notin 'NEW', 'PROCESSING') { break }
            Start-Sleep -Milliseconds 50
        } while ([DateTime]::UtcNow -lt $deadline)
    }
}

function Get-EmulatorStatistics {
    <# The emulator's counters: TotalRequests, RequestsByMethod, ResponsesByStatus, FaultsInjected, JobsCreated, JobsCreatedByRequestId, TokensIssued, Downloads, DownloadedBytes, DownloadsInProgress. #>
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod -Uri "$($Emulator.BaseUrl)/_emulator/statistics"
}

function Get-EmulatorRequestCount {
    param([Parameter(Mandatory)] $Emulator, [string] $Method)
    $s = Get-EmulatorStatistics $Emulator
    if (-not $Method) { return [long]$s.TotalRequests }
    # A method the server has not seen yet is no property at all (and StrictMode forbids reading a missing one).
    $n = $s.RequestsByMethod.psobject.Properties[$Method]
    if ($n) { [long]$n.Value } else { 0L }
}

function Reset-EmulatorStatistics {
    <# Sets the emulator's counters back to zero, so a test reads what it alone caused. A download stopped on the client
       side can keep the emulator writing into the dead connection for a moment; it waits for those to end first, so
       their last bytes are not counted against what comes next. #>
    param([Parameter(Mandatory)] $Emulator)
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while ((Get-EmulatorStatistics $Emulator).DownloadsInProgress -gt 0) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "The emulator at $($Emulator.BaseUrl) still writes a download 10 s after it was asked to reset." }
        Start-Sleep -Milliseconds 20
    }
    $null = Invoke-RestMethod -Method Delete -Uri "$($Emulator.BaseUrl)/_emulator/statistics"
}

function Set-EmulatorFault {
    <#
    .SYNOPSIS
    Replaces the emulator's faults while it runs. Keys as in FaultOptions: rateLimitShare, retryAfterSeconds,
    serverErrorShare, serverErrorStatuses, slowShare, slowDelay ('00:00:02'), dropShare, dropAfterCreateShare,
    tokenEarlyExpiry, includeTokenEndpoint; for file downloads cutDownloadShare, cutDownloadAfterBytes, slowDownloadShare,
    slowDownloadBytesPerSecond. (Error shapes: the emulator's --gateway-errors option.) What is left out is off.
    #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [hashtable] $Fault)
    $null = Invoke-RestMethod -Method Put -Uri "$($Emulator.BaseUrl)/_emulator/faults" -Body ($Fault | ConvertTo-Json) -ContentType 'application/json'
}

function Clear-EmulatorFault {
    param([Parameter(Mandatory)] $Emulator)
    $null = Invoke-RestMethod -Method Delete -Uri "$($Emulator.BaseUrl)/_emulator/faults"
}

function Set-EmulatorJobDuration {
    <# How long jobs created from now on take from NEW to their final state. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [timespan] $Minimum, [timespan] $Maximum = $Minimum)
    $body = @{ min = $Minimum.ToString(); max = $Maximum.ToString() } | ConvertTo-Json
    $null = Invoke-RestMethod -Method Put -Uri "$($Emulator.BaseUrl)/_emulator/job-duration" -Body $body -ContentType 'application/json'
}

function Invoke-Runner {
    <#
    .SYNOPSIS
    Runs src/AdobeExportJobs.Runner as users do: its own process, stdout, stderr and exit code. -InputText is what a
    user types (e.g. "n" to a confirmation prompt); the input ends after it.
    #>
    param([Parameter(Mandatory, Position = 0)] [string[]] $ArgumentList, [int] $TimeoutSec = 180, [hashtable] $Environment = @{}, [string] $InputText)
    $dll = Find-BuiltAssembly -Project 'AdobeExportJobs.Runner' -EnvironmentVariable 'AEJ_RUNNER_DLL'
    $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
    $start.ArgumentList.Add($dll)
    foreach ($a in $ArgumentList) { $start.ArgumentList.Add($a) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $start.WorkingDirectory = $script:RepoRoot
    $start.RedirectStandardInput = $PSBoundParameters.ContainsKey('InputText')
    foreach ($k in $Environment.Keys) { $start.Environment[$k] = $Environment[$k] }
    $process = [Diagnostics.Process]::Start($start)
    if ($start.RedirectStandardInput) {
        $process.StandardInput.Write($InputText)
        $process.StandardInput.Close()
    }
    $out = $process.StandardOutput.ReadToEndAsync()
    $err = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit($TimeoutSec * 1000)) {
        $process.Kill($true)
        throw "The runner did not finish within $TimeoutSec s: $ArgumentList"
    }
    $process.WaitForExit()
    [pscustomobject]@{ ExitCode = $process.ExitCode; StdOut = $out.Result; StdErr = $err.Result }
}

function Invoke-Captured {
    <#
    .SYNOPSIS
    Runs a script block and returns its streams apart: Output, Errors (with the terminating one, if any), Verbose,
    Debug, Warning, Information, and Terminating. Pass a literal script block so it runs in the test's scope; for a
    command held in text: Invoke-Captured { . ([scriptblock]::Create($Command)) }.
    #>
    param([Parameter(Mandatory, Position = 0)] [scriptblock] $ScriptBlock)
    $all = [Collections.Generic.List[object]]::new()
    $terminating = $null
    try { & $ScriptBlock *>&1 | ForEach-Object { $all.Add($_) } }
    catch { $terminating = $_ }
    $errors = @($all | Where-Object { $_ -is [Management.Automation.ErrorRecord] })
    if ($terminating) { $errors += $terminating }
    [pscustomobject]@{
        Output      = @($all | Where-Object { $_ -isnot [Management.Automation.ErrorRecord] -and $_ -isnot [Management.Automation.VerboseRecord] -and $_ -isnot [Management.Automation.DebugRecord] -and $_ -isnot [Management.Automation.WarningRecord] -and $_ -isnot [Management.Automation.InformationRecord] })
        Errors      = $errors
        Verbose     = @($all | Where-Object { $_ -is [Management.Automation.VerboseRecord] })
        Debug       = @($all | Where-Object { $_ -is [Management.Automation.DebugRecord] })
        Warning     = @($all | Where-Object { $_ -is [Management.Automation.WarningRecord] })
        Information = @($all | Where-Object { $_ -is [Management.Automation.InformationRecord] })
        Terminating = $terminating
    }
}

function Invoke-InRunspace {
    <#
    .SYNOPSIS
    Runs PowerShell text in a runspace of its own with the built module imported, and returns every stream including
    Progress (which no redirection operator reaches) and the terminating error. -Variables are set in it first; with
    -Emulator the export-job cmdlets of the script use a session of that emulator (New-AepSession, through
    $PSDefaultParameterValues), and the process's default session is left as it is.
    #>
    param([Parameter(Mandatory, Position = 0)] [string] $Script, [hashtable] $Variables = @{}, $Emulator)
    if ($Emulator) {
        $Variables = $Variables.Clone()
        $Variables['AejConnection'] = Get-TestConnection -Emulator $Emulator
        $Script = "`$PSDefaultParameterValues['*-ExportJob*:Session'] = New-AepSession @AejConnection -ErrorAction Stop`n" + $Script
    }
    $state = [Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
    $state.ImportPSModule([string[]]@(Get-BuiltModuleManifest))
    $runspace = [runspacefactory]::CreateRunspace($state)
    $runspace.Open()
    try {
        foreach ($k in $Variables.Keys) { $runspace.SessionStateProxy.SetVariable($k, $Variables[$k]) }
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        $null = $ps.AddScript($Script)
        $output = [Management.Automation.PSDataCollection[psobject]]::new()
        $terminating = $null
        try { $ps.Invoke($null, $output) } catch { $terminating = $_.Exception.InnerException ?? $_.Exception }
        $errors = @($ps.Streams.Error)
        if ($terminating -is [Management.Automation.IContainsErrorRecord]) { $errors += $terminating.ErrorRecord }
        [pscustomobject]@{
            Output      = @($output | ForEach-Object { $_ })
            Errors      = $errors
            Verbose     = @($ps.Streams.Verbose)
            Debug       = @($ps.Streams.Debug)
            Warning     = @($ps.Streams.Warning)
            Information = @($ps.Streams.Information)
            Progress    = @($ps.Streams.Progress)
            Terminating = $terminating
        }
    }
    finally { $runspace.Dispose() }
}

function Get-ErrorId {
    <# The error ids of a run's errors, without the command suffix (ExportJobNotFound, not ExportJobNotFound,Get-...). #>
    param([Parameter(ValueFromPipeline)] $ErrorRecord)
    process { if ($ErrorRecord) { ($ErrorRecord.FullyQualifiedErrorId -split ',')[0] } }
}

function Assert-SingleError {
    <#
    .SYNOPSIS
    Asserts that a run (Invoke-Captured or Invoke-InRunspace) wrote exactly one error, with this id, category and, when
    given, target object; returns that error for further checks. -ErrorId is the whole FullyQualifiedErrorId
    ('AepThrottled,AdobeExportJobs.Commands.GetExportJobCommand') or just its id ('AepThrottled'), which then must be the
    whole part before the command: the rule of the xunit suite's EngineAssert.SingleError too.
    #>
    param(
        [Parameter(Mandatory, Position = 0)] $Run,
        [Parameter(Mandatory, Position = 1)] [string] $ErrorId,
        [Parameter(Mandatory, Position = 2)] [Management.Automation.ErrorCategory] $Category,
        $TargetObject
    )
    $errors = @($Run.Errors)
    $errors | Should -HaveCount 1 -Because ("one error $ErrorId was expected; got: " + (($errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" }) -join ' | '))
    $actual = if ($ErrorId.Contains(',')) { $errors[0].FullyQualifiedErrorId } else { ($errors[0].FullyQualifiedErrorId -split ',')[0] }
    $actual | Should -BeExactly $ErrorId
    $errors[0].CategoryInfo.Category | Should -Be $Category
    if ($PSBoundParameters.ContainsKey('TargetObject')) { $errors[0].TargetObject | Should -Be $TargetObject }
    $errors[0]
}

function Get-AllText {
    <#
    .SYNOPSIS
    Every text a user could reach from objects and errors, for secret scans: ToString, properties (recursively, a few
    levels deep), exceptions with their inner exceptions and properties, error details.
    #>
    param([Parameter(ValueFromPipeline)] $InputObject, [int] $Depth = 4)
    # One set of objects seen for the whole pipeline: what many records share (their command, say) is read once.
    begin {
        $text = [Text.StringBuilder]::new()
        $seen = [Collections.Generic.Dictionary[object, int]]::new([Collections.Generic.ReferenceEqualityComparer]::Instance)
    }
    process { Add-TextOf -Builder $text -Value $InputObject -Depth $Depth -Seen $seen }
    end { $text.ToString() }
}

function Add-TextOf {
    param($Builder, $Value, [int] $Depth, $Seen)
    if ($null -eq $Value -or $Depth -lt 0) { return }
    if ($Value -is [string] -or $Value.GetType().IsPrimitive -or $Value -is [enum]) { $null = $Builder.AppendLine([string]$Value); return }
    # Times, spans, ids and numbers say all they hold in their text; their properties only multiply the walk.
    if ($Value -is [DateTime] -or $Value -is [DateTimeOffset] -or $Value -is [TimeSpan] -or $Value -is [Guid] -or $Value -is [decimal]) { $null = $Builder.AppendLine("$Value"); return }
    $base = if ($Value -is [psobject]) { $Value.psobject.BaseObject } else { $Value }
    # A PSObject can wrap nothing (a property the adapter left empty); it holds no text.
    if ($null -eq $base -or $base -is [Security.SecureString]) { return }
    # Reflection objects (an exception's TargetSite, a type) hold code, not data, and are large to walk.
    if ($base -is [Reflection.MemberInfo] -or $base -is [Reflection.Assembly] -or $base -is [Reflection.Module]) { return }
    if (-not $base.GetType().IsValueType) {
        # Each object once, unless it is met again with more depth left to read.
        $before = -1
        if ($Seen.TryGetValue($base, [ref]$before) -and $before -ge $Depth) { return }
        $Seen[$base] = $Depth
    }
    try { $null = $Builder.AppendLine("$Value") } catch { }
    if ($base -is [Management.Automation.ErrorRecord]) {
        Add-TextOf $Builder $base.Exception ($Depth) $Seen
        Add-TextOf $Builder $base.ErrorDetails ($Depth - 1) $Seen
        Add-TextOf $Builder $base.TargetObject ($Depth - 1) $Seen
    }
    if ($base -is [Exception]) { $null = $Builder.AppendLine($base.ToString()); Add-TextOf $Builder $base.InnerException ($Depth - 1) $Seen }
    if ($base -is [Collections.IDictionary]) {
        foreach ($k in $base.Keys) { $null = $Builder.AppendLine("$k"); Add-TextOf $Builder $base[$k] ($Depth - 1) $Seen }
        return
    }
    if ($base -is [Collections.IEnumerable]) {
        # Some reflection collections cannot be enumerated from PowerShell; their ToString above is all they show.
        try { foreach ($item in $base) { Add-TextOf $Builder $item ($Depth - 1) $Seen } } catch [ArgumentException] { }
        return
    }
    foreach ($p in ([psobject]$Value).psobject.Properties) {
        try { $v = $p.Value } catch { continue }
        Add-TextOf $Builder $v ($Depth - 1) $Seen
    }
}

function Import-HelpGenerator {
    <#
    .SYNOPSIS
    Loads tools/AdobeExportJobs.HelpGen, whose markdown reader is the one place that knows the help's schema (the
    tests read docs/en-US through it rather than parse the markdown a second way).
    #>
    if ('AdobeExportJobs.HelpGen.MarkdownHelpReader' -as [type]) { return }
    $dll = $env:AEJ_HELPGEN_DLL
    if (-not $dll) {
        $found = Get-ChildItem (Get-RepoPath 'tools/AdobeExportJobs.HelpGen/bin') -Filter 'AdobeExportJobs.HelpGen.dll' -Recurse -ErrorAction SilentlyContinue |
            Where-Object { $_.Directory.Name -eq 'net10.0' } | Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1
        if (-not $found) { throw 'tools/AdobeExportJobs.HelpGen is not built. Build first: dotnet build AdobeExportJobs.sln -c Release' }
        $dll = $found.FullName
    }
    Add-Type -Path $dll
}

function Get-MarkdownHelp {
    <# The help of every cmdlet as docs/en-US states it (AdobeExportJobs.HelpGen.CommandHelp objects), or of one file. #>
    param([string] $Path)
    Import-HelpGenerator
    if ($Path) { return [AdobeExportJobs.HelpGen.MarkdownHelpReader]::ReadFile($Path) }
    [AdobeExportJobs.HelpGen.HelpGenerator]::ReadFolder((Get-RepoPath 'docs/en-US'))
}

function Remove-ExamplePrompt {
    <# Examples may show a prompt ("PS C:\> ", "PS> "); a user types what follows it. #>
    param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Code)
    ($Code.Replace("`r`n", "`n").Split("`n") | ForEach-Object { $_ -replace '^PS( [A-Za-z]:[^>]*)?> ', '' }) -join "`n"
}

function Clear-TestEnvironment {
    <# Removes every AEP_* variable (a parent process may have set some), so only parameters count. Returns the old values for Restore-TestEnvironment. #>
    $names = 'AEP_ENDPOINT', 'AEP_IMS_ENDPOINT', 'AEP_CLIENT_ID', 'AEP_CLIENT_SECRET', 'AEP_ORG_ID', 'AEP_SANDBOX', 'AEP_SCOPES', 'AEP_ACCESS_TOKEN'
    $old = @{}
    foreach ($n in $names) { $old[$n] = [Environment]::GetEnvironmentVariable($n); [Environment]::SetEnvironmentVariable($n, $null) }
    $old
}

function New-HttpAnswer {
    <# A complete raw HTTP answer (status line, headers, blank line, body) with a correct Content-Length, for Start-ScriptedServer. #>
    param([int] $Status = 200, [string] $Reason = 'OK', [string] $Body = '', [string] $ContentType = 'application/json', [string[]] $Header = @())
    $length = [Text.Encoding]::UTF8.GetByteCount($Body)
    $extra = -join ($Header | ForEach-Object { "$_`r`n" })
    "HTTP/1.1 $Status $Reason`r`nContent-Type: $ContentType`r`nContent-Length: $length`r`nConnection: close`r`n$extra`r`n$Body"
}

function New-TokenAnswer {
    <# The IMS token answer, so a session with client credentials gets past authentication on a scripted server. #>
    New-HttpAnswer -Body '{"access_token":"scripted-token","token_type":"bearer","expires_in":86399}'
}

function Start-ScriptedServer {
    <#
    .SYNOPSIS
    A loopback HTTP server that answers with exactly the bytes a test scripts, for what the emulator never sends
    (malformed JSON, HTML pages, odd headers). -Answer maps a path prefix ('/ims/') or a method and prefix
    ('GET /data/') to a raw answer (New-HttpAnswer); the first match in order wins, -Default answers the rest.
    Every answer closes the connection. .Requests holds 'METHOD /path' of each request seen.
    #>
    param([Collections.IDictionary] $Answer = [ordered]@{}, [string] $Default = (New-HttpAnswer -Status 404 -Reason 'Not Found' -Body '{}'))
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $requests = [Collections.Concurrent.ConcurrentQueue[string]]::new()
    # A runspace of its own serves the requests, one at a time, until the listener stops.
    $serve = {
        param($Listener, $Answer, $Default, $Requests)
        while ($true) {
            try { $client = $Listener.AcceptTcpClient() } catch { return }
            try {
                $stream = $client.GetStream()
                $stream.ReadTimeout = 10000
                $head = [Collections.Generic.List[byte]]::new()
                while ($head.Count -lt 4 -or $head[$head.Count - 4] -ne 13 -or $head[$head.Count - 3] -ne 10 -or $head[$head.Count - 2] -ne 13 -or $head[$head.Count - 1] -ne 10) {
                    $b = $stream.ReadByte()
                    if ($b -lt 0) { break }
                    $head.Add([byte]$b)
                }
                $lines = [Text.Encoding]::ASCII.GetString($head.ToArray()) -split "`r`n"
                $method, $path = ($lines[0] -split ' ')[0, 1]
                $length = 0
                foreach ($line in $lines) { if ($line -match '^Content-Length:\s*(\d+)') { $length = [int]$Matches[1] } }
                $body = [byte[]]::new($length)
                $read = 0
                while ($read -lt $length) { $got = $stream.Read($body, $read, $length - $read); if ($got -le 0) { break }; $read += $got }
                $Requests.Enqueue("$method $path")
                $text = $Default
                foreach ($key in $Answer.Keys) {
                    $m, $prefix = if ($key -match '^(\S+) (\S+)$') { $Matches[1], $Matches[2] } else { $null, $key }
                    if ((-not $m -or $m -eq $method) -and $path.StartsWith($prefix)) { $text = $Answer[$key]; break }
                }
                $bytes = [Text.Encoding]::UTF8.GetBytes($text)
                $stream.Write($bytes, 0, $bytes.Length)
                $stream.Flush()
            }
            catch { }
            finally { $client.Dispose() }
        }
    }
    $ps = [powershell]::Create()
    $null = $ps.AddScript($serve).AddArgument($listener).AddArgument($Answer).AddArgument($Default).AddArgument($requests)
    $handle = $ps.BeginInvoke()
    [pscustomobject]@{
        PSTypeName = 'AdobeExportJobs.ScriptedServer'
        BaseUrl    = "http://127.0.0.1:$($listener.LocalEndpoint.Port)"
        Requests   = $requests
        Listener   = $listener
        PowerShell = $ps
        Handle     = $handle
    }
}

function Stop-ScriptedServer {
    param([Parameter(ValueFromPipeline)] $Server)
    process {
        if (-not $Server) { return }
        $Server.Listener.Stop()
        try { $null = $Server.Handle.AsyncWaitHandle.WaitOne(10000) } catch { }
        $Server.PowerShell.Dispose()
    }
}

# Every Verb-Noun function above is for the test files; new helpers go above this line.
Export-ModuleMember -Function *-*
