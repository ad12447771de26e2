using System.Management.Automation;
using AdobeExportJobs.Tests.Module;
using Xunit;

namespace AdobeExportJobs.Tests.Lifecycle;

public class RemoveExportJobTests
{
    private static Action<AdobeExportJobs.Emulator.EmulatorOptions> Durations(double minSeconds, double maxSeconds) => o =>
    {
        o.MinJobDuration = TimeSpan.FromSeconds(minSeconds);
        o.MaxJobDuration = TimeSpan.FromSeconds(maxSeconds);
    };

    private static async Task WaitForStatusAsync(AdobeExportJobs.Emulator.EmulatorServer server, string status, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (server.JobCountByStatus().GetValueOrDefault(status) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no {count} job(s) {status}: {string.Join(", ", server.JobCountByStatus())}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Cancelling_a_PROCESSING_job_with_PassThru_returns_it_CANCELLED_and_nothing_is_exported()
    {
        await using var env = await Connected.StartAsync(Durations(4, 4));
        var job = Jobs.Model(Assert.Single(env.RunClean("New-ExportJob -DatasetId cancel-me").Output));
        await WaitForStatusAsync(env.Server, "PROCESSING", 1);
        env.Shell.Set("id", job.Id);
        var r = env.RunClean("Remove-ExportJob -Id $id -Force -PassThru");
        var after = Assert.Single(r.Output);
        Assert.Equal(job.Id, Jobs.Id(after));
        Assert.Equal("CANCELLED", Jobs.Status(after));
        Assert.Equal("AdobeExportJobs.ExportJob", after.TypeNames[0]);
        await Task.Delay(4500);
        Assert.Equal("CANCELLED", Jobs.Status(Assert.Single(env.RunClean("Get-ExportJob -Id $id").Output)));
        Assert.False(Directory.Exists(Path.Combine(env.Server.DatasetRoot, "cancel-me"))
            && Directory.EnumerateFiles(Path.Combine(env.Server.DatasetRoot, "cancel-me")).Any());
    }

    [Fact]
    public async Task NEW_jobs_piped_from_Get_ExportJob_are_cancelled_and_finished_ones_are_left_alone()
    {
        await using var env = await Connected.StartAsync();
        var finished = await TestEmulator.CreateJobsAsync(env.Server, 2, datasetPrefix: "done");
        await TestEmulator.WaitAllFinishedAsync(env.Server);
        env.Server.Options.MinJobDuration = env.Server.Options.MaxJobDuration = TimeSpan.FromSeconds(60);
        var fresh = await TestEmulator.CreateJobsAsync(env.Server, 3, datasetPrefix: "new");

        var r = env.RunClean("Get-ExportJob -Status NEW | Remove-ExportJob -Confirm:$false");
        Assert.Empty(r.Output);
        Assert.Equal(3, env.Deletes);
        var counts = env.Server.JobCountByStatus();
        Assert.Equal(3, counts.GetValueOrDefault("CANCELLED"));
        Assert.Equal(2, counts.GetValueOrDefault("SUCCEEDED"));
        Assert.Equal(0, counts.GetValueOrDefault("NEW"));
        var cancelled = env.RunClean("Get-ExportJob -Status CANCELLED").Output.Select(Jobs.Id).Order();
        Assert.Equal(fresh.Select(j => j.Id).Order(), cancelled);
    }

    [Theory]
    [InlineData(false, "204")]
    [InlineData(true, "200")]
    public async Task Both_the_v2_204_and_the_v1_200_with_a_message_count_as_cancelled(bool v1, string status)
    {
        await using var env = await Connected.StartAsync(o => { Durations(60, 60)(o); o.DeleteAnswerV1 = v1; });
        var created = await TestEmulator.CreateJobsAsync(env.Server, 1);
        env.Shell.Set("id", created[0].Id);
        var r = env.RunClean("Remove-ExportJob $id -Force -PassThru -Verbose");
        Assert.Equal("CANCELLED", Jobs.Status(Assert.Single(r.Output)));
        Assert.Contains(r.Verbose, v => v.Message.Contains($"DELETE answered {status}"));
        if (v1) Assert.Contains(r.Verbose, v => v.Message.Contains("marked for cancelling"));
    }

    [Fact]
    public async Task An_unknown_job_is_an_ObjectNotFound_error_naming_the_id()
    {
        await using var env = await Connected.StartAsync();
        var r = env.Run("Remove-ExportJob -Id 424242 -Force");
        var error = Jobs.SingleError(r, "ExportJobNotFound");
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(424242L, error.TargetObject);
        Assert.Contains("424242", error.ToString());
    }

    [Fact]
    public async Task PassThru_on_a_finished_job_says_the_DELETE_removed_it()
    {
        await using var env = await Connected.StartAsync();
        var created = await TestEmulator.CreateJobsAsync(env.Server, 1);
        await TestEmulator.WaitAllFinishedAsync(env.Server);
        env.Shell.Set("id", created[0].Id);
        var r = env.RunClean("Remove-ExportJob -Id $id -Force -PassThru");
        Assert.Empty(r.Output);
        Assert.Contains(r.Warnings, w => w.Message.Contains($"{created[0].Id} had already finished") && w.Message.Contains("removed"));
        Assert.Equal(0, env.Server.JobCount);
    }

    [Fact]
    public async Task Without_Force_or_Confirm_false_it_asks_and_a_refused_prompt_cancels_nothing()
    {
        await using var env = await Connected.StartAsync(Durations(60, 60));
        var created = await TestEmulator.CreateJobsAsync(env.Server, 1);
        env.Shell.Set("id", created[0].Id);
        var r = env.Run("Remove-ExportJob -Id $id");
        Assert.False(r.Succeeded);
        Assert.Equal(0, env.Deletes);
        var forced = env.RunClean("[pscustomobject]@{ JobId = $id } | Remove-ExportJob -Force");
        Assert.Empty(forced.Output);
        Assert.Equal(1, env.Deletes);
        Assert.Equal(1, env.Server.JobCountByStatus().GetValueOrDefault("CANCELLED"));
    }

    [Fact]
    public async Task Job_objects_from_the_pipeline_bind_by_Id()
    {
        await using var env = await Connected.StartAsync(Durations(60, 60));
        var r = env.RunClean("New-ExportJob -DatasetId a; New-ExportJob -DatasetId b");
        env.Shell.Set("jobs", r.Output.ToArray());
        var removed = env.RunClean("$jobs | Remove-ExportJob -Force -PassThru");
        Assert.Equal(r.Output.Select(Jobs.Id), removed.Output.Select(Jobs.Id));
        Assert.All(removed.Output, j => Assert.Equal("CANCELLED", Jobs.Status(j)));
    }
}
