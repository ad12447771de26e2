using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator.Datasets;
using AdobeExportJobs.Emulator.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AdobeExportJobs.Emulator.Http;

/// <summary>
/// The Data Access API over the files of finished export jobs, as Adobe's reference and tutorial describe it:
/// GET /batches/{batchId}/files lists a batch's files (one dataSetFileId per part file), GET /files/{dataSetFileId}
/// answers a file's details (or, for a batch id, the directory of its files), and GET|HEAD /files/{id}?path=NAME
/// the bytes, with single byte ranges. A batch is visible to the org and sandbox of its job, once that job SUCCEEDED.
/// </summary>
internal sealed class DataAccessEndpoints(EmulatorOptions options, JobStore jobs, DatasetRootFolder datasets, FaultInjector faults,
    EmulatorStatistics statistics)
{
    /// <summary>Entries on a page when the request gives no <c>limit</c>, as on the platform.</summary>
    public const int DefaultLimit = 100;

    private const int CopyBufferBytes = 64 * 1024;

    public async Task ListBatchFilesAsync(HttpContext context, string batchId)
    {
        var batch = FindBatch(context, batchId);
        if (batch == null)
        {
            await ApiErrors.WriteAsync(context, 404, $"Batch {batchId} not found.");
            return;
        }
        await WriteDirectoryAsync(context, batch.Value, $"/batches/{batchId}/files");
    }

    public async Task GetFileAsync(HttpContext context, string fileId)
    {
        var batch = BatchFiles.TryParseFileId(fileId, out var batchId, out var part) ? FindBatch(context, batchId) : null;
        var files = batch?.Files.Where(f => part == null || f.Part == part).ToList();
        if (files is not { Count: > 0 })
        {
            await ApiErrors.WriteAsync(context, 404, $"File {fileId} not found.");
            return;
        }
        if (context.Request.Query.TryGetValue("path", out var path))
        {
            var file = files.FirstOrDefault(f => f.Name == path.ToString());
            if (file == null)
            {
                await ApiErrors.WriteAsync(context, 404, $"path: no file '{path}' in {fileId} (its files: {string.Join(", ", files.Select(f => f.Name))}).");
                return;
            }
            await SendAsync(context, file);
            return;
        }
        if (part == null) await WriteDirectoryAsync(context, batch.Value, $"/files/{fileId}");
        else await WriteFileDetailsAsync(context, files[0]);
    }

    private (string DatasetId, IReadOnlyList<BatchFile> Files)? FindBatch(HttpContext context, string batchId)
    {
        var caller = Caller.Of(context);
        var datasetId = jobs.FindPublishedBatch(caller.OrgId, caller.Sandbox, batchId);
        if (datasetId == null) return null;
        var files = BatchFiles.List(datasets.Path, datasetId, batchId);
        return files.Count == 0 ? null : (datasetId, files);
    }

    /// <summary>A page of dataSetFile entries: the answer to a batch's file list and to a directory's file id.</summary>
    private async Task WriteDirectoryAsync(HttpContext context, (string DatasetId, IReadOnlyList<BatchFile> Files) batch, string path)
    {
        if (await ReadPagingAsync(context) is not { } paging) return;
        var (start, limit) = paging;
        var request = context.Request;
        var data = new JsonArray();
        foreach (var file in batch.Files.Skip(start).Take(limit))
        {
            var modified = new DateTimeOffset(file.LastWriteUtc).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            data.Add(new JsonObject
            {
                ["dataSetFileId"] = file.DataSetFileId,
                ["dataSetViewId"] = batch.DatasetId,
                ["version"] = "1.0.0",
                ["created"] = modified,
                ["updated"] = modified,
                ["isValid"] = true,
                ["_links"] = new JsonObject { ["self"] = Link(Routes.DataAccessUrl(request, "/files/" + file.DataSetFileId)) },
            });
        }
        string PageUrl(int from) => Routes.DataAccessUrl(request, $"{path}?start={from}&limit={limit}");
        // As in Adobe's paging example, _page.count is the number of entries in all pages; _links.next is there while more follow.
        var links = new JsonObject { ["page"] = new JsonObject { ["href"] = PageUrl(start), ["templated"] = true } };
        if (start + limit < batch.Files.Count) links["next"] = Link(PageUrl(start + limit));
        var answer = new JsonObject
        {
            ["data"] = data,
            ["_page"] = new JsonObject { ["limit"] = limit, ["count"] = batch.Files.Count },
            ["_links"] = links,
        };
        await ApiErrors.WriteJsonAsync(context, 200, answer.ToJsonString());
    }

    private static async Task WriteFileDetailsAsync(HttpContext context, BatchFile file)
    {
        var href = Routes.DataAccessUrl(context.Request, $"/files/{file.DataSetFileId}?path={Uri.EscapeDataString(file.Name)}");
        var answer = new JsonObject
        {
            ["data"] = new JsonArray(new JsonObject
            {
                ["name"] = file.Name,
                ["length"] = file.Length.ToString(CultureInfo.InvariantCulture),
                ["_links"] = new JsonObject { ["self"] = Link(href) },
            }),
            ["_page"] = new JsonObject { ["limit"] = DefaultLimit, ["count"] = 1 },
        };
        await ApiErrors.WriteJsonAsync(context, 200, answer.ToJsonString());
    }

    /// <summary>start (default 0) and limit (default 100, at most <see cref="EmulatorOptions.MaxListLimit"/>); null after a 400.</summary>
    private async Task<(int Start, int Limit)?> ReadPagingAsync(HttpContext context)
    {
        var query = context.Request.Query;
        int start = 0, limit = DefaultLimit;
        foreach (var (name, minimum) in new[] { ("start", 0), ("limit", 1) })
        {
            if (!query.TryGetValue(name, out var values)) continue;
            if (!int.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < minimum)
            {
                await ApiErrors.WriteAsync(context, 400, $"{name}: '{values}' is not a valid {name} (an integer of at least {minimum}).");
                return null;
            }
            if (name == "start") start = number;
            else limit = Math.Min(number, options.MaxListLimit);
        }
        return (start, limit);
    }

    /// <summary>The file's bytes (GET) or just its headers (HEAD), whole or one byte range, under the download faults.</summary>
    private async Task SendAsync(HttpContext context, BatchFile file)
    {
        await using var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, useAsync: true);
        long length = stream.Length;
        var response = context.Response;
        response.Headers.AcceptRanges = "bytes";
        var range = RequestedRange(context.Request, length, out bool satisfiable);
        if (!satisfiable)
        {
            response.Headers.ContentRange = $"bytes */{length}";
            await ApiErrors.WriteAsync(context, 416, $"Range: {context.Request.Headers.Range} cannot be served; the file has {length} bytes.");
            return;
        }
        var (from, count) = range ?? (0, length);
        response.StatusCode = range == null ? 200 : 206;
        if (range != null) response.Headers.ContentRange = $"bytes {from}-{from + count - 1}/{length}";
        response.ContentType = "application/octet-stream";
        response.ContentLength = count;
        if (HttpMethods.IsHead(context.Request.Method)) return;

        statistics.CountDownload();
        using var inProgress = statistics.DownloadInProgress();
        var fault = faults.RollDownload();
        bool cut = fault.CutAfterBytes is { } cutAfter && cutAfter < count;
        if (cut) statistics.CountFault(FaultKind.CutDownload);
        if (fault.BytesPerSecond != null) statistics.CountFault(FaultKind.SlowDownload);
        long toSend = cut ? fault.CutAfterBytes.Value : count;

        stream.Position = from;
        int chunk = fault.BytesPerSecond is { } rate ? (int)Math.Clamp(rate / 10, 1, CopyBufferBytes) : CopyBufferBytes;
        var buffer = new byte[chunk];
        var clock = Stopwatch.StartNew();
        long sent = 0;
        while (sent < toSend)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(chunk, toSend - sent)), context.RequestAborted);
            if (read == 0) break;
            await response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            sent += read;
            statistics.CountDownloadedBytes(read);
            if (fault.BytesPerSecond is { } bytesPerSecond)
            {
                var due = TimeSpan.FromSeconds((double)sent / bytesPerSecond) - clock.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due, context.RequestAborted);
            }
        }
        // A cut answer simply ends here, short of its Content-Length: Kestrel then sends what was written and closes the
        // connection, so the client gets exactly those bytes and then an early end. (Aborting instead may reset the
        // connection before the written bytes leave.)
    }

    /// <summary>One satisfiable byte range as (offset, count); null for the whole file (no Range, another unit, several
    /// ranges or a Range that does not parse: all of these may be ignored, RFC 9110 says). <paramref name="satisfiable"/>
    /// is false for a single byte range that lies wholly outside the file.</summary>
    private static (long From, long Count)? RequestedRange(HttpRequest request, long length, out bool satisfiable)
    {
        satisfiable = true;
        if (!RangeHeaderValue.TryParse(request.Headers.Range.ToString(), out var header) || header.Ranges.Count != 1
            || !string.Equals(header.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase)) return null;
        var range = header.Ranges.Single();
        long from, to;
        if (range.From is { } first)
        {
            from = first;
            to = Math.Min(range.To ?? long.MaxValue, length - 1);
        }
        else
        {
            // bytes=-N: the last N bytes.
            from = Math.Max(0, length - range.To!.Value);
            to = range.To.Value == 0 ? -1 : length - 1;
        }
        if (from >= length || to < from)
        {
            satisfiable = false;
            return null;
        }
        return (from, to - from + 1);
    }

    private static JsonObject Link(string href) => new() { ["href"] = href };
}
