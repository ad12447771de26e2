using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
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
    public async Task The_database_holds_no_token_signing_key_and_tokens_follow_the_secrets_they_are_derived_from()
    {
        var options = Options(TimeSpan.FromMilliseconds(100));
        string token;
        await using (var first = await EmulatorServer.StartAsync(options))
        {
            using var client = await ApiClient.ConnectAsync(first);
            token = client.Token;
        }

        // Nothing stored in the database signs tokens: neither a value as text nor one decoded from base64.
        var parts = token.Split('.');
        var signed = Encoding.UTF8.GetBytes(parts[0] + "." + parts[1]);
        var signature = Convert.FromBase64String(parts[2].Replace('-', '+').Replace('_', '/').PadRight((parts[2].Length + 3) / 4 * 4, '='));
        var settings = ReadSettings(Path.Combine(options.DataDirectory, "emulator.db"));
        Assert.NotEmpty(settings);
        Assert.DoesNotContain(settings.Keys, key => key.Contains("signing-key"));
        foreach (var value in settings.Values)
        {
            var candidates = new List<byte[]> { Encoding.UTF8.GetBytes(value) };
            try { candidates.Add(Convert.FromBase64String(value)); } catch (FormatException) { }
            foreach (var candidate in candidates) Assert.NotEqual(signature, HMACSHA256.HashData(candidate, signed));
        }

        // Same secrets after a restart: the same key, the token still works. Another client secret: another key.
        await using (var same = await EmulatorServer.StartAsync(Options(TimeSpan.FromMilliseconds(100))))
        {
            Assert.Equal(HttpStatusCode.OK, await ListWithAsync(same, token));
        }
        var rotated = Options(TimeSpan.FromMilliseconds(100));
        rotated.ClientSecret = "rotated-secret";
        await using (var other = await EmulatorServer.StartAsync(rotated))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await ListWithAsync(other, token));
        }
        var chosen = Options(TimeSpan.FromMilliseconds(100));
        chosen.TokenSigningSecret = "a-secret-of-its-own";
        await using (var own = await EmulatorServer.StartAsync(chosen))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await ListWithAsync(own, token));
            using var client = await ApiClient.ConnectAsync(own);
            Assert.Equal(HttpStatusCode.OK, await ListWithAsync(own, client.Token));
        }
    }

    private static async Task<HttpStatusCode> ListWithAsync(EmulatorServer server, string token)
    {
        using var client = await ApiClient.ConnectAsync(server);
        client.Token = token;
        var (status, _, response) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath);
        response.Dispose();
        return status;
    }

    private static Dictionary<string, string> ReadSettings(string databaseFile)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, value FROM settings;";
        using var reader = command.ExecuteReader();
        var settings = new Dictionary<string, string>();
        while (reader.Read()) settings[reader.GetString(0)] = reader.GetString(1);
        return settings;
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
