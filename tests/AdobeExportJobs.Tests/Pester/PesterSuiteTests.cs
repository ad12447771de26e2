using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using AdobeExportJobs.Tests.Module;
using Xunit;

namespace AdobeExportJobs.Tests.Pester;

/// <summary>
/// Runs each tests/Pester/*.Tests.ps1 in real PowerShell 7.6.9 (the runner: pwsh's console host with the built module)
/// so that `dotnet test` is the one test command. A file's Pester failures come back by name in the assertion message,
/// and its totals are written to TestResults/pester/ for the closing line of .ci/run. The files are dealt to two test
/// classes, which xunit runs side by side (most of a Pester file's time is waiting on jobs and processes).
/// </summary>
public class PesterSuiteTests
{
    public static IEnumerable<object[]> Files => Share(0);

    /// <summary>Every other file, starting at <paramref name="first"/>, in name order.</summary>
    internal static IEnumerable<object[]> Share(int first) =>
        Directory.GetFiles(RepoPaths.PesterTests, "*.Tests.ps1").OrderBy(f => f, StringComparer.Ordinal)
            .Where((_, index) => index % 2 == first).Select(f => new object[] { Path.GetFileName(f) });

    private static string PesterManifest =>
        typeof(PesterSuiteTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PesterManifest").Value;

    [Theory]
    [MemberData(nameof(Files))]
    public Task Pester_file_passes(string file) => RunFileAsync(file);

    internal static async Task RunFileAsync(string file)
    {
        Assert.True(File.Exists(PesterManifest), "Pester 6.2.0 was not restored to " + PesterManifest);
        var resultDir = Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "TestResults", "pester")).FullName;
        var resultFile = Path.Combine(resultDir, file + ".json");
        File.Delete(resultFile);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        foreach (var a in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "AdobeExportJobs.Runner.dll"), "-File", Path.Combine(RepoPaths.PesterTests, "Invoke-PesterFile.ps1"),
                     "-Path", Path.Combine(RepoPaths.PesterTests, file), "-PesterManifest", PesterManifest, "-ResultFile", resultFile,
                 })
            start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["AEJ_MODULE_MANIFEST"] = RepoPaths.ModuleManifest;
        start.Environment["AEJ_EMULATOR_DLL"] = Path.Combine(AppContext.BaseDirectory, "AdobeExportJobs.Emulator.dll");
        start.Environment["AEJ_RUNNER_DLL"] = Path.Combine(AppContext.BaseDirectory, "AdobeExportJobs.Runner.dll");
        start.Environment["AEJ_HELPGEN_DLL"] = Path.Combine(AppContext.BaseDirectory, "AdobeExportJobs.HelpGen.dll");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} did not finish in 10 minutes.\n{await stdout}\n{await stderr}");
        }

        Assert.True(File.Exists(resultFile), $"{file} wrote no result (exit {process.ExitCode}).\n{await stdout}\n{await stderr}");
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(resultFile));
        var root = result.RootElement;
        int Count(string name) => root.GetProperty(name).GetInt32();
        var failures = root.GetProperty("Failures").ValueKind == JsonValueKind.Array
            ? root.GetProperty("Failures").EnumerateArray().Select(f => $"  [-] {f.GetProperty("Name").GetString()}\n      {f.GetProperty("Message").GetString()}").ToList()
            : new List<string>();
        Assert.True(Count("Failed") == 0 && Count("Skipped") == 0 && Count("NotRun") == 0 && Count("Passed") > 0,
            $"{file}: {Count("Passed")} passed, {Count("Failed")} failed, {Count("Skipped")} skipped, {Count("NotRun")} not run\n" +
            string.Join("\n", failures) + "\n--- output ---\n" + await stdout + await stderr);
    }
}

/// <summary>The other half of the Pester files (see <see cref="PesterSuiteTests"/>).</summary>
public class PesterSuiteSecondHalfTests
{
    public static IEnumerable<object[]> Files => PesterSuiteTests.Share(1);

    [Theory]
    [MemberData(nameof(Files))]
    public Task Pester_file_passes(string file) => PesterSuiteTests.RunFileAsync(file);
}
