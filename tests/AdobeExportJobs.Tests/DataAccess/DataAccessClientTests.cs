using AdobeExportJobs.Client;
using AdobeExportJobs.Model;
using AdobeExportJobs.Tests.Module;
using AdobeExportJobs.Tests.Reliability;
using Xunit;
using static AdobeExportJobs.Tests.DataAccess.ScriptedFiles;

namespace AdobeExportJobs.Tests.DataAccess;

/// <summary>
/// The Data Access client over scripted loopback servers: listings paged by next link or by start/limit (and never
/// forever), file details as file or directory, HEAD, ranged downloads resumed after a cut, 416, refused redirects and
/// links to other hosts, and no secret in any error.
/// </summary>
public class DataAccessClientTests
{
    private const string Batch = "0123456789abcdef0123456789abcdef";

    private static List<ScriptedRequest> Platform(ScriptedHttpServer server) => server.Requests.Where(r => !r.Path.StartsWith("/ims/")).ToList();

    [Fact]
    public async Task A_batch_listing_follows_next_links_page_after_page()
    {
        ScriptedHttpServer server = null;
        server = new ScriptedHttpServer(request =>
        {
            if (request.Path.StartsWith("/ims/")) return ScriptedHttpServer.TokenAnswer();
            int start = int.Parse(Query(request, "start") ?? "0");
            var ids = Enumerable.Range(start, Math.Min(100, 250 - start)).Select(i => SetEntry(server.BaseAddress, $"{Batch}-{i + 1}"));
            var next = start + 100 < 250 ? $"{server.BaseAddress}{Export}/batches/{Batch}/files?start={start + 100}&limit=100" : null;
            return JsonAnswer(Page(ids, 100, 250, next));
        });
        await using var _ = server;
        using var client = ClientFor(server.BaseAddress);

        var sets = await new DataAccessClient(client).ListBatchFilesAsync(Batch);

        Assert.Equal(Enumerable.Range(1, 250).Select(i => $"{Batch}-{i}"), sets.Select(s => s.DataSetFileId));
        Assert.Equal("view-1", sets[0].DataSetViewId);
        Assert.Equal("1.0.0", sets[0].Version);
        Assert.True(sets[0].IsValid);
        Assert.False(sets[0].IsFile);
        var paths = Platform(server).Select(r => r.Path).ToList();
        Assert.Equal(new[] { $"{Export}/batches/{Batch}/files?limit=100", $"{Export}/batches/{Batch}/files?start=100&limit=100", $"{Export}/batches/{Batch}/files?start=200&limit=100" }, paths);
        // The same four headers as the export-jobs API.
        var first = Platform(server)[0];
        Assert.Equal("Bearer scripted-token", first.Headers["Authorization"]);
        Assert.Equal("files-client", first.Headers["x-api-key"]);
        Assert.Equal("ORG@AdobeOrg", first.Headers["x-gw-ims-org-id"]);
        Assert.Equal("prod", first.Headers["x-sandbox-name"]);
    }

    [Fact]
    public async Task Without_next_links_the_listing_pages_with_start_while_pages_come_back_full_even_below_the_asked_limit()
    {
        // The server caps pages at 40 whatever limit is asked, and sends no links.
        await using var server = new ScriptedHttpServer(request =>
        {
            if (request.Path.StartsWith("/ims/")) return ScriptedHttpServer.TokenAnswer();
            int start = int.Parse(Query(request, "start") ?? "0");
            var ids = Enumerable.Range(start, Math.Max(0, Math.Min(40, 90 - start))).Select(i => SetEntry("", $"set-{i}"));
            return JsonAnswer(Page(ids, 40, 90));
        });
        using var client = ClientFor(server.BaseAddress);

        var sets = await new DataAccessClient(client).ListBatchFilesAsync(Batch, pageSize: 100);

        Assert.Equal(Enumerable.Range(0, 90).Select(i => $"set-{i}"), sets.Select(s => s.DataSetFileId));
        Assert.Equal(new[] { null, "40", "80" }, Platform(server).Select(r => Query(r, "start")));
    }

    [Theory]
    [InlineData("self")]
    [InlineData("back")]
    [InlineData("ignores-start")]
    public async Task A_listing_that_would_page_forever_ends_as_a_malformed_answer_after_a_few_requests(string shape)
    {
        ScriptedHttpServer server = null;
        server = new ScriptedHttpServer(request =>
        {
            if (request.Path.StartsWith("/ims/")) return ScriptedHttpServer.TokenAnswer();
            var start = Query(request, "start") ?? "0";
            var url = $"{server.BaseAddress}{Export}/batches/{Batch}/files";
            return shape switch
            {
                "self" => JsonAnswer(Page(new[] { SetEntry("", "a"), SetEntry("", "b") }, 2, 2, url + "?limit=100")),
                "back" => JsonAnswer(Page(new[] { SetEntry("", "s" + start) }, 1, 1, start == "0" ? url + "?start=1&limit=100" : url + "?limit=100")),
                _ => JsonAnswer(Page(new[] { SetEntry("", "a"), SetEntry("", "b") }, 2, 1000)),
            };
        });
        await using var _ = server;
        using var client = ClientFor(server.BaseAddress);

        var error = await Assert.ThrowsAsync<AepApiException>(() => new DataAccessClient(client).ListBatchFilesAsync(Batch));

        Assert.Equal(AepErrorKind.MalformedResponse, error.Kind);
        Assert.InRange(Platform(server).Count, 1, 3);
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_not_followed_and_paging_goes_on_with_start()
    {
        await using var elsewhere = new ScriptedHttpServer(_ => JsonAnswer(Page(new[] { SetEntry("", "foreign") }, 100, 1)));
        await using var server = new ScriptedHttpServer(request =>
        {
            if (request.Path.StartsWith("/ims/")) return ScriptedHttpServer.TokenAnswer();
            return Query(request, "start") == null
                ? JsonAnswer(Page(new[] { SetEntry("", "one"), SetEntry("", "two") }, 2, 3, elsewhere.BaseAddress + Export + $"/batches/{Batch}/files?start=2"))
                : JsonAnswer(Page(new[] { SetEntry("", "three") }, 2, 3));
        });
        using var client = ClientFor(server.BaseAddress);

        var sets = await new DataAccessClient(client).ListBatchFilesAsync(Batch, pageSize: 2);

        Assert.Equal(new[] { "one", "two", "three" }, sets.Select(s => s.DataSetFileId));
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task File_details_read_a_file_whose_length_is_a_string_or_a_number_and_look_into_directories()
    {
        await using var server = new ScriptedHttpServer(request =>
        {
            if (request.Path.StartsWith("/ims/")) return ScriptedHttpServer.TokenAnswer();
            var id = request.Path.Split('?')[0].Split('/').Last();
            return id switch
            {
                // A directory holding two sets, one of which is itself a directory of one more.
                "dir" => JsonAnswer(Page(new[] { SetEntry("", "f1"), SetEntry("", "sub") }, 100, 2)),
                "sub" => JsonAnswer(Page(new[] { SetEntry("", "f2"), SetEntry("", "dir") }, 100, 2)),
                "f1" => JsonAnswer(Page(new[] { FileEntry($"{Export}/files/f1?path=a.parquet", "a.parquet", "\"1234\"") }, 100, 1)),
                _ => JsonAnswer(Page(new[] { FileEntry($"{Export}/files/f2?path=b.parquet", "b.parquet", "98765") }, 100, 1)),
            };
        });
        using var client = ClientFor(server.BaseAddress);

        var files = await new DataAccessClient(client).ListFilesAsync("dir");

        Assert.Equal(new[] { "a.parquet", "b.parquet" }, files.Select(f => f.Name));
        Assert.Equal(new long?[] { 1234, 98765 }, files.Select(f => f.Length));
        Assert.Equal(new[] { "f1", "f2" }, files.Select(f => f.DataSetFileId));
        Assert.All(files, f => Assert.True(f.IsFile));
        // Each set read once: the loop back to "dir" is not followed.
        Assert.Equal(4, Platform(server).Count);
    }

    [Theory]
    [InlineData("\"12x\"")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("null")]
    [InlineData("{\"bytes\":5}")]
    [InlineData("123456789012345678901234567890")]
    public void A_length_that_is_no_byte_count_reads_as_unknown(string length)
    {
        var page = AepJson.ToModel<DataSetFilePage>(AepJson.ParseToken(Page(new[] { FileEntry("/x", "a.parquet", length) }, 1, 1)));
        Assert.Null(Assert.Single(page.Data).Length);
    }

    private static string SucceededJob(bool perSegment) => perSegment
        ? "{\"id\":42,\"status\":\"SUCCEEDED\",\"destination\":{\"datasetId\":\"ds-1\",\"segmentPerBatch\":true,\"batches\":[" +
          "{\"segmentId\":\"seg-a\",\"segmentNs\":\"ups\",\"status\":[\"realized\"],\"batchId\":\"batch-a\"},{\"segmentId\":\"seg-b\",\"segmentNs\":\"ups\",\"status\":\"realized\",\"batchId\":\"batch-b\"}]}}"
        : "{\"id\":42,\"status\":\"SUCCEEDED\",\"destination\":{\"datasetId\":\"ds-1\",\"batchId\":\"batch-a\"}}";

    [Fact]
    public async Task The_files_of_a_per_segment_job_carry_job_batch_segment_and_a_download_url_on_the_platform_only()
    {
        await using var elsewhere = new ScriptedHttpServer(_ => JsonAnswer("{}"));
        await using var server = new ScriptedHttpServer(request =>
        {
            if (request.Path.StartsWith("/ims/")) return ScriptedHttpServer.TokenAnswer();
            var path = request.Path.Split('?')[0];
            if (path.EndsWith("/batches/batch-a/files")) return JsonAnswer(Page(new[] { SetEntry("", "batch-a-1"), SetEntry("", "batch-a-2") }, 100, 2));
            if (path.EndsWith("/batches/batch-b/files")) return JsonAnswer(Page(new[] { SetEntry("", "batch-b-1") }, 100, 1));
            var id = path.Split('/').Last();
            // batch-a's two sets both hold "part.parquet"; batch-b's link points at another host.
            var href = id == "batch-b-1" ? $"{elsewhere.BaseAddress}{Export}/files/{id}?path=part.parquet" : $"{Export}/files/{id}?path=part.parquet";
            return JsonAnswer(Page(new[] { FileEntry(href, "part.parquet", "\"10\"") }, 100, 1));
        });
        using var client = ClientFor(server.BaseAddress);
        var job = AepJson.ParseJob(SucceededJob(perSegment: true));

        var files = await new DataAccessClient(client).GetJobFilesAsync(job);

        Assert.Equal(new[] { "batch-a-1", "batch-a-2", "batch-b-1" }, files.Select(f => f.DataSetFileId));
        Assert.All(files, f => Assert.Equal(42, f.JobId));
        Assert.All(files, f => Assert.Equal("ds-1", f.DatasetId));
        Assert.Equal(new[] { "seg-a", "seg-a", "seg-b" }, files.Select(f => f.SegmentId));
        Assert.Equal(new[] { "42/batch-a/batch-a-1/part.parquet", "42/batch-a/batch-a-2/part.parquet", "42/batch-b/part.parquet" }, files.Select(f => f.RelativePath));
        Assert.All(files, f => Assert.StartsWith(server.BaseAddress + Export + "/files/" + f.DataSetFileId + "?path=part.parquet", f.DownloadUrl.AbsoluteUri));
        Assert.Empty(elsewhere.Requests);
    }

    [Theory]
    [InlineData("NEW")]
    [InlineData("PROCESSING")]
    [InlineData("FAILED")]
    [InlineData("CANCELLED")]
    public async Task A_job_that_has_not_succeeded_has_no_files_and_nothing_is_asked(string status)
    {
        await using var server = new ScriptedHttpServer(_ => JsonAnswer("{}"));
        using var client = ClientFor(server.BaseAddress);
        var job = AepJson.ParseJob($"{{\"id\":7,\"status\":\"{status}\",\"errors\":[{{\"code\":\"0090000009\",\"msg\":\"Error writing profiles\"}}],\"destination\":{{\"batchId\":\"b\"}}}}");

        var error = Assert.Throws<ExportJobNotSucceededException>(() => { _ = new DataAccessClient(client).GetJobFilesAsync(job); });

        Assert.Equal(status, error.Status);
        Assert.Contains($"Export job 7 is {status}, not SUCCEEDED", error.Message);
        Assert.Equal(status is "NEW" or "PROCESSING", error.MaySucceedLater);
        if (status == "FAILED") Assert.Contains("0090000009: Error writing profiles", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Head_gives_the_size_even_of_a_file_larger_than_any_answer_the_client_reads()
    {
        await using var server = new ScriptedHttpServer(request => request.Path.StartsWith("/ims/") ? ScriptedHttpServer.TokenAnswer()
            : "HTTP/1.1 200 OK\r\nContent-Length: 5000000000\r\nAccept-Ranges: bytes\r\nConnection: close\r\n\r\n");
        using var client = ClientFor(server.BaseAddress);
        var access = new DataAccessClient(client);

        var length = await access.GetFileLengthAsync(access.FileUrl("f-1", "big.parquet"));

        Assert.Equal(5_000_000_000L, length);
        var head = Assert.Single(Platform(server));
        Assert.Equal("HEAD", head.Method);
        Assert.Equal($"{Export}/files/f-1?path=big.parquet", head.Path);
    }

    [Fact]
    public async Task A_file_that_fits_one_chunk_is_asked_for_plainly_and_a_larger_one_in_ranges_of_the_chunk_size()
    {
        var file = Bytes(1000);
        await using var server = new ScriptedHttpServer(request => request.Path.StartsWith("/ims/") ? Text(ScriptedHttpServer.TokenAnswer()) : FileAnswer(file, request));
        using var client = ClientFor(server.BaseAddress);
        var access = new DataAccessClient(client);
        var url = access.FileUrl("f-1", "a.parquet");

        var whole = new MemoryStream();
        Assert.Equal(1000, await access.DownloadAsync(url, 0, 1000, 1000, chunkSize: 1000, whole));
        Assert.Equal(file, whole.ToArray());
        Assert.Null(RangeOf(Assert.Single(Platform(server))));

        var chunked = new MemoryStream();
        long reported = 0;
        await access.DownloadAsync(url, 0, 1000, 1000, chunkSize: 300, chunked, n => reported += n);
        Assert.Equal(file, chunked.ToArray());
        Assert.Equal(1000, reported);
        Assert.Equal(new[] { "bytes=0-299", "bytes=300-599", "bytes=600-899", "bytes=900-999" }, Platform(server).Skip(1).Select(RangeOf));
        Assert.All(Platform(server), r => Assert.Equal("*/*", r.Headers["Accept"]));
    }

    [Fact]
    public async Task A_connection_cut_mid_file_is_resumed_at_once_from_the_first_missing_byte()
    {
        var file = Bytes(10_000);
        int gets = 0;
        await using var server = new ScriptedHttpServer(request =>
        {
            if (request.Path.StartsWith("/ims/")) return Text(ScriptedHttpServer.TokenAnswer());
            // The first answer stops after 3,000 of its bytes; the connection then closes.
            return FileAnswer(file, request, cutAfter: Interlocked.Increment(ref gets) == 1 ? 3000 : null);
        });
        using var client = ClientFor(server.BaseAddress);
        var access = new DataAccessClient(client);
        var target = new MemoryStream();

        await access.DownloadAsync(access.FileUrl("f-1", "a.parquet"), 0, file.Length, file.Length, chunkSize: 64 * 1024, target);

        Assert.Equal(file, target.ToArray());
        Assert.Equal(new[] { null, "bytes=3000-9999" }, Platform(server).Select(RangeOf));
    }

    [Fact]
    public async Task A_resume_from_a_server_that_ignores_Range_skips_what_it_has_and_keeps_reading_to_the_end()
    {
        var file = Bytes(5000);
        await using var server = new ScriptedHttpServer(request => request.Path.StartsWith("/ims/") ? Text(ScriptedHttpServer.TokenAnswer()) : FileAnswer(file, request, honourRange: false));
        using var client = ClientFor(server.BaseAddress);
        var access = new DataAccessClient(client);
        var target = new MemoryStream();

        await access.DownloadAsync(access.FileUrl("f-1", "a.parquet"), 2000, 3000, file.Length, chunkSize: 1000, target);

        Assert.Equal(file.Skip(2000).ToArray(), target.ToArray());
        // One whole answer served every byte: the client did not ask for the same whole file once per chunk.
        Assert.Equal(new[] { "bytes=2000-2999" }, Platform(server).Select(RangeOf));
    }

    [Fact]
    public async Task A_range_past_the_end_is_a_416_error_that_says_the_file_may_have_changed()
    {
        var file = Bytes(100);
        await using var server = new ScriptedHttpServer(request => request.Path.StartsWith("/ims/") ? Text(ScriptedHttpServer.TokenAnswer()) : FileAnswer(file, request));
        using var client = ClientFor(server.BaseAddress);
        var access = new DataAccessClient(client);

        var error = await Assert.ThrowsAsync<AepApiException>(() => access.DownloadAsync(access.FileUrl("f-1", "a.parquet"), 150, 50, null, 1000, new MemoryStream()));

        Assert.Equal(416, error.StatusCode);
        Assert.Contains("may have changed", error.Message);
        Assert.Single(Platform(server));
    }

    [Theory]
    [InlineData("start")]
    [InlineData("total")]
    public async Task A_Content_Range_that_does_not_match_the_request_or_the_file_is_malformed_and_not_retried(string lie)
    {
        var file = Bytes(1000);
        await using var server = new ScriptedHttpServer(request => request.Path.StartsWith("/ims/") ? Text(ScriptedHttpServer.TokenAnswer())
            : FileAnswer(file, request, claimedFrom: lie == "start" ? 0 : null, claimedTotal: lie == "total" ? 2000 : null));
        using var client = ClientFor(server.BaseAddress);
        var access = new DataAccessClient(client);
        var target = new MemoryStream();

        var error = await Assert.ThrowsAsync<AepApiException>(() => access.DownloadAsync(access.FileUrl("f-1", "a.parquet"), 500, 500, 1000, 1000, target));

        Assert.Equal(AepErrorKind.MalformedResponse, error.Kind);
        Assert.Contains(lie == "start" ? "Content-Range" : "changed on the server", error.Message);
        Assert.Equal(0, target.Length);
        Assert.Single(Platform(server));
    }

    [Fact]
    public async Task Throttling_and_unavailability_are_retried_like_every_call()
    {
        var file = Bytes(800);
        int gets = 0;
        await using var server = new ScriptedHttpServer(request =>
        {
            if (request.Path.StartsWith("/ims/")) return Text(ScriptedHttpServer.TokenAnswer());
            return Interlocked.Increment(ref gets) switch
            {
                1 => Text(ScriptedHttpServer.Answer(429, "Too Many Requests", "{\"error_code\":\"429050\",\"message\":\"Too many requests\"}")),
                2 => Text(ScriptedHttpServer.Answer(503, "Service Unavailable", "{}", "application/json", "Retry-After: 0")),
                _ => FileAnswer(file, request),
            };
        });
        using var client = ClientFor(server.BaseAddress);
        var access = new DataAccessClient(client);
        var target = new MemoryStream();

        await access.DownloadAsync(access.FileUrl("f-1", "a.parquet"), 0, 800, 800, 1000, target);

        Assert.Equal(file, target.ToArray());
        Assert.Equal(3, Platform(server).Count);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task A_redirected_download_is_refused_and_nothing_goes_where_it_points(int status)
    {
        await using var elsewhere = new ScriptedHttpServer(request => FileAnswer(Bytes(10), request));
        await using var server = new ScriptedHttpServer(request => request.Path.StartsWith("/ims/") ? ScriptedHttpServer.TokenAnswer()
            : ScriptedHttpServer.Answer(status, "Redirect", "", "text/plain", $"Location: {elsewhere.BaseAddress}/blob/a.parquet"));
        using var client = ClientFor(server.BaseAddress);
        var access = new DataAccessClient(client);

        var error = await Assert.ThrowsAsync<AepApiException>(() => access.DownloadAsync(access.FileUrl("f-1", "a.parquet"), 0, 10, 10, 1000, new MemoryStream()));

        Assert.Equal(AepErrorKind.Redirected, error.Kind);
        Assert.Equal(elsewhere.BaseAddress + "/blob/a.parquet", error.Location);
        Assert.Empty(elsewhere.Requests);
    }

    [Theory]
    [InlineData("http://127.0.0.2:9/data/foundation/export/files/f?path=a")]
    [InlineData("/data/core/ups/export/jobs")]
    public async Task A_download_url_off_the_platform_or_outside_the_Data_Access_API_is_refused_before_sending(string url)
    {
        await using var server = new ScriptedHttpServer(_ => JsonAnswer("{}"));
        using var client = ClientFor(server.BaseAddress);
        var absolute = url.StartsWith("/") ? new Uri(server.BaseAddress + url) : new Uri(url);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new DataAccessClient(client).DownloadAsync(absolute, 0, 1, 1, 1, new MemoryStream()));

        Assert.Contains("is not a Data Access URL", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task An_error_that_echoes_the_token_or_secret_shows_neither()
    {
        await using var server = new ScriptedHttpServer(request => request.Path.StartsWith("/ims/")
            ? ScriptedHttpServer.Answer(200, "OK", "{\"access_token\":\"tok-5b3e8a1f77c2\",\"token_type\":\"bearer\",\"expires_in\":86399}")
            : ScriptedHttpServer.Answer(404, "Not Found", "{\"title\":\"No batch for token tok-5b3e8a1f77c2 and secret files-secret-7d1c9e\",\"status\":404}"));
        using var client = ClientFor(server.BaseAddress);

        var error = await Assert.ThrowsAsync<AepApiException>(() => new DataAccessClient(client).ListBatchFilesAsync(Batch));

        Assert.Equal(404, error.StatusCode);
        Assert.Contains($"No batch {Batch}", error.Message);
        SecretScan.AssertClean(ReachableText.Of(error), "tok-5b3e8a1f77c2", "files-secret-7d1c9e");
    }
}
