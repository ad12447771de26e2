using AdobeExportJobs.Runner;
using Xunit;

namespace AdobeExportJobs.Tests.Runner;

public class RunnerTests
{
    [Fact]
    public async Task Command_output_is_rendered_as_plain_text_and_success_exits_zero()
    {
        var r = await RunnerProcess.RunAsync("-Command", "$PSVersionTable.PSVersion; (Get-Module AdobeExportJobs).Name");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Major", r.StdOut);
        Assert.Contains("AdobeExportJobs", r.StdOut);
        Assert.DoesNotContain("\u001b[", r.StdOut);
    }

    [Fact]
    public async Task A_non_terminating_error_goes_to_stderr_and_exits_one()
    {
        var r = await RunnerProcess.RunAsync("-Command", "'before'; Get-Command -Name No-SuchCommandAnywhere; 'after'");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("before", r.StdOut);
        Assert.Contains("after", r.StdOut);
        Assert.Contains("Get-Command:", r.StdErr);
        Assert.Contains("No-SuchCommandAnywhere", r.StdErr);
    }

    [Fact]
    public async Task It_is_the_console_host_pwsh_runs_with_the_full_engine()
    {
        var r = await RunnerProcess.RunAsync("-Command", "$Host.Name; (Get-Command Format-Table, Export-Csv, ForEach-Object).Count; $PSVersionTable.PSVersion.ToString()");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(new[] { "ConsoleHost", "3", "7.6.9" }, r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task Errors_a_script_caught_or_silenced_do_not_fail_the_run()
    {
        var r = await RunnerProcess.RunAsync("-Command",
            "try { Get-Item /no/such/path -ErrorAction Stop } catch { 'caught' }; Get-Item /no/such/path -ErrorAction SilentlyContinue; 'done'");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("caught", r.StdOut);
        Assert.Contains("done", r.StdOut);
        Assert.Equal("", r.StdErr.Trim());
    }

    [Fact]
    public async Task File_passes_the_arguments_after_the_path_to_the_script()
    {
        var dir = Directory.CreateTempSubdirectory("aej-runner-");
        var script = Path.Combine(dir.FullName, "args.ps1");
        await File.WriteAllTextAsync(script, "param([string] $Name, [int] $Count) \"$Name x $Count\"");
        var r = await RunnerProcess.RunAsync("-File", script, "-Name", "jobs", "-Count", "3");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("jobs x 3", r.StdOut);
    }

    [Fact]
    public async Task Without_File_or_Command_it_is_an_interactive_prompt_reading_commands()
    {
        var r = await RunnerProcess.RunWithInputAsync("(Get-Module AdobeExportJobs).Name\n'typed ' + (1 + 1)\nexit 3\n");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("AdobeExportJobs runner: PowerShell 7.6.9", r.StdOut);
        Assert.Contains("typed 2", r.StdOut);
    }

    [Fact]
    public async Task A_terminating_error_stops_the_script_and_exits_one()
    {
        var r = await RunnerProcess.RunAsync("-Command", "throw 'broken on purpose'; 'never'");
        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain("never", r.StdOut);
        Assert.Contains("broken on purpose", r.StdErr);
    }

    [Fact]
    public async Task Exit_code_from_the_script_is_kept()
    {
        var r = await RunnerProcess.RunAsync("-Command", "exit 7");
        Assert.Equal(7, r.ExitCode);
    }

    [Fact]
    public async Task File_runs_a_script_with_its_own_PSScriptRoot()
    {
        var dir = Directory.CreateTempSubdirectory("aej-runner-");
        var script = Path.Combine(dir.FullName, "hello.ps1");
        await File.WriteAllTextAsync(script, "\"root=$PSScriptRoot\"");
        var r = await RunnerProcess.RunAsync("-File", script);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("root=" + dir.FullName, r.StdOut);
    }

    [Fact]
    public async Task Runspaces_the_user_starts_import_the_module_by_name_and_share_the_default_session()
    {
        // ForEach-Object -Parallel runs each block in a new runspace, which imports modules from PSModulePath.
        var r = await RunnerProcess.RunAsync("--emulator", "-Command",
            "Connect-Aep -Quiet; 1..2 | ForEach-Object -Parallel { \"parallel: session $((Get-AepSession).Number), jobs $(@(Get-ExportJob -Limit 1 -ErrorAction Stop).Count)\" }");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Equal(2, r.StdOut.Split('\n').Count(line => line.Trim() == "parallel: session 1, jobs 0"));
    }

    [Fact]
    public async Task Emulator_switch_points_the_AEP_variables_at_a_live_loopback_emulator()
    {
        var r = await RunnerProcess.RunAsync("--emulator", "-Command",
            "$env:AEP_ENDPOINT; $env:AEP_CLIENT_ID; $env:AEP_ORG_ID; $env:AEP_SANDBOX; [bool]$env:AEP_CLIENT_SECRET; " +
            "$form = [System.Collections.Generic.Dictionary[string,string]]::new(); " +
            "$form['grant_type'] = 'client_credentials'; $form['client_id'] = $env:AEP_CLIENT_ID; " +
            "$form['client_secret'] = $env:AEP_CLIENT_SECRET; $form['scope'] = $env:AEP_SCOPES; " +
            "$answer = [System.Net.Http.HttpClient]::new().PostAsync(\"$env:AEP_IMS_ENDPOINT/ims/token/v3\", [System.Net.Http.FormUrlEncodedContent]::new($form)).GetAwaiter().GetResult(); " +
            "\"ims=$([int]$answer.StatusCode)\"");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"http://127\.0\.0\.1:\d+", r.StdOut);
        Assert.Contains("emulator-client", r.StdOut);
        Assert.Contains("EMULATOR0000000000000000@AdobeOrg", r.StdOut);
        Assert.Contains("prod", r.StdOut);
        Assert.Contains("True", r.StdOut);
        Assert.Contains("ims=200", r.StdOut);
    }

    [Theory]
    [InlineData("-Command")]
    [InlineData("--bogus")]
    public async Task Bad_arguments_print_usage_and_exit_two(string arg)
    {
        var r = await RunnerProcess.RunAsync(arg);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("usage:", r.StdErr);
    }
}

public class HostedPowerShellTests
{
    [Fact]
    public void Imports_the_module_from_out_and_keeps_state_between_runs()
    {
        using var ps = new HostedPowerShell();
        Assert.EndsWith(Path.Combine("out", "AdobeExportJobs", "AdobeExportJobs.psd1"), ps.ModuleManifestPath);
        var location = ps.Run("(Get-Module AdobeExportJobs).ModuleBase");
        Assert.Equal(Path.GetDirectoryName(ps.ModuleManifestPath), location.Output.Single().ToString());
        ps.Run("$kept = 41");
        Assert.Equal(42, (int)ps.Run("$kept + 1").Output.Single().BaseObject);
    }

    [Fact]
    public void Render_sends_output_through_Out_Default_at_the_given_width()
    {
        using var narrow = new HostedPowerShell(width: 40);
        var r = narrow.Run("[pscustomobject]@{ Name = 'x' * 60 }", render: true);
        Assert.Empty(r.Output);
        Assert.Contains("Name", r.HostText);
        Assert.All(r.HostText.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 40, line));
    }

    [Fact]
    public async Task Cancelling_stops_a_running_pipeline_promptly()
    {
        using var ps = new HostedPowerShell();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var r = await ps.RunAsync("while ($true) { [System.Threading.Thread]::Sleep(20) }", cancellationToken: cts.Token);
        Assert.IsType<System.Management.Automation.PipelineStoppedException>(r.TerminatingError);
    }
}
