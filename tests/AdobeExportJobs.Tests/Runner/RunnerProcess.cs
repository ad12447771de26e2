using System.Diagnostics;

namespace AdobeExportJobs.Tests.Runner;

/// <summary>Runs the runner as users do: a separate process, its own stdout, stderr and exit code.</summary>
internal static class RunnerProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static Task<Result> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    /// <summary>As <see cref="RunAsync"/>, with <paramref name="input"/> typed on standard input (then closed).</summary>
    public static async Task<Result> RunWithInputAsync(string input, params string[] args)
    {
        var runnerDll = Path.Combine(AppContext.BaseDirectory, "AdobeExportJobs.Runner.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(runnerDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = null;
        using var process = Process.Start(start)!;
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
