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

    private long _sampledPeak;
    private CancellationTokenSource _sampling;

    /// <summary>Samples the resident set every 20 ms from now on: Linux updates VmHWM only now and then, so it alone can
    /// miss a short peak.</summary>
    public void SamplePeak()
    {
        _sampling = new CancellationTokenSource();
        var token = _sampling.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                while (!token.IsCancellationRequested && !_process.HasExited)
                {
                    var now = ResidentBytes();
                    if (now > Interlocked.Read(ref _sampledPeak)) Interlocked.Exchange(ref _sampledPeak, now);
                    await Task.Delay(20).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or InvalidOperationException) { /* the process ended */ }
        });
    }

    /// <summary>The most memory the process has held resident so far, in bytes: the larger of VmHWM (Linux) or the peak
    /// working set, and the sampled peak.</summary>
    public long PeakResidentBytes()
    {
        long recorded;
        var status = $"/proc/{_process.Id}/status";
        if (File.Exists(status))
        {
            var line = File.ReadLines(status).First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            recorded = long.Parse(Regex.Match(line, @"\d+").Value) * 1024;
        }
        else
        {
            _process.Refresh();
            recorded = _process.PeakWorkingSet64;
        }
        return Math.Max(recorded, Math.Max(Interlocked.Read(ref _sampledPeak), ResidentBytes()));
    }

    public long ResidentBytes()
    {
        var status = $"/proc/{_process.Id}/status";
        if (File.Exists(status))
        {
            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            if (line != null) return long.Parse(Regex.Match(line, @"\d+").Value) * 1024;
        }
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
        _sampling?.Cancel();
        if (!_process.HasExited) await KillHardAsync();
        _process.Dispose();
    }
}
