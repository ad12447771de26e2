using System.Net;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator;
using Xunit;

namespace AdobeExportJobs.Tests.Emulator;

public class PaginationAndConcurrencyTests
{
    private static EmulatorOptions SlowJobs()
    {
        // Jobs stay NEW for the whole test so that status filters are predictable.
        var options = Emulators.Fast(20);
        options.MinJobDuration = options.MaxJobDuration = TimeSpan.FromMinutes(10);
        return options;
    }

    [Fact]
    public async Task Pages_come_newest_first_with_page_info_and_a_relative_next_link()
    {
        await using var server = await EmulatorServer.StartAsync(SlowJobs());
        using var client = await ApiClient.ConnectAsync(server);
        var ids = new List<long>();
        for (int i = 0; i < 5; i++) ids.Add((long)(await client.CreateJobAsync(Bodies.Minimal()))["id"]);

        var (status, page, _) = await client.SendAsync(HttpMethod.Get, $"{ApiClient.JobsPath}?limit=2");
        Assert.Equal(HttpStatusCode.OK, status);
        var records = page["records"]!.AsArray();
        Assert.Equal(new[] { ids[4], ids[3] }, records.Select(r => (long)r["id"]));
        Assert.Equal("createdTime", (string)page["page"]["sortField"]);
        Assert.Equal("desc", (string)page["page"]["sort"]);
        // As Adobe's API reference describes them: pageOffset is the creationTime_id of the page's last record,
        // pageSize the number of records on the page.
        var last = records[1]!;
        var lastKey = $"{(long)last["creationTime"]}_{(long)last["id"]}";
        Assert.Equal(lastKey, (string)page["page"]["pageOffset"]);
        Assert.Equal(2, (int)page["page"]["pageSize"]);
        Assert.Equal($"/export/jobs/?limit=2&offset={lastKey}", (string)page["link"]["next"]);

        // The page offset, passed back as offset, reads the next page.
        var (_, second, _) = await client.SendAsync(HttpMethod.Get, $"{ApiClient.JobsPath}?limit=2&offset={(string)page["page"]["pageOffset"]}");
        Assert.Equal(new[] { ids[2], ids[1] }, second["records"]!.AsArray().Select(r => (long)r["id"]));

        var all = await client.ListAllAsync(2);
        Assert.Equal(ids.AsEnumerable().Reverse(), all.Select(r => (long)r["id"]));

        // The last page: as many records as are left, its own last record as pageOffset, and link.next present but empty.
        var (_, lastPage, _) = await client.SendAsync(HttpMethod.Get, "/data/core/ups/export/jobs/?limit=2&offset=" +
            $"{(long)all[3]["creationTime"]}_{(long)all[3]["id"]}");
        Assert.Single(lastPage["records"]!.AsArray());
        Assert.Equal(1, (int)lastPage["page"]["pageSize"]);
        Assert.Equal($"{(long)all[4]["creationTime"]}_{(long)all[4]["id"]}", (string)lastPage["page"]["pageOffset"]);
        Assert.Equal("", (string)lastPage["link"]["next"]);

        // A page that ends exactly at the last job is the last page too.
        var (_, exact, _) = await client.SendAsync(HttpMethod.Get, $"{ApiClient.JobsPath}?limit=5");
        Assert.Equal(5, (int)exact["page"]["pageSize"]);
        Assert.Equal("", (string)exact["link"]["next"]);

        var (_, everything, _) = await client.SendAsync(HttpMethod.Get, ApiClient.JobsPath);
        Assert.Equal(5, everything["records"]!.AsArray().Count);
        Assert.Equal("", (string)everything["link"]["next"]);

        // Past the end: no records, the offset given, nothing next.
        var endKey = (string)lastPage["page"]["pageOffset"];
        var (_, beyond, _) = await client.SendAsync(HttpMethod.Get, $"{ApiClient.JobsPath}?limit=2&offset={endKey}");
        Assert.Empty(beyond["records"]!.AsArray());
        Assert.Equal(0, (int)beyond["page"]["pageSize"]);
        Assert.Equal(endKey, (string)beyond["page"]["pageOffset"]);
        Assert.Equal("", (string)beyond["link"]["next"]);
    }

    [Fact]
    public async Task A_page_holds_at_most_MaxListLimit_records_whatever_limit_asks()
    {
        var options = SlowJobs();
        options.MaxListLimit = 3;
        await using var server = await EmulatorServer.StartAsync(options);
        using var client = await ApiClient.ConnectAsync(server);
        var ids = new List<long>();
        for (int i = 0; i < 5; i++) ids.Add((long)(await client.CreateJobAsync(Bodies.Minimal()))["id"]);

        foreach (var path in new[] { $"{ApiClient.JobsPath}?limit=1000", ApiClient.JobsPath })
        {
            var (status, page, _) = await client.SendAsync(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(new[] { ids[4], ids[3], ids[2] }, page["records"]!.AsArray().Select(r => (long)r["id"]));
            Assert.Equal(3, (int)page["page"]["pageSize"]);
            Assert.StartsWith("/export/jobs/?limit=3&offset=", (string)page["link"]["next"]);
        }
        Assert.Equal(ids.AsEnumerable().Reverse(), (await client.ListAllAsync(1000)).Select(r => (long)r["id"]));
    }

    [Fact]
    public async Task The_status_filter_applies_to_every_page_and_stays_in_the_next_link()
    {
        await using var server = await EmulatorServer.StartAsync(SlowJobs());
        using var client = await ApiClient.ConnectAsync(server);
        var ids = new List<long>();
        for (int i = 0; i < 6; i++) ids.Add((long)(await client.CreateJobAsync(Bodies.Minimal()))["id"]);
        foreach (var id in new[] { ids[1], ids[4] })
        {
            var (deleted, _, _) = await client.SendAsync(HttpMethod.Delete, $"{ApiClient.JobsPath}/{id}");
            Assert.Equal(HttpStatusCode.NoContent, deleted);
        }

        var (_, first, _) = await client.SendAsync(HttpMethod.Get, $"{ApiClient.JobsPath}?limit=1&status=NEW");
        Assert.EndsWith("&status=NEW", (string)first["link"]["next"]);
        Assert.Equal(new[] { ids[5], ids[3], ids[2], ids[0] }, (await client.ListAllAsync(1, "NEW")).Select(r => (long)r["id"]));
        Assert.Equal(new[] { ids[4], ids[1] }, (await client.ListAllAsync(1, "CANCELLED")).Select(r => (long)r["id"]));
        Assert.Empty(await client.ListAllAsync(3, "SUCCEEDED"));
    }

    [Fact]
    public async Task Paging_while_jobs_are_created_neither_repeats_nor_skips()
    {
        await using var server = await EmulatorServer.StartAsync(SlowJobs());
        using var client = await ApiClient.ConnectAsync(server);
        var before = new List<long>();
        for (int i = 0; i < 40; i++) before.Add((long)(await client.CreateJobAsync(Bodies.Minimal()))["id"]);

        using var stop = new CancellationTokenSource();
        using var writer = await ApiClient.ConnectAsync(server);
        var inserted = new List<long>();
        var inserting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) inserted.Add((long)(await writer.CreateJobAsync(Bodies.Minimal()))["id"]);
        });

        var seen = new List<long>();
        string path = $"{ApiClient.JobsPath}?limit=3";
        while (path != null)
        {
            var (_, page, _) = await client.SendAsync(HttpMethod.Get, path);
            seen.AddRange(page["records"]!.AsArray().Select(r => (long)r["id"]));
            await Task.Delay(5); // let inserts land between pages
            var next = (string)page["link"]?["next"];
            path = string.IsNullOrEmpty(next) ? null : "/data/core/ups" + next;
        }
        stop.Cancel();
        await inserting;

        Assert.NotEmpty(inserted);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        // Everything that existed before the first page is there exactly once, newest first.
        Assert.Equal(before.AsEnumerable().Reverse(), seen.Where(before.Contains));
        var all = await client.ListAllAsync(7);
        Assert.Equal(before.Count + inserted.Count, all.Count);
        Assert.Equal(all.Select(r => (long)r["id"]).OrderByDescending(x => x), all.Select(r => (long)r["id"]));
    }

    [Fact]
    public async Task Concurrent_creates_each_make_exactly_one_job_and_all_finish()
    {
        var options = Emulators.Fast(100);
        await using var server = await EmulatorServer.StartAsync(options);
        using var client = await ApiClient.ConnectAsync(server);
        var requestIds = Enumerable.Range(0, 60).Select(i => $"concurrent-{i}").ToList();

        var created = await Task.WhenAll(requestIds.Select(id => client.CreateJobAsync(Bodies.Minimal("ds-" + id.Split('-')[1]), id)));

        Assert.Equal(60, created.Select(j => (long)j["id"]).Distinct().Count());
        Assert.All(requestIds, id => Assert.Equal(1, server.Statistics.JobsCreatedByRequestId[id]));
        var finished = await Task.WhenAll(created.Select(j => client.WaitForStatusAsync((long)j["id"], "SUCCEEDED", "FAILED")));
        Assert.All(finished, j => Assert.Equal("SUCCEEDED", (string)j["status"]));
        var expected = server.Profiles.Profiles.Count(p => !p.HasOnlyEvents);
        Assert.All(finished, j => Assert.Equal(expected, ExportFiles.ReadJob(server, j).Count));
    }

    [Fact]
    public async Task Concurrent_cancels_stop_every_running_job()
    {
        var options = Emulators.Fast(100);
        options.MinJobDuration = TimeSpan.FromMilliseconds(3500);
        options.MaxJobDuration = TimeSpan.FromMilliseconds(4000);
        await using var server = await EmulatorServer.StartAsync(options);
        using var client = await ApiClient.ConnectAsync(server);
        var created = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.CreateJobAsync(Bodies.Minimal($"cancel-{i}"))));
        var toCancel = created.Where((_, i) => i % 2 == 0).ToList();
        var toKeep = created.Where((_, i) => i % 2 == 1).ToList();

        var answers = await Task.WhenAll(toCancel.Select(j => client.SendAsync(HttpMethod.Delete, $"{ApiClient.JobsPath}/{(long)j["id"]}")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NoContent, a.Status));

        var kept = await Task.WhenAll(toKeep.Select(j => client.WaitForStatusAsync((long)j["id"], "SUCCEEDED", "FAILED")));
        Assert.All(kept, j => Assert.Equal("SUCCEEDED", (string)j["status"]));
        foreach (var job in toCancel)
        {
            var now = await client.GetJobAsync((long)job["id"]);
            Assert.Equal("CANCELLED", (string)now["status"]);
            var folder = Path.Combine(server.DatasetRoot, (string)job["destination"]["datasetId"]);
            Assert.True(!Directory.Exists(folder) || !Directory.EnumerateFiles(folder).Any());
        }
        Assert.Equal(20, (await client.ListAllAsync(50, "CANCELLED")).Count);
    }
}
