using System.Management.Automation;
using AdobeExportJobs.Runner;
using Xunit;

namespace AdobeExportJobs.Tests.Help;

/// <summary>Tab completion as a console user gets it: TabExpansion2 in the hosted engine, cursor at the end of the line.</summary>
public class TabCompletionTests : IClassFixture<TabCompletionTests.Engine>
{
    private readonly HostedPowerShell _engine;

    public TabCompletionTests(Engine engine) => _engine = engine.PowerShell;

    [Theory]
    [InlineData("Get-ExportJob -Status ", new[] { "NEW", "PROCESSING", "SUCCEEDED", "FAILED", "CANCELLED" })]
    [InlineData("Get-ExportJob -Status F", new[] { "FAILED" })]
    [InlineData("Get-ExportJob -Status pro", new[] { "PROCESSING" })]
    [InlineData("Get-ExportJob -Limit 5 -Status s", new[] { "SUCCEEDED" })]
    [InlineData("Get-ExportJob -Status 'N", new[] { "NEW" })]
    public void Status_completes_the_known_job_statuses(string line, string[] expected)
    {
        Assert.Equal(expected, Complete(line).Select(c => c.CompletionText.Trim('\'')));
    }

    [Fact]
    public void Status_offers_nothing_for_a_prefix_no_status_has()
    {
        Assert.Empty(Complete("Get-ExportJob -Status XYZ"));
    }

    [Theory]
    [InlineData("New-ExportJob -DatasetId d1 -SegmentId s1 -SegmentStatus ", new[] { "realized", "existing", "exited" })]
    [InlineData("New-ExportJob -DatasetId d1 -SegmentStatus ex", new[] { "existing", "exited" })]
    [InlineData("New-ExportJob -DatasetId d1 -SegmentStatus realized, EXIT", new[] { "exited" })]
    [InlineData("New-ExportJob d1 -SegmentStatus 'r", new[] { "realized" })]
    public void SegmentStatus_completes_the_segment_membership_statuses(string line, string[] expected)
    {
        Assert.Equal(expected, Complete(line).Select(c => c.CompletionText.Trim('\'')));
    }

    [Fact]
    public void SegmentStatus_offers_nothing_for_a_prefix_no_status_has()
    {
        Assert.Empty(Complete("New-ExportJob -DatasetId d1 -SegmentStatus new"));
    }

    [Fact]
    public void Parameter_names_complete_for_the_module_cmdlets()
    {
        var names = Complete("Get-ExportJob -P").Select(c => c.CompletionText).ToList();
        Assert.Contains("-PageSize", names);
        Assert.Contains("-Session", Complete("Get-ExportJob -Se").Select(c => c.CompletionText));
    }

    private List<CompletionResult> Complete(string line) => Completion.Complete(_engine, line);

    public sealed class Engine : IDisposable
    {
        public HostedPowerShell PowerShell { get; } = new();

        public void Dispose() => PowerShell.Dispose();
    }
}

/// <summary>TabExpansion2 as the console calls it, cursor at the end of the line.</summary>
internal static class Completion
{
    public static List<CompletionResult> Complete(HostedPowerShell engine, string line)
    {
        var r = engine.Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches", arguments: new object[] { line });
        Assert.True(r.Succeeded, r.AllText());
        return r.Output.Select(o => (CompletionResult)o.BaseObject).ToList();
    }
}
