using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AdobeExportJobs.Tests.Module;

/// <summary>
/// A loopback HTTP server that answers with exactly the bytes a test scripts, for what the emulator never sends:
/// malformed or truncated JSON, HTML error pages, Retry-After as an HTTP date. Every answer closes the connection.
/// </summary>
internal sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<ScriptedRequest, byte[]> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<ScriptedRequest> _requests = new();

    /// <param name="respond">Gets each request, returns the raw HTTP answer (status line, headers, blank line, body).</param>
    public ScriptedHttpServer(Func<ScriptedRequest, string> respond)
        : this(request => respond(request) is { } answer ? Encoding.UTF8.GetBytes(answer) : null)
    {
    }

    /// <param name="respond">Gets each request, returns the raw HTTP answer as bytes (for compressed or binary bodies).</param>
    public ScriptedHttpServer(Func<ScriptedRequest, byte[]> respond)
    {
        _respond = respond;
        _listener.Start();
        BaseAddress = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _loop = Task.Run(AcceptLoopAsync);
    }

    public string BaseAddress { get; }

    public IReadOnlyList<ScriptedRequest> Requests
    {
        get { lock (_requests) return _requests.ToList(); }
    }

    /// <summary>A complete answer with a correct Content-Length.</summary>
    public static string Answer(int status, string reason, string body, string contentType = "application/json", params string[] headers)
    {
        var bytes = Encoding.UTF8.GetByteCount(body);
        var extra = string.Concat(headers.Select(h => h + "\r\n"));
        return $"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\nContent-Length: {bytes}\r\nConnection: close\r\n{extra}\r\n{body}";
    }

    /// <summary>A complete answer with a binary body; Content-Length only when <paramref name="withLength"/> (else the closing connection ends it).</summary>
    public static byte[] AnswerBytes(int status, string reason, byte[] body, bool withLength, params string[] headers)
    {
        var extra = string.Concat(headers.Select(h => h + "\r\n"));
        var length = withLength ? $"Content-Length: {body.Length}\r\n" : string.Empty;
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {reason}\r\n{length}Connection: close\r\n{extra}\r\n");
        return head.Concat(body).ToArray();
    }

    /// <summary>The IMS token answer, so a client with client credentials gets past authentication.</summary>
    public static string TokenAnswer() => Answer(200, "OK", "{\"access_token\":\"scripted-token\",\"token_type\":\"bearer\",\"expires_in\":86399}");

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream);
                if (request == null) return;
                lock (_requests) _requests.Add(request);
                var answer = _respond(request);
                if (answer == null) return; // drop the connection without a word
                await stream.WriteAsync(answer);
                await stream.FlushAsync();
            }
            catch (IOException) { }
        }
    }

    private static async Task<ScriptedRequest> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one) == 0) return null;
            buffer.Add(one[0]);
            int n = buffer.Count;
            if (n >= 4 && buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r' && buffer[n - 1] == '\n') break;
        }
        var head = Encoding.ASCII.GetString(buffer.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var parts = head[0].Split(' ');
        var headers = head.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = string.Empty;
        if (headers.TryGetValue("Content-Length", out var lengthText) && int.TryParse(lengthText, out var length) && length > 0)
        {
            var bytes = new byte[length];
            int read = 0;
            while (read < length)
            {
                int got = await stream.ReadAsync(bytes.AsMemory(read));
                if (got == 0) break;
                read += got;
            }
            body = Encoding.UTF8.GetString(bytes, 0, read);
        }
        return new ScriptedRequest(parts[0], parts[1], headers, body);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _loop; } catch { }
        _stop.Dispose();
    }
}

internal sealed record ScriptedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
