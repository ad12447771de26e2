using System.Management.Automation;
using System.Management.Automation.Runspaces;
using AdobeExportJobs.Emulator;
using Microsoft.PowerShell;

namespace AdobeExportJobs.Runner;

/// <summary>
/// dotnet run --project src/AdobeExportJobs.Runner -- [--emulator] [--module PATH] [-File script.ps1 [args] | -Command "text"]
/// Real PowerShell 7 (the console host pwsh itself runs) with the built module imported, optionally next to an emulator.
/// </summary>
public static class Program
{
    private const string Usage =
        "usage: AdobeExportJobs.Runner [--emulator] [--module PATH] [-File script.ps1 [args...] | -Command \"text\"]\n" +
        "  --emulator  start the AdobeExportJobs emulator on a free loopback port and point the AEP_* variables at it\n" +
        "  --module    the module manifest to import (default: out/AdobeExportJobs/AdobeExportJobs.psd1 above this program)\n" +
        "  With neither -File nor -Command: an interactive PowerShell prompt.\n" +
        "  Redirected output is plain text; errors go to stderr; the exit code is 1 when any error was written.";

    public static async Task<int> Main(string[] args)
    {
        RunnerArguments parsed;
        try { parsed = RunnerArguments.Parse(args); }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
        if (parsed.ShowHelp)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        string manifest;
        try { manifest = parsed.ModulePath is null ? HostedPowerShell.FindModuleManifest() : Path.GetFullPath(parsed.ModulePath); }
        catch (FileNotFoundException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }

        EmulatorServer emulator = null;
        try
        {
            if (parsed.StartEmulator)
            {
                emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
                PointEnvironmentAt(emulator);
                Console.Error.WriteLine($"emulator: {emulator.BaseUrl} (client {emulator.Options.ClientId}, org {emulator.Options.OrgId}, sandbox {emulator.Options.Sandboxes[0]}); Connect-Aep with no arguments reaches it");
            }
            return RunConsoleHost(parsed, manifest);
        }
        finally
        {
            if (emulator is not null) await emulator.DisposeAsync();
        }
    }

    /// <summary>Sets the AEP_* variables so that Connect-Aep with no arguments reaches <paramref name="emulator"/>.</summary>
    public static void PointEnvironmentAt(EmulatorServer emulator)
    {
        var o = emulator.Options;
        Environment.SetEnvironmentVariable("AEP_ENDPOINT", emulator.BaseUrl.ToString().TrimEnd('/'));
        Environment.SetEnvironmentVariable("AEP_IMS_ENDPOINT", emulator.BaseUrl.ToString().TrimEnd('/'));
        Environment.SetEnvironmentVariable("AEP_CLIENT_ID", o.ClientId);
        Environment.SetEnvironmentVariable("AEP_CLIENT_SECRET", o.ClientSecret);
        Environment.SetEnvironmentVariable("AEP_ORG_ID", o.OrgId);
        Environment.SetEnvironmentVariable("AEP_SANDBOX", o.Sandboxes[0]);
        Environment.SetEnvironmentVariable("AEP_SCOPES", "openid,AdobeID,read_organizations,additional_info.projectedProductContext,session");
        Environment.SetEnvironmentVariable("AEP_ACCESS_TOKEN", null);
    }

    /// <summary>
    /// Puts the module's parent folder on PSModulePath, so the runspaces a user starts (ForEach-Object -Parallel, thread
    /// jobs) import the module by name on first use, as they would an installed one, and share the process's default session.
    /// </summary>
    private static void MakeImportableByName(string manifest)
    {
        var moduleFolder = Path.GetDirectoryName(manifest);
        if (!string.Equals(Path.GetFileName(moduleFolder), Path.GetFileNameWithoutExtension(manifest), StringComparison.OrdinalIgnoreCase)) return;
        var modulePath = Environment.GetEnvironmentVariable("PSModulePath");
        Environment.SetEnvironmentVariable("PSModulePath", string.IsNullOrEmpty(modulePath) ? Path.GetDirectoryName(moduleFolder) : Path.GetDirectoryName(moduleFolder) + Path.PathSeparator + modulePath);
    }

    private static int RunConsoleHost(RunnerArguments parsed, string manifest)
    {
        // pwsh renders ANSI colours even into a pipe; logs and CI want plain text. NO_COLOR is PowerShell's own switch.
        if (Console.IsOutputRedirected || Console.IsErrorRedirected) Environment.SetEnvironmentVariable("NO_COLOR", "1");

        MakeImportableByName(manifest);
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(manifest);
        state.Commands.Add(ErrorCount.OutDefaultProxy());

        var pwshArgs = new List<string> { "-NoProfile" };
        if (parsed.File is not null)
        {
            pwshArgs.Add("-File");
            pwshArgs.Add(Path.GetFullPath(parsed.File));
            pwshArgs.AddRange(parsed.ScriptArguments);
        }
        else if (parsed.Command is not null)
        {
            pwshArgs.Add("-Command");
            pwshArgs.Add(parsed.Command);
        }
        else
        {
            pwshArgs.Add("-NoExit");
            pwshArgs.Add("-Command");
            pwshArgs.Add("Write-Host 'AdobeExportJobs runner: PowerShell ' -NoNewline; Write-Host $PSVersionTable.PSVersion -NoNewline; Write-Host \" with $((Get-Module AdobeExportJobs).Path)\"; " +
                         "if ($env:AEP_ENDPOINT) { Write-Host \"AEP_* point at $env:AEP_ENDPOINT. Try: Connect-Aep; New-ExportJob -DatasetId 5b020a27e7040801dedbf46e | Wait-ExportJob\" }");
        }

        var exitCode = ConsoleShell.Start(state, bannerText: string.Empty, helpText: Usage, args: pwshArgs.ToArray());
        // pwsh keeps exit code 0 after a non-terminating error; a runbook's caller must see that something failed.
        return exitCode == 0 && ErrorCount.Value > 0 ? 1 : exitCode;
    }
}

/// <summary>
/// Counts the error records that reach the top of the console host's pipeline (what pwsh prints as errors). The host
/// merges the error stream into Out-Default, so a proxy of Out-Default sees exactly those; errors a script caught or
/// silenced never get there.
/// </summary>
public static class ErrorCount
{
    private static int _value;

    public static int Value => Volatile.Read(ref _value);

    public static void Add() => Interlocked.Increment(ref _value);

    public static SessionStateFunctionEntry OutDefaultProxy() => new("Out-Default", """
        [CmdletBinding()]
        param([switch] $Transcript, [Parameter(ValueFromPipeline = $true)] [psobject] $InputObject)
        begin {
            $inner = { Microsoft.PowerShell.Core\Out-Default @PSBoundParameters }.GetSteppablePipeline($MyInvocation.CommandOrigin)
            $inner.Begin($PSCmdlet)
        }
        process {
            if ($InputObject -is [System.Management.Automation.ErrorRecord]) { [AdobeExportJobs.Runner.ErrorCount]::Add() }
            $inner.Process($InputObject)
        }
        end { $inner.End() }
        """);
}

internal sealed class RunnerArguments
{
    public bool StartEmulator { get; private set; }
    public bool ShowHelp { get; private set; }
    public string File { get; private set; }
    public List<string> ScriptArguments { get; } = new();
    public string Command { get; private set; }
    public string ModulePath { get; private set; }

    public static RunnerArguments Parse(string[] args)
    {
        var parsed = new RunnerArguments();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i].ToLowerInvariant())
            {
                case "--emulator": parsed.StartEmulator = true; break;
                case "--module": parsed.ModulePath = Next(); break;
                case "-file": case "--file": case "-f":
                    parsed.File = Next();
                    // Like pwsh: everything after the script's path is the script's own arguments.
                    parsed.ScriptArguments.AddRange(args.Skip(i + 1));
                    i = args.Length;
                    break;
                case "-command": case "--command": case "-c": parsed.Command = Next(); break;
                case "-h": case "--help": case "-?": parsed.ShowHelp = true; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        if (parsed.File is not null && parsed.Command is not null)
            throw new ArgumentException("Give -File or -Command, not both.");
        if (parsed.File is not null && !System.IO.File.Exists(parsed.File))
            throw new ArgumentException($"Script file '{parsed.File}' was not found.");
        return parsed;
    }
}
