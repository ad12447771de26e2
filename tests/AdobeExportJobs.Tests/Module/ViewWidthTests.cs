using AdobeExportJobs.Emulator;
using AdobeExportJobs.Model;
using Xunit;
using static AdobeExportJobs.Tests.Module.EngineAssert;

namespace AdobeExportJobs.Tests.Module;

/// <summary>
/// The views as a console of 80 and of 120 columns shows them, with values as long as real ones: a 24-character dataset
/// id, a 33-character org id, a 32-character client id. Nothing may be cut off that the view promises at that width.
/// </summary>
public class ViewWidthTests : IAsyncLifetime
{
    private const string Dataset = "5b020a27e7040801dedbf46e";
    private const string Segment = "52c26d0d-45f2-47a2-ab30-ed06abc981ff";
    private const string RealLengthClientId = "0123456789abcdef0123456789abcdef";

    private EmulatorServer _server;
    private ExportJob _job;

    public async Task InitializeAsync()
    {
        _server = await TestEmulator.StartAsync(o => o.ClientId = RealLengthClientId);
        using var client = TestEmulator.Client(_server);
        var request = TestEmulator.Request(Dataset);
        request.Filter = new ExportJobFilter { Segments = new() { new SegmentFilter { SegmentId = Segment, SegmentNs = "ups" } } };
        var created = await client.CreateAsync(request);
        await TestEmulator.WaitAllFinishedAsync(_server);
        _job = await client.GetAsync(created.Id);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    [Fact]
    public void Job_table_at_80_columns_shows_every_column_but_Segments_in_full()
    {
        var lines = Render(80, ModuleShell.Connect + "; Get-ExportJob");
        Assert.Matches(@"^\s*Id\s+Status\s+Created\s+Duration\s+Profiles\s+Dataset$", lines[0]);
        var row = Row(lines, _job.Id);
        Assert.Contains("SUCCEEDED", row);
        Assert.Contains(_job.CreationTime.Value.ToLocalTime().ToString("yyyy-MM-dd HH:mm"), row);
        Assert.Contains(" " + _job.ExportedProfiles + " ", row);
        Assert.EndsWith(" " + Dataset, row);
        Assert.DoesNotContain("…", row);
    }

    [Fact]
    public void Job_table_at_120_columns_adds_the_segments()
    {
        var lines = Render(120, ModuleShell.Connect + "; Get-ExportJob");
        Assert.Matches(@"^\s*Id\s+Status\s+Created\s+Duration\s+Profiles\s+Dataset\s+Segments$", lines[0]);
        var row = Row(lines, _job.Id);
        Assert.Contains(Dataset + " " + Segment, row);
        Assert.DoesNotContain("…", row);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void Job_list_shows_each_value_in_full_with_aligned_labels(int width)
    {
        var lines = Render(width, ModuleShell.Connect + $"; Get-ExportJob -Id {_job.Id} | Format-List");
        var items = Items(lines);
        Assert.Equal(_job.Id.ToString(), items["Id"]);
        Assert.Equal("SUCCEEDED", items["Status"]);
        Assert.Equal(Dataset, items["Dataset"]);
        Assert.Equal($"{Segment} (ups)", items["Segments"]);
        Assert.Equal(_job.ExportedProfiles.ToString(), items["Profiles"]);
        Assert.Equal(_job.CreationTime.Value.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz"), items["Created"]);
        Assert.Single(lines.Where(l => l.Contains(" : ")).Select(l => l.IndexOf(" : ", StringComparison.Ordinal)).Distinct());
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void One_session_shows_as_a_list_with_org_client_and_endpoint_in_full(int width)
    {
        var lines = Render(width, ModuleShell.Connect + "; Get-AepSession");
        var items = Items(lines);
        Assert.Equal("prod", items["Sandbox"]);
        Assert.Equal(_server.Options.OrgId, items["OrgId"]);
        Assert.Equal(RealLengthClientId, items["ClientId"]);
        Assert.Equal(_server.BaseAddress.TrimEnd('/'), items["Endpoint"]);
        Assert.Equal("ClientCredentials", items["AuthMethod"]);
        Assert.Equal("True", items["IsConnected"]);
        Assert.DoesNotContain(lines, l => l.Contains(_server.Options.ClientSecret));
    }

    [Fact]
    public void Several_sessions_in_a_table_at_80_columns_show_sandbox_org_and_endpoint_in_full()
    {
        var lines = Render(80, ModuleShell.Connect + " -PassThru | Format-Table; " + NewDevSession + " | Format-Table");
        Assert.Matches(@"^\s*#\s+Sandbox\s+OrgId\s+Endpoint$", lines[0]);
        var rows = lines.Where(l => l.Contains(_server.Options.OrgId)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.EndsWith(_server.Options.OrgId + " " + _server.BaseAddress.TrimEnd('/'), row));
        Assert.Matches(@"^\s*\d+ prod\s", rows[0]);
        Assert.Matches(@"^\s*\d+ dev\s", rows[1]);
    }

    [Fact]
    public void Several_sessions_in_a_table_at_120_columns_add_the_auth_kind_and_the_client_id()
    {
        var lines = Render(120, "$(" + ModuleShell.Connect + " -PassThru; " + NewDevSession + ") | Format-Table");
        Assert.Matches(@"^\s*#\s+Sandbox\s+OrgId\s+Endpoint\s+Auth\s+ClientId$", lines[0]);
        var rows = lines.Where(l => l.Contains(_server.Options.OrgId)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.EndsWith(" Secret " + RealLengthClientId, row));
    }

    private const string NewDevSession = "New-AepSession -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox dev -Endpoint $Endpoint -ImsEndpoint $Endpoint";

    /// <summary>The rendered lines that hold text, trailing spaces trimmed; fails if any is wider than the console.</summary>
    private List<string> Render(int width, string script)
    {
        using var shell = new ModuleShell(_server, width);
        FormatCommands.ImportInto(shell.Engine);
        var r = shell.Run(script, render: true);
        Succeeded(r);
        var lines = r.HostText.Split('\n').Select(l => l.TrimEnd('\r', ' ')).Where(l => l.Trim().Length > 0).ToList();
        Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} columns at width {width}: '{l}'"));
        return lines;
    }

    private static string Row(List<string> lines, long id) =>
        lines.Single(l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^\s*{id}\s"));

    /// <summary>A list view's "Label : value" lines; a value the view wrapped would not match its expected text.</summary>
    private static Dictionary<string, string> Items(List<string> lines) =>
        lines.Where(l => l.Contains(" : ") || l.TrimEnd().EndsWith(" :"))
            .Select(l => l.Split(" :", 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim());
}
