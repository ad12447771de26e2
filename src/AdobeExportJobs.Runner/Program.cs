using System.Management.Automation;
using System.Management.Automation.Runspaces;
using AdobeExportJobs.Emulator;

namespace AdobeExportJobs.Runner;

/// <summary>
/// dotnet run --project src/AdobeExportJobs.Runner -- [--emulator] [--width N] (-File script.ps1 | -Command "text")
/// Runs PowerShell with the built module imported, for machines that have no pwsh.
/// </summary>
public static class Program
{
    private const string Usage =
        "usage: AdobeExportJobs.Runner [--emulator] [--width N] [--module PATH] (-File script.ps1 | -Command \"text\")\n" +
        "  --emulator  start the AdobeExportJobs emulator on a free loopback port and point the AEP_* variables at it\n" +
        "  --width N   width of formatted output (default 120)\n" +
        "  --module    the module manifest to import (default: out/AdobeExportJobs/AdobeExportJobs.psd1 above this program)";

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

        EmulatorServer emulator = null;
        try
        {
            if (parsed.StartEmulator)
            {
                emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
                PointEnvironmentAt(emulator);
                Console.Error.WriteLine($"emulator: {emulator.BaseUrl} (client {emulator.Options.ClientId}, org {emulator.Options.OrgId}, sandbox {emulator.Options.Sandboxes[0]})");
            }
            return await RunScriptAsync(parsed);
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

    private static async Task<int> RunScriptAsync(RunnerArguments parsed)
    {
        var host = new TextHost(Console.Out, Console.Error, parsed.Width);
        using var runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        runspace.Open();
        PlainText.Apply(runspace);

        var manifest = parsed.ModulePath ?? HostedPowerShell.FindModuleManifest();
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddCommand("Import-Module").AddParameter("Name", manifest).AddParameter("ErrorAction", "Stop").AddStatement();
        if (parsed.File is not null) ps.AddCommand(Path.GetFullPath(parsed.File));
        else ps.AddScript(parsed.Command);
        ps.AddCommand("Out-Default");

        var errors = 0;
        ps.Streams.Error.DataAdded += (sender, e) =>
        {
            var record = ((PSDataCollection<ErrorRecord>)sender)[e.Index];
            Interlocked.Increment(ref errors);
            Console.Error.WriteLine(ErrorText.Describe(record));
        };

        using var stopOnCtrlC = new CtrlCHandler(ps);
        try
        {
            await ps.InvokeAsync();
        }
        catch (Exception ex) when (ex is RuntimeException or PipelineStoppedException)
        {
            if (ex is PipelineStoppedException) Console.Error.WriteLine("Stopped.");
            else Console.Error.WriteLine(ex is IContainsErrorRecord r ? ErrorText.Describe(r.ErrorRecord) : ex.Message);
            return host.ExitCode is > 0 ? host.ExitCode.Value : 1;
        }
        if (host.ExitCode.HasValue) return host.ExitCode.Value;
        return errors > 0 ? 1 : 0;
    }

    private sealed class CtrlCHandler : IDisposable
    {
        private readonly PowerShell _ps;

        public CtrlCHandler(PowerShell ps)
        {
            _ps = ps;
            Console.CancelKeyPress += OnCancel;
        }

        private void OnCancel(object sender, ConsoleCancelEventArgs e)
        {
            // Keep the process: stopping the pipeline lets cmdlets cancel their requests and clean up.
            e.Cancel = true;
            _ps.BeginStop(null, null);
        }

        public void Dispose() => Console.CancelKeyPress -= OnCancel;
    }
}

public static class ErrorText
{
    /// <summary>One error as pwsh's concise view shows it, plus the id and category scripts match on.</summary>
    public static string Describe(ErrorRecord record)
    {
        var command = record.InvocationInfo?.MyCommand?.Name;
        var message = record.ErrorDetails?.Message ?? record.Exception?.Message ?? record.ToString();
        var prefix = string.IsNullOrEmpty(command) ? "" : command + ": ";
        var text = $"{prefix}{message}\n  [{record.CategoryInfo.Category}] {record.FullyQualifiedErrorId}";
        if (!string.IsNullOrEmpty(record.ErrorDetails?.RecommendedAction)) text += "\n  " + record.ErrorDetails.RecommendedAction;
        return text;
    }
}

internal sealed class RunnerArguments
{
    public bool StartEmulator { get; private set; }
    public bool ShowHelp { get; private set; }
    public int Width { get; private set; } = 120;
    public string File { get; private set; }
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
                case "--width": parsed.Width = int.TryParse(Next(), out var w) && w >= 40 ? w : throw new ArgumentException("--width takes a number of columns, 40 or more."); break;
                case "--module": parsed.ModulePath = Next(); break;
                case "-file": case "--file": parsed.File = Next(); break;
                case "-command": case "--command": case "-c": parsed.Command = Next(); break;
                case "-h": case "--help": case "-?": parsed.ShowHelp = true; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        if (!parsed.ShowHelp && (parsed.File is null) == (parsed.Command is null))
            throw new ArgumentException("Give exactly one of -File or -Command.");
        if (parsed.File is not null && !System.IO.File.Exists(parsed.File))
            throw new ArgumentException($"Script file '{parsed.File}' was not found.");
        return parsed;
    }
}
