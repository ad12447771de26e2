using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace AdobeExportJobs.Tests.Emulator;

/// <summary>The answer to a raw request: null <see cref="Status"/> means the connection closed without an answer.</summary>
internal sealed record RawAnswer(int? Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonNode Json => string.IsNullOrEmpty(Body) ? null : JsonNode.Parse(Body);

    public override string ToString() => Status == null ? "(no answer)" : $"{Status} {Body}";
}

/// <summary>
/// HTTP/1.1 over a bare socket, for requests HttpClient refuses to send (non-ASCII header bytes, bodies that trickle in,
/// broken framing). Every request carries Connection: close; the answer is read to the end.
/// </summary>
internal static class RawHttp
{
    private static readonly Encoding Latin1 = Encoding.Latin1;

    /// <summary>Sends <paramref name="head"/> (request line and headers, without the blank line) and then the body.
    /// The body writer gets the stream; it may write slowly.</summary>
    public static async Task<RawAnswer> SendAsync(Uri server, string head, Func<Stream, Task> writeBody = null,
        TimeSpan? timeout = null, byte[] headBytes = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        using var socket = new TcpClient();
        await socket.ConnectAsync(server.Host, server.Port, cancel.Token);
        var stream = socket.GetStream();
        var bytes = headBytes ?? Latin1.GetBytes(head.TrimEnd('\r', '\n') + "\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(bytes, cancel.Token);
        if (writeBody != null)
        {
            try { await writeBody(stream); }
            catch (IOException) { /* the server answered and closed before the whole body was sent */ }
        }
        return await ReadAnswerAsync(stream, cancel.Token);
    }

    /// <summary>A request with the four Adobe headers and a bearer token; <paramref name="extraHeaders"/> go verbatim.</summary>
    public static string Head(string method, string path, ApiClient client = null, params string[] extraHeaders)
    {
        var text = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: {client?.Http.BaseAddress!.Authority ?? "localhost"}\r\n");
        if (client != null)
        {
            text.Append($"Authorization: Bearer {client.Token}\r\nx-api-key: {client.ClientId}\r\n");
            text.Append($"x-gw-ims-org-id: {client.OrgId}\r\nx-sandbox-name: {client.Sandbox}\r\n");
        }
        foreach (var header in extraHeaders) text.Append(header).Append("\r\n");
        return text.ToString();
    }

    /// <summary>Head and body in one: adds Content-Length.</summary>
    public static Task<RawAnswer> SendAsync(Uri server, string head, byte[] body, TimeSpan? timeout = null) =>
        SendAsync(server, head.TrimEnd('\r', '\n') + $"\r\nContent-Length: {body.Length}", s => s.WriteAsync(body).AsTask(), timeout);

    private static async Task<RawAnswer> ReadAnswerAsync(Stream stream, CancellationToken cancel)
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancel)) > 0) received.Write(buffer, 0, read);
        }
        catch (IOException) when (received.Length > 0) { /* reset after the answer */ }
        catch (IOException) { return new RawAnswer(null, new Dictionary<string, string>(), ""); }
        var data = received.ToArray();
        var text = Latin1.GetString(data);
        int headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headEnd < 0) return new RawAnswer(null, new Dictionary<string, string>(), text);
        var lines = text[..headEnd].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1]);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        var body = data.AsSpan(headEnd + 4).ToArray();
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked")) body = Dechunk(body);
        return new RawAnswer(status, headers, Encoding.UTF8.GetString(body));
    }

    private static byte[] Dechunk(byte[] data)
    {
        var output = new MemoryStream();
        int position = 0;
        while (position < data.Length)
        {
            int lineEnd = Array.IndexOf(data, (byte)'\n', position);
            if (lineEnd < 0) break;
            var sizeText = Latin1.GetString(data, position, lineEnd - position).Trim().Split(';')[0];
            int size = Convert.ToInt32(sizeText, 16);
            if (size == 0) break;
            output.Write(data, lineEnd + 1, Math.Min(size, data.Length - lineEnd - 1));
            position = lineEnd + 1 + size + 2;
        }
        return output.ToArray();
    }
}
