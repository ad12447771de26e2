using System.Text.RegularExpressions;
using AdobeExportJobs.Tests.Module;
using AdobeExportJobs.Tests.Runner;
using Xunit;

namespace AdobeExportJobs.Tests.Lifecycle;

public class QuickStartTests
{
    [Fact]
    public async Task The_quick_start_runs_the_whole_lifecycle_through_the_runner_and_exits_zero()
    {
        var script = Path.Combine(RepoPaths.Root, "examples", "QuickStart.ps1");
        var r = await RunnerProcess.RunAsync("--emulator", "-File", script);
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdOut}\n{r.StdErr}");
        Assert.Contains("Connected to sandbox 'prod'", r.StdOut);
        Assert.Matches(new Regex(@"Export job \d+ SUCCEEDED after [\d.]+ s: \d+ profiles"), r.StdOut);
        Assert.Equal(2, Regex.Matches(r.StdOut, @"Export job \d+ SUCCEEDED").Count);
        // The table view (redirected output is 80 columns wide in pwsh: no Segments column), with both finished jobs in it.
        Assert.Matches(new Regex(@"Id Status\s+Created\s+Duration\s+Profiles Dataset"), r.StdOut);
        Assert.Equal(2, Regex.Matches(r.StdOut, @"^\s+\d+ SUCCEEDED\s+\d{4}-\d\d-\d\d", RegexOptions.Multiline).Count);
        Assert.Matches(new Regex(@"Export job \d+ is now CANCELLED"), r.StdOut);
        Assert.DoesNotContain("emulator-secret", r.StdOut + r.StdErr);
    }
}
