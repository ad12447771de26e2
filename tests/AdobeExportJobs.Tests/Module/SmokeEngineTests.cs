using Xunit;

namespace AdobeExportJobs.Tests.Module;

public class SmokeEngineTests
{
    [Fact]
    public async Task Connect_and_list_jobs_from_the_emulator()
    {
        await using var server = await TestEmulator.StartAsync();
        var created = await TestEmulator.CreateJobsAsync(server, 3);
        using var shell = new ModuleShell(server);
        var r = shell.Run(ModuleShell.Connect + "; Get-ExportJob -Verbose");
        Assert.True(r.Succeeded, string.Join("\n", r.Errors) + r.TerminatingError);
        Assert.Equal(created.Select(j => j.Id).Reverse(), r.Output.Select(o => (long)o.Properties["Id"].Value));
        Assert.Equal("AdobeExportJobs.ExportJob", r.Output[0].TypeNames[0]);
        Assert.Contains(r.Verbose, v => v.Message.StartsWith("GET http://127.0.0.1"));
        var text = shell.Run("Get-ExportJob", render: true).HostText;
        Assert.Contains("Profiles", text);
    }
}
