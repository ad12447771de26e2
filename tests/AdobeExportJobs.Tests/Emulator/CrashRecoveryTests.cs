using AdobeExportJobs.Emulator;
using Xunit;

namespace AdobeExportJobs.Tests.Emulator;

/// <summary>An emulator killed outright (SIGKILL) leaves nothing behind that the next one trips over.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "emulator-crash-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_temporary_dataset_root_left_by_a_killed_emulator_is_removed_by_the_next_one()
    {
        string crashedRoot;
        await using (var crashed = await EmulatorProcess.StartBuiltAsync("--profile-count", "20", "--min-job-duration", "50ms", "--max-job-duration", "80ms"))
        {
            crashedRoot = crashed.DatasetRoot;
            Assert.StartsWith(Path.GetTempPath(), crashedRoot);
            using var client = await ApiClient.ConnectAsync(crashed.BaseUrl);
            await client.CreateAndFinishAsync(Bodies.Minimal("left-behind"));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(crashedRoot, "left-behind")));
            await crashed.KillHardAsync();
        }
        // A process killed with SIGKILL runs no code: it left its root behind. (Not asserted here: other tests' emulators,
        // starting in parallel, may already have swept it, as they should.)

        // A running emulator's root is not touched: only roots whose owner is gone are removed.
        await using var alive = await EmulatorProcess.StartBuiltAsync("--profile-count", "20");
        await using var next = await EmulatorServer.StartAsync(Emulators.Fast(20));
        Assert.False(Directory.Exists(crashedRoot), "the next emulator removes the abandoned root");
        Assert.True(Directory.Exists(alive.DatasetRoot));
        Assert.True(Directory.Exists(next.DatasetRoot));
        Assert.NotEqual(crashedRoot, next.DatasetRoot);
    }

    [Fact]
    public async Task With_a_data_directory_jobs_found_after_a_kill_point_at_files_that_exist()
    {
        var data = Path.Combine(_folder, "data");
        long finishedId, unfinishedId;
        await using (var crashed = await EmulatorProcess.StartBuiltAsync("--data-dir", data, "--profile-count", "50",
                         "--min-job-duration", "800ms", "--max-job-duration", "800ms"))
        {
            // Without --dataset-root the files live beside the jobs, not in a temporary folder.
            Assert.Equal(Path.Combine(data, "datasets"), crashed.DatasetRoot);
            using var client = await ApiClient.ConnectAsync(crashed.BaseUrl);
            finishedId = (long)(await client.CreateAndFinishAsync(Bodies.Minimal("finished")))["id"];
            unfinishedId = (long)(await client.CreateJobAsync(Bodies.Minimal("unfinished")))["id"];
            await crashed.KillHardAsync();
        }

        await using var restarted = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            DataDirectory = data,
            ProfileCount = 50,
            MinJobDuration = TimeSpan.FromMilliseconds(100),
            MaxJobDuration = TimeSpan.FromMilliseconds(100),
        });
        Assert.Equal(Path.Combine(data, "datasets"), restarted.DatasetRoot);
        using var again = await ApiClient.ConnectAsync(restarted);
        var expected = restarted.Profiles.Profiles.Count(p => !p.HasOnlyEvents);

        var finished = await again.GetJobAsync(finishedId);
        Assert.Equal("SUCCEEDED", (string)finished["status"]);
        Assert.Equal(expected, ExportFiles.ReadJob(restarted, finished).Count);

        var resumed = await again.WaitForStatusAsync(unfinishedId, "SUCCEEDED", "FAILED");
        Assert.Equal("SUCCEEDED", (string)resumed["status"]);
        Assert.Equal(expected, ExportFiles.ReadJob(restarted, resumed).Count);
    }
}
