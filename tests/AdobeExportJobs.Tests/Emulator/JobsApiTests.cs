using System.Net;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator;
using Xunit;

namespace AdobeExportJobs.Tests.Emulator;

public class JobsApiTests
{
    [Fact]
    public async Task Status_page_answers_on_root_without_auth()
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast());
        using var http = new HttpClient();
        var text = await http.GetStringAsync(server.BaseUrl);
        Assert.Contains("emulator", text);
        Assert.Contains("/data/core/ups/export/jobs", text);
        Assert.DoesNotContain(server.Options.ClientSecret, text);
        Assert.DoesNotMatch("/$", server.BaseAddress);
    }

    [Fact]
    public async Task Create_answers_200_with_a_new_job_in_the_seed_shape_and_an_X_Location()
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast());
        using var client = await ApiClient.ConnectAsync(server);
        var body = Bodies.Minimal("5b7c86968f7b6501e21ba9df").WithSegment(ProfileIds.SeedSegment, "ups", "realized");
        body["fields"] = "identities.id,personalEmail.address";
        body["mergePolicy"] = new JsonObject { ["id"] = "timestampOrdered-none-mp", ["version"] = 1 };

        var (status, job, response) = await client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, body.ToJsonString(),
            r => r.Headers.Add("x-request-id", "create-shape-1"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("NEW", (string)job["status"]);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, job["id"]!.GetValueKind());
        long id = (long)job["id"];
        Assert.Equal($"{server.BaseAddress}/data/core/ups/export/jobs/{id}", response.Headers.GetValues("X-Location").Single());
        Assert.Equal("create-shape-1", response.Headers.GetValues("x-request-id").Single());
        Assert.Equal("create-shape-1", (string)job["requestId"]);
        Assert.Equal("BATCH", (string)job["jobType"]);
        Assert.Equal("5b7c86968f7b6501e21ba9df", (string)job["destination"]["datasetId"]);
        Assert.False((bool)job["destination"]["segmentPerBatch"]);
        Assert.Matches("^[0-9a-f]{32}$", (string)job["destination"]["batchId"]);
        Assert.Equal("identities.id,personalEmail.address", (string)job["fields"]);
        Assert.Equal("_xdm.context.profile", (string)job["schema"]["name"]);
        Assert.Equal(server.Options.OrgId, (string)job["imsOrgId"]);
        Assert.Equal(ProfileIds.SeedSegment, (string)job["filter"]["segments"][0]["segmentId"]);
        Assert.Equal("timestampOrdered-none-mp", (string)job["mergePolicy"]["id"]);
        Assert.Equal(1, (int)job["mergePolicy"]["version"]);
        Assert.Equal("ups", (string)job["profileInstanceId"]);
        Assert.Equal((long)job["creationTime"], (long)job["metrics"]["totalTime"]["startTimeInMs"]);
        Assert.NotNull(job["computeGatewayJobId"]["exportJob"]);
        Assert.True((long)job["updateTime"] >= (long)job["creationTime"]);
        Assert.InRange((long)job["creationTime"], DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(1, server.Statistics.JobsCreatedByRequestId["create-shape-1"]);
    }

    [Fact]
    public async Task A_request_without_x_request_id_gets_a_generated_one_echoed_and_stored()
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast());
        using var client = await ApiClient.ConnectAsync(server);
        var (_, job, response) = await client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, Bodies.Minimal().ToJsonString());
        var echoed = response.Headers.GetValues("x-request-id").Single();
        Assert.True(Guid.TryParse(echoed, out _));
        Assert.Equal(echoed, (string)job["requestId"]);
    }

    [Fact]
    public async Task A_job_moves_from_NEW_through_PROCESSING_to_SUCCEEDED_with_true_metrics()
    {
        var options = Emulators.Fast();
        options.MinJobDuration = options.MaxJobDuration = TimeSpan.FromMilliseconds(1500);
        await using var server = await EmulatorServer.StartAsync(options);
        using var client = await ApiClient.ConnectAsync(server);
        var created = await client.CreateJobAsync(Bodies.Minimal());
        long id = (long)created["id"];

        var processing = await client.WaitForStatusAsync(id, "PROCESSING", "SUCCEEDED");
        Assert.Equal("PROCESSING", (string)processing["status"]);
        Assert.NotEqual("", (string)processing["computeGatewayJobId"]["exportJob"]);

        var done = await client.WaitForStatusAsync(id, "SUCCEEDED", "FAILED");
        Assert.Equal("SUCCEEDED", (string)done["status"]);
        var metrics = done["metrics"]!;
        foreach (var name in new[] { "totalTime", "profileExportTime", "aCPDatasetWriteTime" })
        {
            long start = (long)metrics[name]["startTimeInMs"], end = (long)metrics[name]["endTimeInMs"];
            Assert.True(end >= start, name);
            Assert.Equal(end - start, (long)metrics[name]["totalTimeInMs"]);
        }
        Assert.True((long)metrics["totalTime"]["endTimeInMs"] >= (long)metrics["aCPDatasetWriteTime"]["endTimeInMs"]);
        Assert.True((long)metrics["aCPDatasetWriteTime"]["startTimeInMs"] >= (long)metrics["profileExportTime"]["endTimeInMs"]);
        Assert.Equal((long)done["creationTime"], (long)metrics["totalTime"]["startTimeInMs"]);
        Assert.Equal(server.Profiles.Profiles.Count(p => !p.HasOnlyEvents), (long)metrics["totalExportedProfileCounter"]);
        Assert.NotEmpty((string)done["computeGatewayJobId"]["pushJob"]);
    }

    [Fact]
    public async Task A_dataset_id_containing_fail_makes_the_job_FAILED_with_errors_and_no_files()
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast());
        using var client = await ApiClient.ConnectAsync(server);
        var done = await client.CreateAndFinishAsync(Bodies.Minimal("please-FAIL-this"));

        Assert.Equal("FAILED", (string)done["status"]);
        var errors = done["errors"]!.AsArray();
        Assert.Equal(2, errors.Count);
        foreach (var error in errors)
        {
            Assert.False(string.IsNullOrEmpty((string)error["code"]));
            Assert.False(string.IsNullOrEmpty((string)error["msg"]));
            Assert.False(string.IsNullOrEmpty((string)error["callStack"]));
        }
        Assert.Contains(errors, e => ((string)e["callStack"]).StartsWith("org.apache.spark.SparkException"));
        Assert.False(Directory.Exists(Path.Combine(server.DatasetRoot, "please-FAIL-this"))
            && Directory.EnumerateFiles(Path.Combine(server.DatasetRoot, "please-FAIL-this")).Any());
    }

    [Fact]
    public async Task Get_answers_the_job_and_404_for_an_unknown_id_in_the_service_error_shape()
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast());
        using var client = await ApiClient.ConnectAsync(server);
        var created = await client.CreateJobAsync(Bodies.Minimal());
        var fetched = await client.GetJobAsync((long)created["id"]);
        Assert.Equal((long)created["id"], (long)fetched["id"]);
        Assert.Equal((string)created["requestId"], (string)fetched["requestId"]);

        var (status, body, _) = await client.SendAsync(HttpMethod.Get, $"{ApiClient.JobsPath}/987654");
        Emulators.AssertServiceError(status, body, 404, "987654");
        Assert.Equal("https://ns.adobe.com/aep/errors/UPAPI-113000-404", (string)body["type"]);
    }

    [Fact]
    public async Task Delete_of_a_running_job_answers_204_marks_it_CANCELLED_and_writes_nothing()
    {
        var options = Emulators.Fast();
        options.MinJobDuration = options.MaxJobDuration = TimeSpan.FromMilliseconds(3000);
        await using var server = await EmulatorServer.StartAsync(options);
        using var client = await ApiClient.ConnectAsync(server);
        var created = await client.CreateJobAsync(Bodies.Minimal("cancelled-dataset"));
        long id = (long)created["id"];
        await client.WaitForStatusAsync(id, "PROCESSING");

        var (status, body, _) = await client.SendAsync(HttpMethod.Delete, $"{ApiClient.JobsPath}/{id}");
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Null(body);

        Assert.Equal("CANCELLED", (string)(await client.GetJobAsync(id))["status"]);
        await Task.Delay(3000); // past the job's end: it must not come back to life
        Assert.Equal("CANCELLED", (string)(await client.GetJobAsync(id))["status"]);
        var folder = Path.Combine(server.DatasetRoot, "cancelled-dataset");
        Assert.True(!Directory.Exists(folder) || !Directory.EnumerateFiles(folder).Any());
    }

    [Fact]
    public async Task Delete_of_a_finished_job_removes_it()
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast());
        using var client = await ApiClient.ConnectAsync(server);
        var done = await client.CreateAndFinishAsync(Bodies.Minimal());
        long id = (long)done["id"];

        var (status, _, _) = await client.SendAsync(HttpMethod.Delete, $"{ApiClient.JobsPath}/{id}");
        Assert.Equal(HttpStatusCode.NoContent, status);
        var (after, body, _) = await client.SendAsync(HttpMethod.Get, $"{ApiClient.JobsPath}/{id}");
        Emulators.AssertServiceError(after, body, 404);
        var (again, againBody, _) = await client.SendAsync(HttpMethod.Delete, $"{ApiClient.JobsPath}/{id}");
        Emulators.AssertServiceError(again, againBody, 404);
        Assert.DoesNotContain(await client.ListAllAsync(10), j => (long)j["id"] == id);
    }

    [Fact]
    public async Task Delete_answers_the_v1_way_when_asked()
    {
        var options = Emulators.Fast();
        options.DeleteAnswerV1 = true;
        await using var server = await EmulatorServer.StartAsync(options);
        using var client = await ApiClient.ConnectAsync(server);
        var created = await client.CreateJobAsync(Bodies.Minimal());

        var (status, body, _) = await client.SendAsync(HttpMethod.Delete, $"{ApiClient.JobsPath}/{(long)created["id"]}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True((bool)body["status"]);
        Assert.Equal("Export job has been marked for cancelling", (string)body["message"]);

        server.Options.DeleteAnswerV1 = false; // read at request time
        var second = await client.CreateJobAsync(Bodies.Minimal());
        var (status2, _, _) = await client.SendAsync(HttpMethod.Delete, $"{ApiClient.JobsPath}/{(long)second["id"]}");
        Assert.Equal(HttpStatusCode.NoContent, status2);
    }

    [Fact]
    public async Task Segment_per_batch_gives_a_batches_array_and_one_file_per_segment()
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast());
        using var client = await ApiClient.ConnectAsync(server);
        var second = server.Profiles.Segments[3];
        var body = Bodies.Minimal("per-batch")
            .WithSegment(ProfileIds.SeedSegment, "ups", "realized")
            .WithSegment(second.Id, second.Namespace, "exited");
        body["destination"]["segmentPerBatch"] = true;

        var created = await client.CreateJobAsync(body);
        Assert.Null(created["destination"]["batchId"]);
        var batches = created["destination"]["batches"]!.AsArray();
        Assert.Equal(2, batches.Count);
        Assert.Equal(ProfileIds.SeedSegment, (string)batches[0]["segmentId"]);
        Assert.Equal("ups", (string)batches[0]["segmentNs"]);
        Assert.Equal("realized", (string)batches[0]["status"][0]);
        Assert.Equal(second.Id, (string)batches[1]["segmentId"]);
        Assert.Equal(second.Namespace, (string)batches[1]["segmentNs"]);
        Assert.Equal("exited", (string)batches[1]["status"][0]);
        Assert.NotEqual((string)batches[0]["batchId"], (string)batches[1]["batchId"]);

        var done = await client.WaitForStatusAsync((long)created["id"], "SUCCEEDED");
        var firstIds = ExportFiles.ReadIds(server, "per-batch", (string)batches[0]["batchId"]);
        var secondIds = ExportFiles.ReadIds(server, "per-batch", (string)batches[1]["batchId"]);
        var expectedFirst = server.Profiles.Profiles.Where(p => !p.HasOnlyEvents
            && p.Memberships.Any(m => m.SegmentId == ProfileIds.SeedSegment && m.SegmentNs == "ups" && m.Status == "realized")).Select(p => p.Id);
        var expectedSecond = server.Profiles.Profiles.Where(p => !p.HasOnlyEvents
            && p.Memberships.Any(m => m.SegmentId == second.Id && m.Status == "exited")).Select(p => p.Id);
        Assert.Equal(expectedFirst.OrderBy(x => x), firstIds.OrderBy(x => x));
        Assert.Equal(expectedSecond.OrderBy(x => x), secondIds.OrderBy(x => x));
        Assert.Equal(firstIds.Count + secondIds.Count, (long)done["metrics"]["totalExportedProfileCounter"]);
        Assert.Equal(2, Directory.EnumerateFiles(Path.Combine(server.DatasetRoot, "per-batch")).Count());
    }

    [Fact]
    public async Task Unknown_paths_answer_404_and_unsupported_methods_405_in_the_service_shape()
    {
        await using var server = await EmulatorServer.StartAsync(Emulators.Fast());
        using var client = await ApiClient.ConnectAsync(server);
        var (status, body, _) = await client.SendAsync(HttpMethod.Get, "/data/core/ups/export/nothing");
        Emulators.AssertServiceError(status, body, 404);
        var (put, putBody, response) = await client.SendAsync(HttpMethod.Put, ApiClient.JobsPath, "{}");
        Emulators.AssertServiceError(put, putBody, 405);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }
}
