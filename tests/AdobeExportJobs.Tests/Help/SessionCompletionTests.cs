using System.Management.Automation;
using AdobeExportJobs.Emulator;
using AdobeExportJobs.Tests.Module;
using Xunit;
using static AdobeExportJobs.Tests.Module.EngineAssert;

namespace AdobeExportJobs.Tests.Help;

/// <summary>
/// -Sandbox and -Id complete from what the runspace has seen (sessions made, jobs written), with no server call.
/// Runs with the tests that own the AEP_* variables, because -Sandbox also offers $env:AEP_SANDBOX.
/// </summary>
[Collection(HelpEnvironmentCollection.Name)]
public class SessionCompletionTests : IAsyncLifetime
{
    private const string NewSession = "New-AepSession -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Endpoint $Endpoint -ImsEndpoint $Endpoint";

    private readonly string _savedSandbox = Environment.GetEnvironmentVariable("AEP_SANDBOX");
    private EmulatorServer _server;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AEP_SANDBOX", null);
        _server = await TestEmulator.StartAsync();
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("AEP_SANDBOX", _savedSandbox);
        if (_server is not null) await _server.DisposeAsync();
    }

    [Fact]
    public void Sandbox_offers_the_default_sessions_sandbox_then_those_of_sessions_made_here_then_AEP_SANDBOX()
    {
        using var shell = new ModuleShell(_server);
        Succeeded(shell.Run($"{ModuleShell.Connect}; $dev = {NewSession} -Sandbox dev; $null = {NewSession} -Sandbox qa-eu; $null = {NewSession} -Sandbox DEV"));
        Environment.SetEnvironmentVariable("AEP_SANDBOX", "stage");

        Assert.Equal(new[] { "prod", "DEV", "qa-eu", "stage" }, Texts(shell, "Connect-Aep -Sandbox "));
        Assert.Equal(new[] { "DEV" }, Texts(shell, "New-AepSession -Sandbox d"));
        Assert.Equal(new[] { "qa-eu" }, Texts(shell, "Connect-Aep -OrgId $OrgId -Sandbox 'Q"));
        Assert.Empty(Texts(shell, "Connect-Aep -Sandbox xyz"));
        var tip = Completion.Complete(shell.Engine, "Connect-Aep -Sandbox pr").Single().ToolTip;
        Assert.Contains("default session", tip);
    }

    [Fact]
    public void Sandbox_offers_only_what_this_runspace_has_seen()
    {
        using var other = new ModuleShell(_server);
        Succeeded(other.Run($"$null = {NewSession} -Sandbox elsewhere"));
        using var shell = new ModuleShell(_server);

        Assert.Empty(Texts(shell, "Connect-Aep -Sandbox "));
        Assert.Equal(new[] { "elsewhere" }, Texts(other, "Connect-Aep -Sandbox "));
    }

    [Fact]
    public void Id_offers_the_jobs_the_session_wrote_latest_command_first_newest_job_first()
    {
        using var shell = new ModuleShell(_server);
        var r = shell.Run($"{ModuleShell.Connect}; $a = New-ExportJob -DatasetId first; $b = New-ExportJob -DatasetId second; $c = New-ExportJob -DatasetId third; $a.Id; $b.Id; $c.Id");
        Succeeded(r);
        var (a, b, c) = (Id(r.Output[0]), Id(r.Output[1]), Id(r.Output[2]));

        Assert.Equal(new[] { c, b, a }, Texts(shell, "Remove-ExportJob -Id "));

        Succeeded(shell.Run("$a | Wait-ExportJob -Timeout 30 | ForEach-Object { }"));
        var afterWait = Completion.Complete(shell.Engine, "Get-ExportJob -Id ");
        Assert.Equal(new[] { a, c, b }, afterWait.Select(x => x.CompletionText));
        Assert.Equal($"{a} SUCCEEDED", afterWait[0].ListItemText);
        Assert.Contains("dataset first", afterWait[0].ToolTip);

        // A listing writes the newest job first; within it the newest stays first.
        Succeeded(shell.Run("Get-ExportJob | ForEach-Object { }"));
        Assert.Equal(new[] { c, b, a }, Texts(shell, "Wait-ExportJob -Id "));
        Assert.All(Texts(shell, $"Wait-ExportJob -Id {c}"), id => Assert.StartsWith(c, id));
        Assert.Contains(c, Texts(shell, $"Wait-ExportJob -Id {c}"));
        Assert.Equal(new[] { c, b, a }, Texts(shell, $"Remove-ExportJob -Id {a}, "));
    }

    [Fact]
    public void Id_offers_the_jobs_of_the_session_on_the_line_and_never_those_of_another_sandbox()
    {
        using var shell = new ModuleShell(_server);
        var r = shell.Run($"$prod = {ModuleShell.Connect} -PassThru; $dev = {NewSession} -Sandbox dev; (New-ExportJob -DatasetId inprod).Id; (New-ExportJob -DatasetId indev -Session $dev).Id");
        Succeeded(r);
        var (prod, dev) = (Id(r.Output[0]), Id(r.Output[1]));

        Assert.Equal(new[] { prod }, Texts(shell, "Get-ExportJob -Id "));
        Assert.Equal(new[] { dev }, Texts(shell, "Get-ExportJob -Session $dev -Id "));
        Assert.Equal(new[] { dev }, Texts(shell, "Remove-ExportJob -Id  -Session $dev", cursor: "Remove-ExportJob -Id ".Length));

        // Without a default session, every session made here offers its jobs. Sessions are remembered weakly, so the
        // test keeps $prod referenced: otherwise a garbage collection in between would rightly forget it.
        Succeeded(shell.Run("Disconnect-Aep"));
        Assert.Equal(new[] { dev, prod }.OrderBy(x => x), Texts(shell, "Wait-ExportJob -Id ").OrderBy(x => x));
    }

    [Fact]
    public void Id_remembers_a_bounded_number_of_jobs_the_newest_of_a_long_listing()
    {
        var created = TestEmulator.CreateJobsAsync(_server, 60).GetAwaiter().GetResult();
        using var shell = new ModuleShell(_server);
        Succeeded(shell.Run($"{ModuleShell.Connect}; Get-ExportJob | ForEach-Object {{ }}"));

        var offered = Texts(shell, "Get-ExportJob -Id ");
        Assert.Equal(Commands.RecentExportJobs.Capacity, offered.Count);
        Assert.Equal(created.OrderByDescending(j => j.Id).Take(offered.Count).Select(j => j.Id.ToString()), offered);
    }

    private static List<string> Texts(ModuleShell shell, string line, int? cursor = null)
    {
        if (cursor is null) return Completion.Complete(shell.Engine, line).Select(c => c.CompletionText.Trim('\'')).ToList();
        var r = shell.Engine.Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[1]).CompletionMatches", arguments: new object[] { line, cursor.Value });
        Succeeded(r);
        return r.Output.Select(o => ((CompletionResult)o.BaseObject).CompletionText).ToList();
    }

    private static string Id(PSObject value) => value.BaseObject.ToString();
}
