using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator;
using Xunit;

namespace AdobeExportJobs.Tests.Emulator;

/// <summary>One emulator with a finished export of several part files, a failed job, and a second org.</summary>
public sealed class DataAccessEmulator : IAsyncLifetime
{
    public const int RowsPerFile = 50;
    public const string OtherClient = "other-client";
    public const string OtherOrg = "OTHER000000000000000000@AdobeOrg";

    public EmulatorServer Server { get; private set; }
    internal ApiClient Client { get; private set; }
    public JsonObject Job { get; private set; }
    public JsonObject FailedJob { get; private set; }
    public string BatchId => (string)Job["destination"]["batchId"];

    public async Task InitializeAsync()
    {
        var options = Emulators.Fast(400);
        options.ParquetRowsPerFile = RowsPerFile;
        options.AdditionalClients.Add(new RegisteredClient { ClientId = OtherClient, ClientSecret = "other-secret", OrgId = OtherOrg });
        Server = await EmulatorServer.StartAsync(options);
        Client = await ApiClient.ConnectAsync(Server);
        Job = await Client.CreateAndFinishAsync(Bodies.Minimal("data-access"));
        FailedJob = await Client.CreateAndFinishAsync(Bodies.Minimal("data-access-fail"));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>
/// The Data Access API over real HTTP: a batch's file list with paging, file details and the directory form, downloads
/// whole, as HEAD and in ranges, 404s and 416, and the same isolation by org and sandbox as the jobs API.
/// </summary>
public class DataAccessApiTests(DataAccessEmulator emulator) : IClassFixture<DataAccessEmulator>
{
    public const string Base = "/data/foundation/export";

    private ApiClient Client => emulator.Client;
    private string BatchId => emulator.BatchId;
    private List<string> Parts => ExportFiles.PartFiles(emulator.Server, "data-access", BatchId);

    private string Absolute(string path) => emulator.Server.BaseAddress + path;

    private async Task<HttpResponseMessage> RawAsync(HttpMethod method, string pathOrUrl, Action<HttpRequestMessage> adjust = null)
    {
        var request = Client.NewRequest(method, pathOrUrl);
        adjust?.Invoke(request);
        return await Client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    [Fact]
    public async Task The_batch_lists_one_dataSetFileId_per_part_file_with_absolute_links()
    {
        var (status, body, _) = await Client.SendAsync(HttpMethod.Get, $"{Base}/batches/{BatchId}/files");
        Assert.Equal(HttpStatusCode.OK, status);
        var data = body!["data"]!.AsArray();
        Assert.True(Parts.Count >= 5, "the fixture's batch should have several parts");
        Assert.Equal(Parts.Count, data.Count);
        for (int i = 0; i < data.Count; i++)
        {
            var entry = data[i]!.AsObject();
            Assert.Equal(new[] { "_links", "created", "dataSetFileId", "dataSetViewId", "isValid", "updated", "version" },
                entry.Select(p => p.Key).Order(StringComparer.Ordinal));
            Assert.Equal($"{BatchId}-{i + 1}", (string)entry["dataSetFileId"]);
            Assert.Equal("data-access", (string)entry["dataSetViewId"]);
            Assert.Equal("1.0.0", (string)entry["version"]);
            Assert.True(long.Parse((string)entry["created"]!) > 1_500_000_000_000);
            Assert.Equal((string)entry["created"], (string)entry["updated"]);
            Assert.True((bool)entry["isValid"]);
            Assert.Equal(Absolute($"{Base}/files/{BatchId}-{i + 1}"), (string)entry["_links"]!["self"]!["href"]);
        }
        Assert.Equal(100, (int)body["_page"]!["limit"]);
        Assert.Equal(Parts.Count, (int)body["_page"]!["count"]);
        Assert.Null(body["_links"]!["next"]);
        Assert.Equal(Absolute($"{Base}/batches/{BatchId}/files?start=0&limit=100"), (string)body["_links"]!["page"]!["href"]);
    }

    [Fact]
    public async Task Paging_with_start_and_limit_follows_links_next_through_every_file_once()
    {
        var seen = new List<string>();
        string url = $"{Base}/batches/{BatchId}/files?limit=2";
        for (int pages = 0; url != null; pages++)
        {
            Assert.True(pages < 20, "paging did not end");
            var (status, body, _) = await Client.SendAsync(HttpMethod.Get, url);
            Assert.Equal(HttpStatusCode.OK, status);
            var data = body!["data"]!.AsArray();
            Assert.InRange(data.Count, 1, 2);
            Assert.Equal(2, (int)body["_page"]!["limit"]);
            Assert.Equal(Parts.Count, (int)body["_page"]!["count"]);
            seen.AddRange(data.Select(e => (string)e!["dataSetFileId"]));
            url = (string)body["_links"]?["next"]?["href"];
            if (url != null) Assert.StartsWith(Absolute($"{Base}/batches/{BatchId}/files?start={seen.Count}&limit=2"), url);
        }
        Assert.Equal(Enumerable.Range(1, Parts.Count).Select(i => $"{BatchId}-{i}"), seen);

        var (_, past, _) = await Client.SendAsync(HttpMethod.Get, $"{Base}/batches/{BatchId}/files?start={Parts.Count}&limit=2");
        Assert.Empty(past!["data"]!.AsArray());
        Assert.Null(past["_links"]!["next"]);

        foreach (var bad in new[] { "start=-1", "start=x", "limit=0", "limit=two" })
        {
            var (status, body, _) = await Client.SendAsync(HttpMethod.Get, $"{Base}/batches/{BatchId}/files?{bad}");
            Emulators.AssertServiceError(status, body, 400, bad.Split('=')[0]);
        }
    }

    [Fact]
    public async Task A_file_id_answers_its_name_length_as_a_string_and_download_link()
    {
        for (int i = 0; i < Parts.Count; i++)
        {
            var (status, body, _) = await Client.SendAsync(HttpMethod.Get, $"{Base}/files/{BatchId}-{i + 1}");
            Assert.Equal(HttpStatusCode.OK, status);
            var entry = Assert.Single(body!["data"]!.AsArray())!.AsObject();
            var name = Path.GetFileName(Parts[i]);
            Assert.Equal(new[] { "_links", "length", "name" }, entry.Select(p => p.Key).Order(StringComparer.Ordinal));
            Assert.Equal(name, (string)entry["name"]);
            Assert.Equal(System.Text.Json.JsonValueKind.String, entry["length"]!.GetValueKind());
            Assert.Equal(new FileInfo(Parts[i]).Length.ToString(), (string)entry["length"]);
            Assert.Equal(Absolute($"{Base}/files/{BatchId}-{i + 1}?path={name}"), (string)entry["_links"]!["self"]!["href"]);
            Assert.Equal(1, (int)body["_page"]!["count"]);
            Assert.Equal(100, (int)body["_page"]!["limit"]);
        }
    }

    [Fact]
    public async Task The_batch_id_as_a_file_id_is_the_directory_of_its_files()
    {
        var (status, body, _) = await Client.SendAsync(HttpMethod.Get, $"{Base}/files/{BatchId}?limit=3");
        Assert.Equal(HttpStatusCode.OK, status);
        var data = body!["data"]!.AsArray();
        Assert.Equal(new[] { $"{BatchId}-1", $"{BatchId}-2", $"{BatchId}-3" }, data.Select(e => (string)e!["dataSetFileId"]));
        Assert.All(data, e => Assert.Null(e!["name"]));
        Assert.Equal(Parts.Count, (int)body["_page"]!["count"]);
        Assert.Equal(Absolute($"{Base}/files/{BatchId}?start=3&limit=3"), (string)body["_links"]!["next"]!["href"]);

        // A path under the directory names any of its files.
        var name = Path.GetFileName(Parts[1]);
        using var download = await RawAsync(HttpMethod.Get, $"{Base}/files/{BatchId}?path={name}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(Parts[1]), await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Following_the_links_downloads_every_part_byte_for_byte_and_the_rows_are_the_export()
    {
        var (_, list, _) = await Client.SendAsync(HttpMethod.Get, $"{Base}/batches/{BatchId}/files");
        var ids = new List<string>();
        int part = 0;
        foreach (var entry in list!["data"]!.AsArray())
        {
            var (_, details, _) = await Client.SendAsync(HttpMethod.Get, (string)entry!["_links"]!["self"]!["href"]);
            var file = Assert.Single(details!["data"]!.AsArray())!;
            using var response = await RawAsync(HttpMethod.Get, (string)file["_links"]!["self"]!["href"]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
            Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(long.Parse((string)file["length"]!), response.Content.Headers.ContentLength);
            Assert.Equal(await File.ReadAllBytesAsync(Parts[part++]), bytes);
            ids.AddRange(ExportFiles.ReadRows(new MemoryStream(bytes)).Select(r => (string)r["_id"]));
        }
        Assert.Equal(Parts.Count, part);
        Assert.Equal((long)emulator.Job["metrics"]["totalExportedProfileCounter"], ids.Count);
        Assert.Equal(emulator.Server.Profiles.Profiles.Where(p => !p.HasOnlyEvents).Select(p => p.Id).Order(StringComparer.Ordinal),
            ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task HEAD_gives_the_size_and_no_body()
    {
        var name = Path.GetFileName(Parts[0]);
        using var response = await RawAsync(HttpMethod.Head, $"{Base}/files/{BatchId}-1?path={name}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new FileInfo(Parts[0]).Length, response.Content.Headers.ContentLength);
        Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());

        using var ranged = await RawAsync(HttpMethod.Head, $"{Base}/files/{BatchId}-1?path={name}", r => r.Headers.Range = new RangeHeaderValue(10, 19));
        Assert.Equal(HttpStatusCode.PartialContent, ranged.StatusCode);
        Assert.Equal(10, ranged.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData(10L, 99L)]
    [InlineData(100L, null)]
    [InlineData(null, 50L)]
    [InlineData(0L, 10_000_000L)]
    [InlineData(0L, 0L)]
    public async Task A_single_byte_range_answers_206_with_Content_Range_and_exactly_those_bytes(long? from, long? to)
    {
        var name = Path.GetFileName(Parts[0]);
        var whole = await File.ReadAllBytesAsync(Parts[0]);
        using var response = await RawAsync(HttpMethod.Get, $"{Base}/files/{BatchId}-1?path={name}", r => r.Headers.Range = new RangeHeaderValue(from, to));
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        long first = from ?? whole.Length - to!.Value;
        long last = from == null ? whole.Length - 1 : Math.Min(to ?? long.MaxValue, whole.Length - 1);
        var contentRange = response.Content.Headers.ContentRange!;
        Assert.Equal((first, last, (long)whole.Length), (contentRange.From!.Value, contentRange.To!.Value, contentRange.Length!.Value));
        Assert.Equal(last - first + 1, response.Content.Headers.ContentLength);
        Assert.Equal(whole[(int)first..(int)(last + 1)], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_range_outside_the_file_is_416_and_several_ranges_get_the_whole_file()
    {
        var name = Path.GetFileName(Parts[0]);
        long length = new FileInfo(Parts[0]).Length;
        foreach (var range in new[] { new RangeHeaderValue(length, null), new RangeHeaderValue(length + 10, length + 20), new RangeHeaderValue(null, 0) })
        {
            using var response = await RawAsync(HttpMethod.Get, $"{Base}/files/{BatchId}-1?path={name}", r => r.Headers.Range = range);
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
            Assert.Equal($"bytes */{length}", response.Content.Headers.GetValues("Content-Range").Single());
            Emulators.AssertServiceError(response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()), 416, "Range");
        }

        var several = new RangeHeaderValue();
        several.Ranges.Add(new RangeItemHeaderValue(0, 9));
        several.Ranges.Add(new RangeItemHeaderValue(20, 29));
        using var whole = await RawAsync(HttpMethod.Get, $"{Base}/files/{BatchId}-1?path={name}", r => r.Headers.Range = several);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(length, (await whole.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task Unknown_batches_files_and_paths_and_the_batches_of_unfinished_jobs_are_404_in_the_service_shape()
    {
        var failedBatch = (string)emulator.FailedJob["destination"]["batchId"];
        var name = Path.GetFileName(Parts[0]);
        foreach (var path in new[]
                 {
                     $"{Base}/batches/{Guid.NewGuid():N}/files", $"{Base}/batches/not-a-batch/files", $"{Base}/batches/{failedBatch}/files",
                     $"{Base}/files/{Guid.NewGuid():N}", $"{Base}/files/{BatchId}-0", $"{Base}/files/{BatchId}-{Parts.Count + 1}",
                     $"{Base}/files/nothing", $"{Base}/files/{BatchId}-1x", $"{Base}/files/{failedBatch}-1",
                     $"{Base}/files/{BatchId}-1?path=other.parquet", $"{Base}/files/{BatchId}-2?path={name}",
                     $"{Base}/files/{BatchId}-1?path=../{name}", $"{Base}/nothing",
                 })
        {
            var (status, body, _) = await Client.SendAsync(HttpMethod.Get, path);
            Emulators.AssertServiceError(status, body, 404);
            Assert.Equal("https://ns.adobe.com/aep/errors/UPAPI-113000-404", (string)body!["type"]);
        }

        // A job that is still running has no files to serve yet.
        emulator.Server.Options.MinJobDuration = emulator.Server.Options.MaxJobDuration = TimeSpan.FromMinutes(10);
        try
        {
            var running = await Client.CreateJobAsync(Bodies.Minimal("data-access-running"));
            var (status, body, _) = await Client.SendAsync(HttpMethod.Get, $"{Base}/batches/{(string)running["destination"]["batchId"]}/files");
            Emulators.AssertServiceError(status, body, 404);
            await Client.SendAsync(HttpMethod.Delete, $"{ApiClient.JobsPath}/{(long)running["id"]}");
        }
        finally
        {
            emulator.Server.Options.MinJobDuration = TimeSpan.FromMilliseconds(60);
            emulator.Server.Options.MaxJobDuration = TimeSpan.FromMilliseconds(160);
        }
    }

    [Fact]
    public async Task Another_sandbox_or_org_sees_404_and_a_missing_token_is_401_like_the_jobs_API()
    {
        var name = Path.GetFileName(Parts[0]);
        var paths = new[] { $"{Base}/batches/{BatchId}/files", $"{Base}/files/{BatchId}-1", $"{Base}/files/{BatchId}", $"{Base}/files/{BatchId}-1?path={name}" };
        using var dev = await ApiClient.ConnectAsync(emulator.Server, sandbox: "dev");
        using var otherOrg = await ApiClient.ConnectAsync(emulator.Server, clientId: DataAccessEmulator.OtherClient, clientSecret: "other-secret",
            orgId: DataAccessEmulator.OtherOrg);
        foreach (var path in paths)
        {
            using (var own = await RawAsync(HttpMethod.Get, path)) Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            foreach (var stranger in new[] { dev, otherOrg })
            {
                var (status, body, _) = await stranger.SendAsync(HttpMethod.Get, path);
                Emulators.AssertServiceError(status, body, 404);
            }
            var (anonymous, anonymousBody, _) = await Client.SendAsync(HttpMethod.Get, path, adjust: r => r.Headers.Authorization = null);
            Emulators.AssertGatewayError(anonymous, anonymousBody, 401, "403010");
        }

        var (put, putBody, response) = await Client.SendAsync(HttpMethod.Post, $"{Base}/files/{BatchId}-1", "{}");
        Emulators.AssertServiceError(put, putBody, 405);
        Assert.Equal(new[] { "GET", "HEAD" }, response.Content.Headers.Allow.Order());
    }

    [Fact]
    public async Task Each_segment_batch_has_its_own_files_and_they_are_still_served_after_a_restart_and_gone_with_their_job()
    {
        var folder = Path.Combine(Path.GetTempPath(), "emulator-data-access-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = Emulators.Fast(300);
            options.ParquetRowsPerFile = 40;
            options.DataDirectory = folder;
            JsonArray batches;
            long jobId;
            await using (var first = await EmulatorServer.StartAsync(options))
            {
                using var client = await ApiClient.ConnectAsync(first);
                var second = first.Profiles.Segments[4];
                var body = Bodies.Minimal("per-segment-files").WithSegment(ProfileIds.SeedSegment, "ups").WithSegment(second.Id, second.Namespace);
                body["destination"]["segmentPerBatch"] = true;
                var job = await client.CreateAndFinishAsync(body);
                jobId = (long)job["id"];
                batches = job["destination"]["batches"]!.AsArray();
            }

            await using var restarted = await EmulatorServer.StartAsync(options);
            using var again = await ApiClient.ConnectAsync(restarted);
            long rows = 0;
            foreach (var batch in batches)
            {
                var batchId = (string)batch!["batchId"];
                var (status, list, _) = await again.SendAsync(HttpMethod.Get, $"{Base}/batches/{batchId}/files");
                Assert.Equal(HttpStatusCode.OK, status);
                var entries = list!["data"]!.AsArray();
                Assert.Equal(ExportFiles.PartFiles(restarted, "per-segment-files", batchId).Count, entries.Count);
                Assert.All(entries, e => Assert.StartsWith(batchId + "-", (string)e!["dataSetFileId"]));
                foreach (var entry in entries)
                {
                    var (_, details, _) = await again.SendAsync(HttpMethod.Get, (string)entry!["_links"]!["self"]!["href"]);
                    var request = again.NewRequest(HttpMethod.Get, (string)details!["data"]![0]!["_links"]!["self"]!["href"]);
                    using var download = await again.Http.SendAsync(request);
                    rows += ExportFiles.ReadRows(new MemoryStream(await download.Content.ReadAsByteArrayAsync())).Count;
                }
            }
            var finished = await again.GetJobAsync(jobId);
            Assert.Equal((long)finished["metrics"]["totalExportedProfileCounter"], rows);

            // DELETE of the finished job removes it, and with it what the Data Access API can reach.
            await again.SendAsync(HttpMethod.Delete, $"{ApiClient.JobsPath}/{jobId}");
            var (gone, goneBody, _) = await again.SendAsync(HttpMethod.Get, $"{Base}/batches/{(string)batches[0]!["batchId"]}/files");
            Emulators.AssertServiceError(gone, goneBody, 404);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
