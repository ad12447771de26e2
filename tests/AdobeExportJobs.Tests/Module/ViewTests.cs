using System.Text.RegularExpressions;
using System.Xml.Linq;
using AdobeExportJobs.Model;
using Xunit;
using static AdobeExportJobs.Tests.Module.EngineAssert;

namespace AdobeExportJobs.Tests.Module;

/// <summary>The module's views, rendered by the engine (Out-Default is the only formatter the hosted engine has).</summary>
public class ViewTests
{
    private const string SeedSegment = "52c26d0d-45f2-47a2-ab30-ed06abc981ff";

    [Fact]
    public async Task Jobs_render_as_the_table_view_with_every_column()
    {
        await using var server = await TestEmulator.StartAsync();
        var otherSegment = server.Profiles.Segments.First(s => s.Id != SeedSegment).Id;
        using var client = TestEmulator.Client(server);
        var request = TestEmulator.Request("table-dataset");
        request.Filter = new ExportJobFilter
        {
            Segments = new() { new SegmentFilter { SegmentId = SeedSegment, SegmentNs = "ups" }, new SegmentFilter { SegmentId = otherSegment } },
        };
        var job = await client.CreateAsync(request);
        await TestEmulator.WaitAllFinishedAsync(server);
        var finished = await client.GetAsync(job.Id);

        using var shell = new ModuleShell(server);
        var r = shell.Run(ModuleShell.Connect + "; Get-ExportJob", render: true);
        Succeeded(r);
        var lines = r.HostText.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        Assert.Matches(@"^\s*Id\s+Status\s+Created\s+Duration\s+Profiles\s+Dataset\s+Segments\s*$", lines[0]);
        var row = lines.Single(l => Regex.IsMatch(l, $@"^\s*{job.Id}\s"));
        Assert.Contains("SUCCEEDED", row);
        Assert.Contains(finished.CreationTime.Value.ToLocalTime().ToString("yyyy-MM-dd HH:mm") + " ", row);
        Assert.Matches(@"\s\d\d:\d\d\.\d\s", row);
        Assert.Contains(" " + finished.ExportedProfiles + " ", row);
        Assert.Contains("table-dataset", row);
        Assert.Contains(SeedSegment + ", " + otherSegment.Substring(0, 10), row);
    }

    [Fact]
    public void Every_list_and_table_script_of_the_views_renders_a_seed_job()
    {
        var format = XDocument.Load(Path.Combine(Path.GetDirectoryName(RepoPaths.ModuleManifest), "AdobeExportJobs.Format.ps1xml"));
        var jobView = format.Descendants("View").Where(v => (string)v.Element("ViewSelectedBy").Element("TypeName") == "AdobeExportJobs.ExportJob").ToList();
        Assert.Equal(new[] { "TableControl", "ListControl" }, jobView.Select(v => v.Elements().Last().Name.LocalName));

        var seedPage = SeedExamples.All.Single(e => e.File.StartsWith("002") && e.Kind == "page");
        var failed = AepJson.ParsePage(seedPage.Json).Records[1];
        var withBatches = AepJson.ParseJob(SeedExamples.All.First(e => e.File.StartsWith("000") && e.Kind == "job").Json);
        using var shell = new ModuleShell();
        shell.Set("Failed", Commands.ExportJobOutput.Wrap(failed));
        shell.Set("WithBatches", Commands.ExportJobOutput.Wrap(withBatches));

        var rendered = new Dictionary<string, string>();
        foreach (var item in jobView.Descendants().Where(e => e.Name == "ListItem" || e.Name == "TableColumnItem"))
        {
            var script = (string)item.Element("ScriptBlock");
            var label = (string)item.Element("Label") ?? (string)item.Element("PropertyName") ?? script;
            var expression = script ?? "$_." + (string)item.Element("PropertyName");
            var r = shell.Run($"$Failed, $WithBatches | ForEach-Object {{ $v = . {{ {expression} }}; \"$v\" }}");
            Succeeded(r);
            rendered[item.Name.LocalName + ":" + label] = string.Join(" | ", r.Output.Select(o => o.ToString()));
        }

        Assert.Equal("722 | 100", rendered["ListItem:Id"]);
        Assert.Equal("FAILED | SUCCEEDED", rendered["ListItem:Status"]);
        Assert.Equal("08:25.8 | 00:10.0", rendered["TableColumnItem:" + TableScript(jobView, 3)]);
        Assert.Equal("52c26d0d-45f2-47a2-ab30-ed06abc981ff (AAM) [realized, existing] | 52c26d0d-45f2-47a2-ab30-ed06abc981ff (ups) [realized]", rendered["ListItem:Segments"]);
        Assert.Equal("IWEQ6920712f9475762D | da5cfb4de32c4b93a09f7e37fa53ad52", rendered["ListItem:Batches"]);
        Assert.Equal("0090000009: Error writing profiles to output path 'adl://va7devprofilesnapshot.azuredatalakestore.net/snapshot/722'"
            + Environment.NewLine + "unknown: Job aborted. | 0100000003: Error in Export Job", rendered["ListItem:Errors"]);
        Assert.Equal("7972e3d6-96ea-4ece-9627-cbfd62709c5d (v1) | timestampOrdered-none-mp (v1)", rendered["ListItem:MergePolicy"]);
        Assert.Equal(" | ", rendered["ListItem:ByNamespace"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1538573416687).ToLocalTime().ToString("yyyy-MM-dd HH:mm"), rendered["TableColumnItem:" + TableScript(jobView, 2)].Split(" | ")[0]);
    }

    [Fact]
    public void Namespace_counters_render_in_the_list_view()
    {
        var seedPage = SeedExamples.All.Single(e => e.File.StartsWith("002") && e.Kind == "page");
        var succeeded = AepJson.ParsePage(seedPage.Json).Records[0];
        var format = XDocument.Load(Path.Combine(Path.GetDirectoryName(RepoPaths.ModuleManifest), "AdobeExportJobs.Format.ps1xml"));
        var script = format.Descendants("ListItem").Single(i => (string)i.Element("Label") == "ByNamespace").Element("ScriptBlock").Value;
        using var shell = new ModuleShell();
        shell.Set("Job", Commands.ExportJobOutput.Wrap(succeeded));
        var r = shell.Run($"$Job | ForEach-Object {{ {script} }}");
        Assert.Equal("namespace1=10, namespace2=5", r.Output.Single().ToString());
    }

    [Fact]
    public void Manifest_exports_exactly_the_cmdlets_and_loads_the_views()
    {
        using var shell = new ModuleShell();
        var r = shell.Run("""
            (Get-Command -Module AdobeExportJobs | ForEach-Object { $_.Name }) -join ','
            $m = Get-Module AdobeExportJobs
            $m.ExportedCmdlets.Count
            $m.ExportedFunctions.Count
            """);
        Succeeded(r);
        Assert.Equal(new[] { "Connect-Aep", "Disconnect-Aep", "Get-AepSession", "Get-ExportJob", "New-AepSession", "New-ExportJob", "Remove-ExportJob", "Wait-ExportJob" },
            r.Output[0].ToString().Split(',').OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(8, r.Output[1].BaseObject);
        Assert.Equal(0, r.Output[2].BaseObject);
    }

    private static string TableScript(List<XElement> jobView, int column) =>
        (string)jobView[0].Descendants("TableColumnItem").ElementAt(column).Element("ScriptBlock");
}
