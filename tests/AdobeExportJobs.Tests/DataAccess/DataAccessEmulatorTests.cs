using AdobeExportJobs.Client;
using AdobeExportJobs.Emulator;
using AdobeExportJobs.Model;
using AdobeExportJobs.Requests;
using AdobeExportJobs.Tests.Module;
using Xunit;

namespace AdobeExportJobs.Tests.DataAccess;

/// <summary>
/// The Data Access client and the downloader against the real emulator over HTTP: a job with one batch per segment,
/// each split into part files, listed and saved byte for byte as the emulator wrote them; downloads cut by the
/// emulator's fault resumed with each byte sent once.
/// </summary>
public sealed class DataAccessEmulatorTests : IDisposable
{
    private const string Segment = "52c26d0d-45f2-47a2-ab30-ed06abc981ff";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aej-emulator-save-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static async Task<ExportJobRecord> SucceededJobAsync(EmulatorServer server, ExportJobsClient client, string request)
    {
        var job = await client.CreateAsync(request);
        await TestEmulator.WaitAllFinishedAsync(server);
        job = await client.GetAsync(job.Id);
        Assert.Equal("SUCCEEDED", job.Status);
        return job;
    }

    [Fact]
    public async Task A_per_segment_job_in_parts_is_listed_batch_by_batch_and_saved_byte_for_byte()
    {
        await using var server = await TestEmulator.StartAsync(o => o.ParquetRowsPerFile = 40);
        using var client = TestEmulator.Client(server);
        var request = new ExportJobRequestBuilder
        {
            DatasetId = "per-segment-parts",
            SegmentPerBatch = true,
            Segment = new object[] { new SegmentFilter { SegmentId = Segment, SegmentNs = "ups" }, "0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0" },
        }.Build().ToString(Newtonsoft.Json.Formatting.None);
        var job = await SucceededJobAsync(server, client, request);
        var access = new DataAccessClient(client);

        var files = await access.GetJobFilesAsync(job);

        var batches = job.Destination.Batches;
        Assert.Equal(2, batches.Count);
        Assert.Equal(batches.Select(b => b.BatchId), files.Select(f => f.BatchId).Distinct());
        foreach (var batch in batches)
        {
            var served = Directory.GetFiles(Path.Combine(server.DatasetRoot, "per-segment-parts"), $"part-*-{batch.BatchId}-c000.snappy.parquet").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal);
            var listed = files.Where(f => f.BatchId == batch.BatchId).ToList();
            Assert.Equal(served, listed.Select(f => f.Name));
            Assert.All(listed, f => Assert.Equal(batch.SegmentId, f.SegmentId));
        }
        Assert.True(files.Count(f => f.SegmentId == Segment) > 1, "the segment's batch is split into parts");

        var downloader = new ExportFileDownloader(access);
        foreach (var file in files)
        {
            var saved = await downloader.SaveAsync(file, _root, force: false);
            Assert.Equal(Path.Combine(_root, job.Id.ToString(), file.BatchId, file.Name), saved.Path);
            Assert.Equal(File.ReadAllBytes(Path.Combine(server.DatasetRoot, "per-segment-parts", file.Name)), File.ReadAllBytes(saved.Path));
            Assert.Equal(file.Length, saved.Length);
        }
    }

    [Fact]
    public async Task Downloads_the_emulator_cuts_are_resumed_and_no_byte_is_sent_twice()
    {
        await using var server = await TestEmulator.StartAsync(o => o.ParquetRowsPerFile = 60);
        using var client = TestEmulator.Client(server);
        var job = await SucceededJobAsync(server, client, TestEmulator.Request("cut-parts"));
        var access = new DataAccessClient(client);
        var files = await access.GetJobFilesAsync(job);
        long total = files.Sum(f => f.Length!.Value);
        server.Options.Faults.CutDownloadShare = 1;
        server.Options.Faults.CutDownloadAfterBytes = 1000;
        server.Statistics.Reset();

        // Chunks of 4 KiB, each cut after 1,000 bytes: every file takes many answers, each resuming where the last stopped.
        var downloader = new ExportFileDownloader(access, chunkSize: 4096);
        foreach (var file in files) await downloader.SaveAsync(file, _root, force: false);

        foreach (var file in files) Assert.Equal(File.ReadAllBytes(Path.Combine(server.DatasetRoot, "cut-parts", file.Name)), File.ReadAllBytes(Path.Combine(_root, job.Id.ToString(), file.BatchId, file.Name)));
        Assert.Equal(total, server.Statistics.DownloadedBytes);
        Assert.Equal(files.Sum(f => (f.Length!.Value + 999) / 1000), server.Statistics.Downloads);
    }
}
