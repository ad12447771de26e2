using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

namespace AdobeExportJobs.Runner;

/// <summary>Output for logs and tests: no ANSI colour sequences, whatever the host could render.</summary>
public static class PlainText
{
    public static void Apply(Runspace runspace)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript("$PSStyle.OutputRendering = [System.Management.Automation.OutputRendering]::PlainText").Invoke();
    }
}

/// <summary>Everything one script run produced, stream by stream.</summary>
public sealed class HostedRunResult
{
    public IReadOnlyList<PSObject> Output { get; init; } = Array.Empty<PSObject>();
    public IReadOnlyList<ErrorRecord> Errors { get; init; } = Array.Empty<ErrorRecord>();
    public IReadOnlyList<VerboseRecord> Verbose { get; init; } = Array.Empty<VerboseRecord>();
    public IReadOnlyList<DebugRecord> Debug { get; init; } = Array.Empty<DebugRecord>();
    public IReadOnlyList<WarningRecord> Warnings { get; init; } = Array.Empty<WarningRecord>();
    public IReadOnlyList<InformationRecord> Information { get; init; } = Array.Empty<InformationRecord>();
    public IReadOnlyList<ProgressRecord> Progress { get; init; } = Array.Empty<ProgressRecord>();

    /// <summary>The error that ended the run, if one did (a throw, -ErrorAction Stop, a stop request).</summary>
    public Exception TerminatingError { get; init; }

    /// <summary>The formatted output of a rendered run.</summary>
    public string HostText { get; init; } = string.Empty;

    public bool Succeeded => TerminatingError is null && Errors.Count == 0;

    /// <summary>Every stream as text in one string: what a leak scan must search.</summary>
    public string AllText()
    {
        var text = new StringBuilder(HostText);
        foreach (var o in Output) text.AppendLine(o?.ToString());
        foreach (var o in Output) AppendProperties(text, o);
        foreach (var e in Errors) AppendError(text, e);
        if (TerminatingError is not null)
        {
            text.AppendLine(TerminatingError.ToString());
            if (TerminatingError is IContainsErrorRecord withRecord) AppendError(text, withRecord.ErrorRecord);
        }
        foreach (var r in Verbose) text.AppendLine(r.Message);
        foreach (var r in Debug) text.AppendLine(r.Message);
        foreach (var r in Warnings) text.AppendLine(r.Message);
        foreach (var r in Information) text.AppendLine(r.MessageData?.ToString());
        foreach (var r in Progress) text.AppendLine(r.Activity + " " + r.StatusDescription + " " + r.CurrentOperation);
        return text.ToString();
    }

    private static void AppendProperties(StringBuilder text, PSObject o)
    {
        if (o is null) return;
        foreach (var p in o.Properties)
        {
            try { text.Append(p.Name).Append('=').AppendLine(p.Value?.ToString()); }
            catch (Exception ex) { text.AppendLine(p.Name + " threw " + ex.Message); }
        }
    }

    private static void AppendError(StringBuilder text, ErrorRecord e)
    {
        text.AppendLine(e.ToString());
        text.AppendLine(e.Exception?.ToString());
        text.AppendLine(e.ErrorDetails?.Message);
        text.AppendLine(e.ErrorDetails?.RecommendedAction);
        text.AppendLine(e.TargetObject?.ToString());
        text.AppendLine(e.FullyQualifiedErrorId);
    }
}

/// <summary>
/// A PowerShell 7 engine hosted in this process with the AdobeExportJobs module imported:
/// the stand-in for pwsh on machines that have none, used by the runner, the tests and the benchmarks.
/// One runspace, so state (the default session, variables) carries from one <see cref="Run"/> to the next.
/// </summary>
public sealed class HostedPowerShell : IDisposable
{
    private static readonly object OpenGate = new();
    private readonly Runspace _runspace;

    public HostedPowerShell(string moduleManifestPath = null, int width = 120, bool importModule = true)
    {
        Width = width;
        // Opening many runspaces at once can leave one without its core commands ("Import-Module is not recognized"):
        // seen when 40 engines started together. Opening them one at a time costs little and removes the race.
        lock (OpenGate)
        {
            _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            _runspace.Open();
        }
        PlainText.Apply(_runspace);
        ModuleManifestPath = moduleManifestPath ?? FindModuleManifest();
        if (importModule)
        {
            var import = Run("Import-Module -Name $args[0] -ErrorAction Stop", arguments: new object[] { ModuleManifestPath });
            if (!import.Succeeded)
                throw new InvalidOperationException($"Importing {ModuleManifestPath} failed: {import.TerminatingError?.Message ?? import.Errors[0].ToString()}");
        }
    }

    /// <summary>The width rendered output is formatted to.</summary>
    public int Width { get; }

    public string ModuleManifestPath { get; }

    public Runspace Runspace => _runspace;

    /// <summary>
    /// Finds out/AdobeExportJobs/AdobeExportJobs.psd1 in the nearest folder at or above <paramref name="startDirectory"/>
    /// (default: this program's own folder), which is where the build lays the module out.
    /// </summary>
    public static string FindModuleManifest(string startDirectory = null)
    {
        for (var dir = new DirectoryInfo(startDirectory ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "out", "AdobeExportJobs", "AdobeExportJobs.psd1");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("out/AdobeExportJobs/AdobeExportJobs.psd1 was not found above " +
            (startDirectory ?? AppContext.BaseDirectory) + ". Build first: dotnet build AdobeExportJobs.sln -c Release");
    }

    public void SetVariable(string name, object value) => _runspace.SessionStateProxy.SetVariable(name, value);

    /// <summary>Runs <paramref name="script"/>; with <paramref name="render"/> its output is formatted (Out-String at <see cref="Width"/>) into <see cref="HostedRunResult.HostText"/>.</summary>
    public HostedRunResult Run(string script, bool render = false, object[] arguments = null) =>
        RunAsync(script, render, arguments, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>As <see cref="Run"/>; cancelling the token stops the pipeline the way Ctrl+C does.</summary>
    public async Task<HostedRunResult> RunAsync(string script, bool render = false, object[] arguments = null, CancellationToken cancellationToken = default)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        foreach (var argument in arguments ?? Array.Empty<object>()) ps.AddArgument(argument);
        if (render) ps.AddCommand("Out-String").AddParameter("Width", Width);

        var output = new PSDataCollection<PSObject>();
        Exception terminating = null;
        try
        {
            using (cancellationToken.Register(() => ps.BeginStop(null, null)))
            {
                await ps.InvokeAsync(new PSDataCollection<PSObject>(), output).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RuntimeException or PipelineStoppedException or InvalidOperationException)
        {
            terminating = ex;
        }

        var rendered = render ? string.Concat(output.Select(o => o?.ToString())) : string.Empty;
        return new HostedRunResult
        {
            Output = render ? Array.Empty<PSObject>() : output.ToList(),
            Errors = ps.Streams.Error.ToList(),
            Verbose = ps.Streams.Verbose.ToList(),
            Debug = ps.Streams.Debug.ToList(),
            Warnings = ps.Streams.Warning.ToList(),
            Information = ps.Streams.Information.ToList(),
            Progress = ps.Streams.Progress.ToList(),
            TerminatingError = terminating,
            HostText = rendered,
        };
    }

    public void Dispose() => _runspace.Dispose();
}
