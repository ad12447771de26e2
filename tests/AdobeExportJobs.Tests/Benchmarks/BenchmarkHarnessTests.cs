using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using AdobeExportJobs.Tests.Module;
using Xunit;

namespace AdobeExportJobs.Tests.Benchmarks;

/// <summary>
/// Runs the benchmark harness as CI would, in its tiny --quick configuration: proves every case runs end to end and
/// reports value, baseline and ratio. The figures of a quick run mean nothing, so no speed is asserted here; the
/// targets are judged by the full run (dotnet run -c Release --project tests/AdobeExportJobs.Benchmarks -- --json FILE).
/// </summary>
public sealed class BenchmarkHarnessTests
{
    private static readonly string[] Cases = { "import", "get", "list", "list-memory", "wait", "emulator", "soak", "download" };

    [Fact]
    public async Task Quick_run_reports_every_case_with_value_baseline_and_ratio()
    {
        var json = Path.Combine(Path.GetTempPath(), "aej-bench-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var run = await RunHarnessAsync("--quick", "--json", json);
            Assert.True(run.ExitCode == 0, $"harness exit code {run.ExitCode}\n{run.StdOut}\n{run.StdErr}");

            using var document = JsonDocument.Parse(File.ReadAllText(json));
            var cases = document.RootElement.GetProperty("cases").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString());
            Assert.Equal(Cases, cases.Keys);
            foreach (var (name, entry) in cases)
            {
                Assert.True(entry.GetProperty("value").ValueKind == JsonValueKind.Number, $"{name} has no value: {entry}");
                Assert.True(entry.GetProperty("baseline").ValueKind == JsonValueKind.Number, $"{name} has no baseline: {entry}");
                Assert.False(string.IsNullOrWhiteSpace(entry.GetProperty("unit").GetString()), $"{name} has no unit");
                if (name != "soak") Assert.True(entry.GetProperty("ratio").ValueKind == JsonValueKind.Number, $"{name} has no ratio: {entry}");
                // The table printed the same case.
                Assert.Contains(name, run.StdOut);
            }

            // What the cases counted is checked against what they were asked to do, not just that they printed something.
            var list = cases["list"].GetProperty("details");
            Assert.Equal(300, list.GetProperty("jobs").GetDouble());
            // The PowerShell baselines: Invoke-RestMethod next to the raw HttpClient, and Import-Module in real pwsh.
            Assert.True(list.GetProperty("invokeRestMethodJobsPerSecond").GetDouble() > 0, list.ToString());
            Assert.True(cases["get"].GetProperty("details").GetProperty("invokeRestMethodMs").GetDouble() > 0);
            Assert.True(cases["import"].GetProperty("details").GetProperty("pwshModuleMs").GetDouble() > 0, cases["import"].ToString());
            var wait = cases["wait"].GetProperty("details");
            Assert.Equal(wait.GetProperty("jobs").GetDouble(), wait.GetProperty("succeeded").GetDouble());
            var soak = cases["soak"].GetProperty("details");
            Assert.Equal(0, soak.GetProperty("duplicates").GetDouble());
            Assert.True(soak.GetProperty("created").GetDouble() > 0, soak.ToString());
            Assert.True(soak.GetProperty("faults").GetDouble() > 0, "the soak ran without faults: " + soak);
            Assert.True(cases["emulator"].GetProperty("value").GetDouble() > 0);
            // The download case saved a real export both ways (each checked file by file) and sampled the heap for both sizes.
            var download = cases["download"].GetProperty("details");
            Assert.True(download.GetProperty("files").GetDouble() >= 10, download.ToString());
            Assert.True(download.GetProperty("exportMB").GetDouble() > download.GetProperty("smallExportMB").GetDouble() * 5, download.ToString());
            Assert.True(download.GetProperty("rawMBps").GetDouble() > 0 && download.GetProperty("moduleMBps").GetDouble() > 0, download.ToString());
            Assert.True(download.TryGetProperty("growthRatio", out _), download.ToString());
            Assert.True(document.RootElement.GetProperty("machine").GetProperty("processors").GetInt32() > 0);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public async Task Unknown_case_is_refused_with_the_usage()
    {
        var run = await RunHarnessAsync("--case", "nosuchcase");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Unknown case 'nosuchcase'", run.StdErr);
        Assert.Contains("--json", run.StdErr);
    }

    private sealed record Run(int ExitCode, string StdOut, string StdErr);

    /// <summary>The harness built next to these tests (same configuration), started the way `dotnet run` would.</summary>
    private static async Task<Run> RunHarnessAsync(params string[] args)
    {
        var configuration = typeof(BenchmarkHarnessTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dll = Path.Combine(RepoPaths.Root, "tests", "AdobeExportJobs.Benchmarks", "bin", configuration, "net10.0", "AdobeExportJobs.Benchmarks.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution (dotnet test at the repository root does).");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        return new Run(process.ExitCode, await stdout, await stderr);
    }
}
