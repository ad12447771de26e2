using AdobeExportJobs.Client;
using AdobeExportJobs.Model;
using AdobeExportJobs.Tests.Module;
using Xunit;
using static AdobeExportJobs.Tests.DataAccess.ScriptedFiles;

namespace AdobeExportJobs.Tests.DataAccess;

/// <summary>
/// Saving files to disk: a temporary name until the size is right, resuming what an earlier save left, skipping what
/// is complete (unless forced), never a file that looks complete but is not, nothing outside the target folder.
/// </summary>
public sealed class ExportFileDownloaderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aej-save-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static ExportJobFile FileOf(DataAccessClient access, long? length, string name = "part-00000.snappy.parquet") => new()
    {
        JobId = 42,
        BatchId = "0123456789abcdef0123456789abcdef",
        DataSetFileId = "0123456789abcdef0123456789abcdef-1",
        Name = name,
        Length = length,
        DownloadUrl = access.FileUrl("0123456789abcdef0123456789abcdef-1", name),
    };

    private string Expected(string name = "part-00000.snappy.parquet") => Path.Combine(_root, "42", "0123456789abcdef0123456789abcdef", name);

    private static ScriptedHttpServer FileServer(byte[] file, Func<int, long?> cutAfter = null)
    {
        int gets = 0;
        return new ScriptedHttpServer(request =>
        {
            if (request.Path.StartsWith("/ims/")) return Text(ScriptedHttpServer.TokenAnswer());
            int n = request.Method == "GET" ? Interlocked.Increment(ref gets) : 0;
            return FileAnswer(file, request, cutAfter: cutAfter?.Invoke(n));
        });
    }

    private static List<ScriptedRequest> Gets(ScriptedHttpServer server) => server.Requests.Where(r => r.Method == "GET" && !r.Path.StartsWith("/ims/")).ToList();

    [Fact]
    public async Task A_file_is_saved_under_job_and_batch_and_gets_its_name_only_when_complete()
    {
        var file = Bytes(20_000);
        await using var server = FileServer(file);
        using var client = ClientFor(server.BaseAddress);
        var access = new DataAccessClient(client);

        var result = await new ExportFileDownloader(access, chunkSize: 7000).SaveAsync(FileOf(access, file.Length), _root, force: false);

        Assert.Equal(Expected(), result.Path);
        Assert.Equal(file, File.ReadAllBytes(Expected()));
        Assert.False(File.Exists(Expected() + ".partial"));
        Assert.False(result.Skipped);
        Assert.Equal(20_000, result.BytesFetched);
        Assert.Equal(new[] { "bytes=0-6999", "bytes=7000-13999", "bytes=14000-19999" }, Gets(server).Select(RangeOf));
    }

    [Fact]
    public async Task What_an_earlier_save_left_is_resumed_from_its_end_and_a_complete_file_is_skipped_unless_forced()
    {
        var file = Bytes(10_000);
        await using var server = FileServer(file);
        using var client = ClientFor(server.BaseAddress);
        var access = new DataAccessClient(client);
        var downloader = new ExportFileDownloader(access);
        Directory.CreateDirectory(Path.GetDirectoryName(Expected())!);
        File.WriteAllBytes(Expected() + ".partial", file.Take(6000).ToArray());
        Assert.Equal(ExportFileState.Partial, ExportFileDownloader.Inspect(_root, FileOf(access, file.Length)).State);

        var resumed = await downloader.SaveAsync(FileOf(access, file.Length), _root, force: false);

        Assert.Equal(file, File.ReadAllBytes(Expected()));
        Assert.Equal(6000, resumed.ResumedFrom);
        Assert.Equal(4000, resumed.BytesFetched);
        Assert.Equal(new[] { "bytes=6000-9999" }, Gets(server).Select(RangeOf));

        var again = await downloader.SaveAsync(FileOf(access, file.Length), _root, force: false);
        Assert.True(again.Skipped);
        Assert.Single(Gets(server));
        Assert.Equal(ExportFileState.Complete, ExportFileDownloader.Inspect(_root, FileOf(access, file.Length)).State);

        File.WriteAllBytes(Expected() + ".partial", new byte[100]);
        var forced = await downloader.SaveAsync(FileOf(access, file.Length), _root, force: true);
        Assert.False(forced.Skipped);
        Assert.Equal(0, forced.ResumedFrom);
        Assert.Equal(file, File.ReadAllBytes(Expected()));
        Assert.Null(RangeOf(Gets(server).Last()));
        Assert.False(File.Exists(Expected() + ".partial"));
    }

    [Fact]
    public async Task A_file_of_the_name_with_another_size_is_fetched_again_and_replaced()
    {
        var file = Bytes(3000);
        await using var server = FileServer(file);
        using var client = ClientFor(server.BaseAddress);
        var access = new DataAccessClient(client);
        Directory.CreateDirectory(Path.GetDirectoryName(Expected())!);
        File.WriteAllBytes(Expected(), new byte[10]);
        Assert.Equal(ExportFileState.Different, ExportFileDownloader.Inspect(_root, FileOf(access, file.Length)).State);

        await new ExportFileDownloader(access).SaveAsync(FileOf(access, file.Length), _root, force: false);

        Assert.Equal(file, File.ReadAllBytes(Expected()));
    }

    [Fact]
    public async Task A_partial_file_the_server_can_no_longer_continue_is_fetched_whole_once()
    {
        // The partial file is longer than the server's file now is: the resume range is unsatisfiable (416).
        var file = Bytes(4000);
        await using var server = FileServer(file);
        using var client = ClientFor(server.BaseAddress);
        var access = new DataAccessClient(client);
        Directory.CreateDirectory(Path.GetDirectoryName(Expected())!);
        File.WriteAllBytes(Expected() + ".partial", Bytes(4500, seed: 1).Take(4200).ToArray());
        // The details (wrongly) still say 5000 bytes.
        var stale = FileOf(access, 5000);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => new ExportFileDownloader(access).SaveAsync(stale, _root, force: false));

        // Fetched from the start after the 416, then found shorter than the details say: not renamed.
        Assert.Equal(new[] { "bytes=4200-4999", null }, Gets(server).Select(RangeOf));
        Assert.Equal(AepErrorKind.MalformedResponse, Assert.IsType<AepApiException>(error).Kind);
        Assert.False(File.Exists(Expected()));
    }

    [Fact]
    public async Task The_size_from_HEAD_is_used_when_the_details_give_none()
    {
        var file = Bytes(1500);
        await using var server = FileServer(file);
        using var client = ClientFor(server.BaseAddress);
        var access = new DataAccessClient(client);

        var result = await new ExportFileDownloader(access).SaveAsync(FileOf(access, null), _root, force: false);

        Assert.Equal(1500, result.Length);
        Assert.Equal(file, File.ReadAllBytes(Expected()));
        Assert.Equal(new[] { "HEAD", "GET" }, server.Requests.Where(r => !r.Path.StartsWith("/ims/")).Select(r => r.Method));
    }

    [Fact]
    public async Task A_file_of_unknown_size_counts_as_complete_only_once_HEAD_gives_its_size()
    {
        var file = Bytes(1500);
        await using var server = FileServer(file);
        using var client = ClientFor(server.BaseAddress);
        var access = new DataAccessClient(client);
        Directory.CreateDirectory(Path.GetDirectoryName(Expected())!);
        File.WriteAllBytes(Expected(), file);
        Assert.Equal(ExportFileState.Different, ExportFileDownloader.Inspect(_root, FileOf(access, null)).State);

        var result = await new ExportFileDownloader(access).SaveAsync(FileOf(access, null), _root, force: false);

        Assert.True(result.Skipped);
        Assert.Equal(new[] { "HEAD" }, server.Requests.Where(r => !r.Path.StartsWith("/ims/")).Select(r => r.Method));
    }

    [Fact]
    public async Task A_save_stopped_mid_file_leaves_only_the_partial_file_which_the_next_save_completes()
    {
        var file = Bytes(400_000);
        using var stop = new CancellationTokenSource();
        // Slow enough to stop in the middle: the answer comes in 1,000-byte writes.
        await using var server = new ScriptedHttpServer(request => request.Path.StartsWith("/ims/") ? Text(ScriptedHttpServer.TokenAnswer()) : FileAnswer(file, request));
        using var client = ClientFor(server.BaseAddress);
        var access = new DataAccessClient(client);
        long written = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ExportFileDownloader(access, chunkSize: 100_000).SaveAsync(FileOf(access, file.Length), _root, false,
            n => { if (Interlocked.Add(ref written, n) > 150_000) stop.Cancel(); }, stop.Token));

        Assert.False(File.Exists(Expected()));
        var partial = File.ReadAllBytes(Expected() + ".partial");
        Assert.InRange(partial.Length, 150_000, 399_999);
        Assert.Equal(file.Take(partial.Length), partial);

        int before = Gets(server).Count;
        await new ExportFileDownloader(access, chunkSize: 100_000).SaveAsync(FileOf(access, file.Length), _root, false);
        Assert.Equal(file, File.ReadAllBytes(Expected()));
        Assert.Equal($"bytes={partial.Length}-{Math.Min(partial.Length + 99_999, 399_999)}", RangeOf(Gets(server)[before]));
    }

    [Theory]
    [InlineData("../../escape.parquet")]
    [InlineData("..")]
    [InlineData("a/../../b.parquet")]
    [InlineData("dir//b.parquet")]
    [InlineData("b.parquet.partial")]
    [InlineData("bad\u0001name")]
    public async Task A_name_that_would_leave_the_target_folder_or_is_no_file_name_is_refused_before_anything_is_written(string name)
    {
        await using var server = FileServer(Bytes(10));
        using var client = ClientFor(server.BaseAddress);
        var access = new DataAccessClient(client);
        var file = FileOf(access, 10, name);
        file.RelativePath = null;

        var error = await Assert.ThrowsAsync<ExportFileNameException>(() => new ExportFileDownloader(access).SaveAsync(file, _root, force: false));

        Assert.Contains("cannot be saved", error.Message);
        Assert.False(Directory.Exists(_root));
        Assert.Empty(Gets(server));
    }

    [Fact]
    public void A_relative_path_from_the_pipeline_is_checked_as_strictly_as_a_name_from_the_server()
    {
        var file = new ExportJobFile { JobId = 1, BatchId = "b", Name = "a.parquet", RelativePath = "1/../../../etc/a.parquet" };
        Assert.Throws<ExportFileNameException>(() => ExportFileLayout.LocalPath(_root, file));
        file.RelativePath = "1/b/sub/a.parquet";
        Assert.Equal(Path.Combine(_root, "1", "b", "sub", "a.parquet"), ExportFileLayout.LocalPath(_root, file));
    }
}
