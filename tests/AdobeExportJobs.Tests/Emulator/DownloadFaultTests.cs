using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator;
using Xunit;

namespace AdobeExportJobs.Tests.Emulator;

/// <summary>
/// Faults on the Data Access API: downloads cut short after some bytes (a client resumes with Range), slow streams,
/// and the share faults (429, 5xx) on its paths, switched in process and through the control API of an emulator process.
/// </summary>
public class DownloadFaultTests
{
    private const string Base = DataAccessApiTests.Base;

    private static async Task<(EmulatorServer Server, ApiClient Client, string FileUrl, byte[] Bytes)> ExportAsync()
    {
        var options = Emulators.Fast(200);
        options.ParquetRowsPerFile = 1000;
        var server = await EmulatorServer.StartAsync(options);
        var client = await ApiClient.ConnectAsync(server);
        var job = await client.CreateAndFinishAsync(Bodies.Minimal("faults"));
        var batchId = (string)job["destination"]["batchId"];
        var path = Assert.Single(ExportFiles.PartFiles(server, "faults", batchId));
        return (server, client, $"{Base}/files/{batchId}-1?path={Path.GetFileName(path)}", await File.ReadAllBytesAsync(path));
    }

    /// <summary>Reads the body as far as it comes; the error that ended it early, if any.</summary>
    internal static async Task<(byte[] Received, Exception Error)> ReadAsFarAsPossibleAsync(HttpResponseMessage response)
    {
        var received = new MemoryStream();
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            await body.CopyToAsync(received);
            return (received.ToArray(), null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return (received.ToArray(), e);
        }
    }

    private static async Task<HttpResponseMessage> GetAsync(ApiClient client, string url, RangeHeaderValue range = null)
    {
        var request = client.NewRequest(HttpMethod.Get, url);
        request.Headers.Range = range;
        return await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    [Fact]
    public async Task A_cut_download_stops_after_the_set_bytes_and_a_Range_request_fetches_only_the_rest()
    {
        var (server, client, url, bytes) = await ExportAsync();
        await using var _ = server;
        using var __ = client;
        Assert.True(bytes.Length > 3000);
        server.Options.Faults.CutDownloadShare = 1;
        server.Options.Faults.CutDownloadAfterBytes = 1000;
        server.Statistics.Reset();

        using (var cut = await GetAsync(client, url))
        {
            Assert.Equal(HttpStatusCode.OK, cut.StatusCode);
            Assert.Equal(bytes.Length, cut.Content.Headers.ContentLength);
            var (received, error) = await ReadAsFarAsPossibleAsync(cut);
            Assert.NotNull(error);
            Assert.Equal(bytes[..1000], received);
        }
        // A range no longer than the cut is not cut.
        using (var small = await GetAsync(client, url, new RangeHeaderValue(0, 999)))
        {
            var (received, error) = await ReadAsFarAsPossibleAsync(small);
            Assert.Null(error);
            Assert.Equal(bytes[..1000], received);
        }
        Assert.Equal(1, server.Statistics.FaultsInjected[FaultKind.CutDownload]);

        server.Options.Faults.Clear();
        using (var rest = await GetAsync(client, url, new RangeHeaderValue(1000, null)))
        {
            Assert.Equal(HttpStatusCode.PartialContent, rest.StatusCode);
            var (received, error) = await ReadAsFarAsPossibleAsync(rest);
            Assert.Null(error);
            Assert.Equal(bytes, bytes[..1000].Concat(received).ToArray());
        }
        Assert.Equal(3, server.Statistics.Downloads);
        Assert.Equal(1000 + 1000 + bytes.Length - 1000, server.Statistics.DownloadedBytes);
    }

    [Fact]
    public async Task A_slow_download_arrives_whole_at_the_set_rate()
    {
        var (server, client, url, bytes) = await ExportAsync();
        await using var _ = server;
        using var __ = client;
        server.Options.Faults.SlowDownloadShare = 1;
        server.Options.Faults.SlowDownloadBytesPerSecond = bytes.Length * 3; // about a third of a second for the file
        var clock = Stopwatch.StartNew();
        using var slow = await GetAsync(client, url);
        var (received, error) = await ReadAsFarAsPossibleAsync(slow);
        clock.Stop();
        Assert.Null(error);
        Assert.Equal(bytes, received);
        // A lower bound only: the fault must hold the stream back; how much longer it takes depends on the machine.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.8 / 3), $"took {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(1, server.Statistics.FaultsInjected[FaultKind.SlowDownload]);
    }

    [Fact]
    public async Task A_download_is_in_progress_until_its_answer_ends_even_when_the_client_leaves_and_a_reset_keeps_that()
    {
        var (server, client, url, bytes) = await ExportAsync();
        await using var _ = server;
        using var __ = client;
        server.Options.Faults.SlowDownloadShare = 1;
        server.Options.Faults.SlowDownloadBytesPerSecond = 1000; // the file takes seconds
        Assert.Equal(0, server.Statistics.DownloadsInProgress);

        var slow = await GetAsync(client, url);
        Assert.Equal(1, server.Statistics.DownloadsInProgress);
        server.Statistics.Reset();
        Assert.Equal(1, server.Statistics.DownloadsInProgress);
        slow.Dispose(); // the client walks away mid-body

        var clock = Stopwatch.StartNew();
        while (server.Statistics.DownloadsInProgress > 0 && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(10);
        Assert.Equal(0, server.Statistics.DownloadsInProgress);
        Assert.True(server.Statistics.DownloadedBytes < bytes.Length, "the left answer must not have been written whole");
    }

    [Fact]
    public async Task The_share_faults_answer_429_and_503_on_the_Data_Access_paths()
    {
        var (server, client, url, _) = await ExportAsync();
        await using var _ = server;
        using var __ = client;
        var batchFiles = url[..url.IndexOf("?path", StringComparison.Ordinal)];

        server.Options.Faults.RateLimitShare = 1;
        var (limited, limitedBody, limitedResponse) = await client.SendAsync(HttpMethod.Get, batchFiles);
        Emulators.AssertGatewayError(limited, limitedBody, 429, "429050");
        Assert.Equal("1", limitedResponse.Headers.RetryAfter!.ToString());

        server.Options.Faults.Clear();
        server.Options.Faults.ServerErrorShare = 1;
        server.Options.Faults.ServerErrorStatuses = new List<int> { 503 };
        using var unavailable = await GetAsync(client, url);
        Emulators.AssertServiceError(unavailable.StatusCode, JsonNode.Parse(await unavailable.Content.ReadAsStringAsync()), 503);
        Assert.NotNull(unavailable.Headers.RetryAfter);
        Assert.Equal(1, server.Statistics.FaultsInjected[FaultKind.RateLimit]);
        Assert.Equal(1, server.Statistics.FaultsInjected[FaultKind.ServiceUnavailable]);
    }

    [Fact]
    public async Task The_download_faults_are_switched_through_the_control_API_of_an_emulator_process()
    {
        await using var emulator = await EmulatorProcess.StartBuiltAsync("--control-api", "--profile-count", "150",
            "--min-job-duration", "100ms", "--max-job-duration", "200ms", "--parquet-rows-per-file", "40");
        using var client = await ApiClient.ConnectAsync(emulator.BaseUrl);
        var job = await client.CreateAndFinishAsync(Bodies.Minimal("process"));
        var batchId = (string)job["destination"]["batchId"];
        var (_, list, _) = await client.SendAsync(HttpMethod.Get, $"{Base}/batches/{batchId}/files");
        Assert.True(list!["data"]!.AsArray().Count > 1, "--parquet-rows-per-file should split the batch");
        var (_, details, _) = await client.SendAsync(HttpMethod.Get, $"{Base}/files/{batchId}-1");
        var url = (string)details!["data"]![0]!["_links"]!["self"]!["href"];
        long length = long.Parse((string)details["data"]![0]!["length"]!);

        using var control = new HttpClient { BaseAddress = emulator.BaseUrl };
        var faults = new JsonObject { ["cutDownloadShare"] = 1, ["cutDownloadAfterBytes"] = 100 };
        using (var put = await control.PutAsync("/_emulator/faults", new StringContent(faults.ToJsonString(), Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var shown = JsonNode.Parse(await control.GetStringAsync("/_emulator/faults"))!;
        Assert.Equal(1.0, (double)shown["cutDownloadShare"]!);
        Assert.Equal(100, (long)shown["cutDownloadAfterBytes"]!);
        Assert.True(shown.AsObject().ContainsKey("slowDownloadShare") && shown.AsObject().ContainsKey("slowDownloadBytesPerSecond"));

        using (var cut = await GetAsync(client, url))
        {
            var (received, error) = await ReadAsFarAsPossibleAsync(cut);
            Assert.NotNull(error);
            Assert.Equal(100, received.Length);
        }
        using (var delete = await control.DeleteAsync("/_emulator/faults")) Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using (var whole = await GetAsync(client, url))
        {
            var (received, error) = await ReadAsFarAsPossibleAsync(whole);
            Assert.Null(error);
            Assert.Equal(length, received.Length);
        }
        var statistics = JsonNode.Parse(await control.GetStringAsync("/_emulator/statistics"))!;
        Assert.Equal(2, (long)statistics["downloads"]!);
        Assert.Equal(100 + length, (long)statistics["downloadedBytes"]!);
        Assert.Equal(1, (long)statistics["faultsInjected"]![FaultKind.CutDownload]!);
    }

    [Fact]
    public void The_download_fault_flags_and_the_rows_per_file_set_their_options()
    {
        var options = EmulatorCommandLine.Parse(new[]
        {
            "--fault-cut-download", "0.25", "--fault-cut-download-after", "4096", "--fault-slow-download=0.5",
            "--fault-slow-download-rate", "1000", "--parquet-rows-per-file", "25",
        });
        Assert.Equal(0.25, options.Faults.CutDownloadShare);
        Assert.Equal(4096, options.Faults.CutDownloadAfterBytes);
        Assert.Equal(0.5, options.Faults.SlowDownloadShare);
        Assert.Equal(1000, options.Faults.SlowDownloadBytesPerSecond);
        Assert.Equal(25, options.ParquetRowsPerFile);
        Assert.Throws<ArgumentException>(() => EmulatorCommandLine.Parse(new[] { "--parquet-rows-per-file", "0" }));
        Assert.Throws<ArgumentException>(() => EmulatorCommandLine.Parse(new[] { "--fault-cut-download", "2" }));
        Assert.Contains("--fault-cut-download", EmulatorCommandLine.HelpText);
        Assert.Contains("--parquet-rows-per-file", EmulatorCommandLine.HelpText);
    }
}
