using System.Globalization;
using System.Text;
using AdobeExportJobs.Client;
using AdobeExportJobs.Tests.Module;

namespace AdobeExportJobs.Tests.DataAccess;

/// <summary>
/// Answers of the Data Access API scripted byte for byte on a <see cref="ScriptedHttpServer"/>: listings as Adobe's
/// examples shape them, and file bytes with or without Range, whole, cut short or bent in the ways a client must survive.
/// </summary>
internal static class ScriptedFiles
{
    public const string Export = "/data/foundation/export";

    public static ExportJobsClient ClientFor(string platform, Action<AepSessionOptions> configure = null) =>
        ScriptedHttpServer.ClientFor(platform, secret: "files-secret-7d1c9e", configure: options =>
        {
            options.ClientId = "files-client";
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(5);
            options.MaxRetryDelay = TimeSpan.FromMilliseconds(50);
            options.MaxRetries = 3;
            configure?.Invoke(options);
        });

    /// <summary>Deterministic bytes that differ at every offset a test might cut at.</summary>
    public static byte[] Bytes(int length, int seed = 7)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string JsonAnswer(string body) => ScriptedHttpServer.Answer(200, "OK", body);

    /// <summary>A file-set entry as in Adobe's batch listing.</summary>
    public static string SetEntry(string baseUrl, string id) =>
        $"{{\"dataSetFileId\":\"{id}\",\"dataSetViewId\":\"view-1\",\"version\":\"1.0.0\",\"created\":\"1552694873602\",\"updated\":\"1552694873602\",\"isValid\":true," +
        $"\"_links\":{{\"self\":{{\"href\":\"{baseUrl}{Export}/files/{id}\"}}}}}}";

    /// <summary>A file entry of a file set's details; <paramref name="length"/> is written as given (Adobe: a string).</summary>
    public static string FileEntry(string href, string name, string length) =>
        $"{{\"name\":\"{name}\",\"length\":{length},\"_links\":{{\"self\":{{\"href\":\"{href}\"}}}}}}";

    public static string Page(IEnumerable<string> entries, int limit, int count, string next = null) =>
        "{\"data\":[" + string.Join(",", entries) + $"],\"_page\":{{\"limit\":{limit},\"count\":{count}}}" +
        (next == null ? string.Empty : $",\"_links\":{{\"next\":{{\"href\":\"{next}\"}}}}") + "}";

    /// <summary>The value of a query parameter of a request path; null when absent.</summary>
    public static string Query(ScriptedRequest request, string name)
    {
        var query = request.Path.Contains('?') ? request.Path.Split('?', 2)[1] : string.Empty;
        return query.Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == name && p.Length == 2).Select(p => Uri.UnescapeDataString(p[1])).FirstOrDefault();
    }

    public static string RangeOf(ScriptedRequest request) => request.Headers.TryGetValue("Range", out var range) ? range : null;

    /// <summary>(from, to) of a single "bytes=a-b" or "bytes=a-" range; null without one.</summary>
    public static (long From, long? To)? ParseRange(ScriptedRequest request)
    {
        var range = RangeOf(request);
        if (range == null || !range.StartsWith("bytes=", StringComparison.Ordinal)) return null;
        var parts = range["bytes=".Length..].Split('-', 2);
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), parts[1].Length == 0 ? null : long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// How a file server answers a GET: honouring Range (206) or not (200), cutting the body after some bytes (the
    /// connection closes short of its Content-Length), or lying in its Content-Range.
    /// </summary>
    public static byte[] FileAnswer(byte[] file, ScriptedRequest request, bool honourRange = true, long? cutAfter = null, long? claimedTotal = null, long? claimedFrom = null)
    {
        if (request.Method == "HEAD")
            return Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {file.Length}\r\nAccept-Ranges: bytes\r\nConnection: close\r\n\r\n");
        var range = honourRange ? ParseRange(request) : null;
        long from = 0, to = file.Length - 1;
        if (range is { } r)
        {
            if (r.From >= file.Length)
                return Encoding.ASCII.GetBytes(ScriptedHttpServer.Answer(416, "Range Not Satisfiable", "{\"title\":\"Range not satisfiable\",\"status\":416}", "application/json", $"Content-Range: bytes */{file.Length}"));
            from = r.From;
            to = Math.Min(r.To ?? to, file.Length - 1);
        }
        long count = to - from + 1;
        long send = cutAfter.HasValue ? Math.Min(cutAfter.Value, count) : count;
        var body = file.AsSpan((int)from, (int)send).ToArray();
        var head = range == null
            ? $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {file.Length}\r\nConnection: close\r\n\r\n"
            : $"HTTP/1.1 206 Partial Content\r\nContent-Type: application/octet-stream\r\nContent-Length: {count}\r\n" +
              $"Content-Range: bytes {claimedFrom ?? from}-{(claimedFrom ?? from) + count - 1}/{claimedTotal ?? file.Length}\r\nConnection: close\r\n\r\n";
        return Encoding.ASCII.GetBytes(head).Concat(body).ToArray();
    }

    public static byte[] Text(string answer) => Encoding.UTF8.GetBytes(answer);
}
