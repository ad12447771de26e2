using System.Text.RegularExpressions;
using AdobeExportJobs.Tests.Module;
using AdobeExportJobs.Tests.Runner;
using Xunit;

namespace AdobeExportJobs.Tests.Lifecycle;

/// <summary>examples/NightlyExport.ps1 is the runbook README points people to; it must work and must fail loudly.</summary>
public class NightlyExportExampleTests
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "examples", "NightlyExport.ps1");

    [Fact]
    public async Task The_runbook_exports_the_segment_and_reports_counts_per_namespace()
    {
        var r = await RunnerProcess.RunAsync("--emulator", "-Command", $"& '{Script}' -Since 2019-06-01");
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdOut}\n{r.StdErr}");
        var done = Regex.Match(r.StdOut, @"Export job \d+ SUCCEEDED: (\d+) profiles in batch\(es\) [0-9a-f]{32}");
        Assert.True(done.Success, r.StdOut);
        var exported = int.Parse(done.Groups[1].Value);
        Assert.True(exported > 0, r.StdOut);
        // The per-namespace counts are the job's metrics; each profile counts once under its primary identity.
        var perNamespace = Regex.Matches(r.StdOut, @"^  \w+ : (\d+)", RegexOptions.Multiline).Sum(m => int.Parse(m.Groups[1].Value));
        Assert.Equal(exported, perNamespace);
        Assert.DoesNotContain("emulator-secret", r.StdOut + r.StdErr);
    }

    [Fact]
    public async Task A_failed_export_stops_the_runbook_with_a_nonzero_exit_code()
    {
        var r = await RunnerProcess.RunAsync("--emulator", "-Command", $"& '{Script}' -DatasetId failing-ds -Since 2019-06-01; 'after the runbook'");
        Assert.Equal(1, r.ExitCode);
        // pwsh's concise error view: the command, the script line, the message.
        Assert.Matches(@"Wait-ExportJob: .*NightlyExport\.ps1", r.StdErr);
        Assert.Contains("FAILED", r.StdErr);
        Assert.DoesNotContain("SUCCEEDED", r.StdOut);
    }
}
