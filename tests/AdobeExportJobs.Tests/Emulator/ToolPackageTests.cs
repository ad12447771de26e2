using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using Xunit;

namespace AdobeExportJobs.Tests.Emulator;

/// <summary>
/// The emulator as a .NET tool, the way the README tells a user without the repository to get it: dotnet pack, then
/// dotnet tool install --add-source from the packed folder, then the aep-emulator command.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "emulator-tool-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_emulator_packs_as_a_dotnet_tool_that_installs_and_answers()
    {
        var project = Path.Combine(RepoPaths.Root, "src", "AdobeExportJobs.Emulator", "AdobeExportJobs.Emulator.csproj");
        var packages = Path.Combine(_folder, "packages");
        var tools = Path.Combine(_folder, "tools");
        Directory.CreateDirectory(_folder);
        // No feed but the packed folder: the install must not need the internet.
        var config = Path.Combine(_folder, "nuget.config");
        File.WriteAllText(config, "<?xml version=\"1.0\" encoding=\"utf-8\"?><configuration><packageSources><clear /></packageSources></configuration>");

        // The build that produced these tests compiled the emulator already; packing that output races no second build.
        await RunAsync("dotnet", "pack", project, "--no-build", "-c", BuildConfiguration(), "-o", packages);
        var package = Assert.Single(Directory.GetFiles(packages, "AdobeExportJobs.Emulator.*.nupkg"));
        Assert.Matches(@"AdobeExportJobs\.Emulator\.\d+\.\d+\.\d+\.nupkg$", package);

        await RunAsync("dotnet", "tool", "install", "AdobeExportJobs.Emulator", "--tool-path", tools, "--add-source", packages,
            "--configfile", config);
        var command = Path.Combine(tools, OperatingSystem.IsWindows() ? "aep-emulator.exe" : "aep-emulator");
        Assert.True(File.Exists(command), "the tool installs the aep-emulator command");

        var start = new ProcessStartInfo(command);
        foreach (var arg in new[] { "--profile-count", "10" }) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_ROOT"] = DotnetRoot();
        await using var emulator = await EmulatorProcess.StartAsync(start);
        Assert.Contains("emulator-client", emulator.Output);

        using var http = new HttpClient { BaseAddress = emulator.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        Assert.Contains("AdobeExportJobs emulator", await http.GetStringAsync("/"));
        using var client = await ApiClient.ConnectAsync(emulator.BaseUrl);
        var job = await client.CreateAndFinishAsync(Bodies.Minimal("from-the-tool"));
        Assert.Equal("SUCCEEDED", (string)job["status"]);
        var (status, page, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((long)job["id"], (long)page["records"]![0]!["id"]);
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }


    /// <summary>Debug or Release: the configuration these tests were built in (…/bin/&lt;configuration&gt;/net10.0/).</summary>
    private static string BuildConfiguration() =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The dotnet installation running these tests (…/shared/Microsoft.NETCore.App/&lt;version&gt;/), for the tool's launcher.</summary>
    private static string DotnetRoot() =>
        new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.FullName;
}
