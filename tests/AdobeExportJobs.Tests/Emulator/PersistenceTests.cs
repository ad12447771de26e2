using System.Net;
using System.Net.Http.Headers;
using AdobeExportJobs.Emulator;
using Xunit;

namespace AdobeExportJobs.Tests.Emulator;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "emulator-persistence-" + Guid.NewGuid().ToString("N"));

    private EmulatorOptions Options(TimeSpan jobDuration) => new()
    {
        ProfileCount = 200,
        MinJobDuration = jobDuration,
        MaxJobDuration = jobDuration,
        DataDirectory = Path.Combine(_folder, "data"),
        DatasetRoot = Path.Combine(_folder, "datasets"),
    };

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Jobs_survive_a_restart_and_unfinished_ones_resume()
    {
        long finishedId, cancelledId, runningId, removedId;
        string token;
        await using (var first = await EmulatorServer.StartAsync(Options(TimeSpan.FromMilliseconds(100))))
        {
            using var client = await ApiClient.ConnectAsync(first);
            token = client.Token;
            finishedId = (long)(await client.CreateAndFinishAsync(Bodies.Minimal("kept")))["id"];
            removedId = (long)(await client.CreateAndFinishAsync(Bodies.Minimal("kept")))["id"];
            await client.SendAsync(HttpMethod.Delete, $"{ApiClient.JobsPath}/{removedId}");

            first.Options.MinJobDuration = first.Options.MaxJobDuration = TimeSpan.FromSeconds(4);
            cancelledId = (long)(await client.CreateJobAsync(Bodies.Minimal("cancelled")))["id"];
            await client.SendAsync(HttpMethod.Delete, $"{ApiClient.JobsPath}/{cancelledId}");
            runningId = (long)(await client.CreateJobAsync(Bodies.Minimal("resumed")))["id"];
            Assert.Equal("NEW", (string)(await client.GetJobAsync(runningId))["status"]);
        }

        await using var second = await EmulatorServer.StartAsync(Options(TimeSpan.FromMilliseconds(100)));
        using var again = await ApiClient.ConnectAsync(second);

        // Tokens are signed with a stored key: one issued before the restart still works.
        using (var request = again.NewRequest(HttpMethod.Get, ApiClient.JobsPath))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await again.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var finished = await again.GetJobAsync(finishedId);
        Assert.Equal("SUCCEEDED", (string)finished["status"]);
        Assert.True((long)finished["metrics"]["totalExportedProfileCounter"] > 0);
        Assert.Equal("CANCELLED", (string)(await again.GetJobAsync(cancelledId))["status"]);
        var (gone, goneBody, _) = await again.SendAsync(HttpMethod.Get, $"{ApiClient.JobsPath}/{removedId}");
        Emulators.AssertServiceError(gone, goneBody, 404);

        var resumed = await again.WaitForStatusAsync(runningId, "SUCCEEDED", "FAILED");
        Assert.Equal("SUCCEEDED", (string)resumed["status"]);
        Assert.Equal(second.Profiles.Profiles.Count(p => !p.HasOnlyEvents), ExportFiles.ReadJob(second, resumed).Count);

        var newer = await again.CreateJobAsync(Bodies.Minimal("after-restart"));
        Assert.True((long)newer["id"] > runningId, "ids keep counting after a restart");
        Assert.Equal(new[] { (long)newer["id"], runningId, cancelledId, finishedId }, (await again.ListAllAsync(2)).Select(j => (long)j["id"]));
    }

    [Fact]
    public async Task Without_a_data_directory_nothing_survives()
    {
        var options = Emulators.Fast();
        long id;
        await using (var first = await EmulatorServer.StartAsync(options))
        {
            using var client = await ApiClient.ConnectAsync(first);
            id = (long)(await client.CreateJobAsync(Bodies.Minimal()))["id"];
        }
        await using var second = await EmulatorServer.StartAsync(Emulators.Fast());
        using var again = await ApiClient.ConnectAsync(second);
        Assert.Empty(await again.ListAllAsync(10));
        var (status, body, _) = await again.SendAsync(HttpMethod.Get, $"{ApiClient.JobsPath}/{id}");
        Emulators.AssertServiceError(status, body, 404);
    }

    [Fact]
    public async Task A_temporary_dataset_root_is_removed_on_dispose_and_a_given_one_is_kept()
    {
        string temporary;
        await using (var server = await EmulatorServer.StartAsync(Emulators.Fast()))
        {
            temporary = server.DatasetRoot;
            using var client = await ApiClient.ConnectAsync(server);
            await client.CreateAndFinishAsync(Bodies.Minimal());
            Assert.True(Directory.Exists(temporary));
        }
        Assert.False(Directory.Exists(temporary));

        var options = Options(TimeSpan.FromMilliseconds(50));
        options.DataDirectory = null;
        await using (var server = await EmulatorServer.StartAsync(options))
        {
            using var client = await ApiClient.ConnectAsync(server);
            await client.CreateAndFinishAsync(Bodies.Minimal("kept-files"));
        }
        Assert.Single(Directory.GetFiles(Path.Combine(_folder, "datasets", "kept-files")));
    }
}
