using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AdobeExportJobs.Tests.Emulator;

/// <summary>
/// An emulator in a process of its own, started as a user starts it (the built program, or an installed tool), so that a
/// test can measure its memory or kill it the hard way. Its address and dataset root come from what it prints.
/// </summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output;

    private EmulatorProcess(Process process, List<string> output, Uri baseUrl, string datasetRoot)
    {
        _process = process;
        _output = output;
        BaseUrl = baseUrl;
        DatasetRoot = datasetRoot;
    }

    public Uri BaseUrl { get; }
    public string DatasetRoot { get; }
    public int ProcessId => _process.Id;
    public string Output { get { lock (_output) return string.Join("\n", _output); } }

    /// <summary>The built emulator from the test output folder: dotnet AdobeExportJobs.Emulator.dll ARGS.</summary>
    public static Task<EmulatorProcess> StartBuiltAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AdobeExportJobs.Emulator.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return StartAsync(start);
    }

    public static async Task<EmulatorProcess> StartAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        if (!start.ArgumentList.Contains("--urls"))
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add("http://127.0.0.1:0");
        }
        var process = Process.Start(start)!;
        var output = new List<string>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == null) { ready.TrySetResult(); return; }
            lock (output) output.Add(e.Data);
            if (e.Data.StartsWith("Press Ctrl+C", StringComparison.Ordinal)) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.Add("stderr: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            string text;
            lock (output) text = string.Join("\n", output);
            var address = Regex.Match(text, @"listening on (http://\S+)");
            var datasets = Regex.Match(text, @"datasets: (.+)$", RegexOptions.Multiline);
            if (!address.Success || !datasets.Success) throw new InvalidOperationException("The emulator did not start:\n" + text);
            return new EmulatorProcess(process, output, new Uri(address.Groups[1].Value), datasets.Groups[1].Value.Trim());
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>The most memory the process has held resident so far (VmHWM on Linux), in bytes.</summary>
    public long PeakResidentBytes()
    {
        var status = $"/proc/{_process.Id}/status";
        if (File.Exists(status))
        {
            var line = File.ReadLines(status).First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return long.Parse(Regex.Match(line, @"\d+").Value) * 1024;
        }
        _process.Refresh();
        return _process.PeakWorkingSet64;
    }

    public long ResidentBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    /// <summary>Kills the process outright (SIGKILL): nothing of it gets to clean up.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillHardAsync();
        _process.Dispose();
    }
}
