using System.IO.Compression;
using System.Text;
using AdobeExportJobs.Client;
using AdobeExportJobs.Tests.Module;
using Xunit;

namespace AdobeExportJobs.Tests.Reliability;

/// <summary>
/// Values no sane server sends, each one clean error: an answer too large to read (a gzip bomb: small on the wire,
/// hundreds of megabytes unpacked) is read once up to the limit and not again; a token that cannot go into a header is
/// refused before anything is sent, and a create never calls that "outcome unknown".
/// </summary>
public class BadServerValueTests
{
    /// <summary>200 MiB of JSON-ish filler, gzipped to a few hundred KiB.</summary>
    private static readonly Lazy<byte[]> GzipBomb = new(() =>
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.ASCII.GetBytes("{\"id\":5,\"padding\":\""));
            var spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            for (int i = 0; i < 200; i++) gzip.Write(spaces);
            gzip.Write(Encoding.ASCII.GetBytes("\"}"));
        }
        return packed.ToArray();
    });

    private static byte[] Bomb() =>
        ScriptedHttpServer.AnswerBytes(200, "OK", GzipBomb.Value, withLength: true, "Content-Type: application/json", "Content-Encoding: gzip");

    private static byte[] Text(string answer) => Encoding.UTF8.GetBytes(answer);

    private static ExportJobsClient ClientFor(ScriptedHttpServer server, Action<ExportJobsClientOptions> configure = null)
    {
        var options = new ExportJobsClientOptions
        {
            PlatformEndpoint = new Uri(server.BaseAddress),
            ImsEndpoint = new Uri(server.BaseAddress),
            ClientId = "bad-values-client",
            OrgId = "ORG@AdobeOrg",
            Sandbox = "prod",
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        };
        configure?.Invoke(options);
        return ExportJobsClient.WithClientCredentials(options, TestEmulator.Secure("bad-values-secret"));
    }

    private static int PlatformRequests(ScriptedHttpServer server, string method) =>
        server.Requests.Count(r => r.Method == method && !r.Path.StartsWith("/ims/"));

    [Fact]
    public async Task A_gzip_bomb_is_one_ResponseTooLarge_error_read_once_up_to_the_limit()
    {
        Assert.True(GzipBomb.Value.Length < ExportJobsClientOptions.DefaultMaxResponseBytes / 64, "the bomb is small on the wire");
        await using var server = new ScriptedHttpServer(request => request.Path.StartsWith("/ims/") ? Text(ScriptedHttpServer.TokenAnswer()) : Bomb());
        using var client = ClientFor(server);

        var read = await Assert.ThrowsAsync<AepApiException>(() => client.GetAsync(5));
        var list = await Assert.ThrowsAsync<AepApiException>(() => client.ListPageAsync());
        var cancel = await Assert.ThrowsAsync<AepApiException>(() => client.CancelAsync(5));

        foreach (var error in new[] { read, list, cancel })
        {
            Assert.Equal(AepErrorKind.ResponseTooLarge, error.Kind);
            Assert.Equal(200, error.StatusCode);
            Assert.Equal(0, error.Retries);
            Assert.Contains("larger than the 64 MiB the module reads", error.Message);
            Assert.Contains("not retried", error.Message);
            Assert.Contains(error.RequestId, error.Message);
        }
        Assert.Equal(2, PlatformRequests(server, "GET"));
        Assert.Equal(1, PlatformRequests(server, "DELETE"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_answer_over_the_limit_is_refused_whether_or_not_it_says_its_length(bool withLength)
    {
        var body = Encoding.ASCII.GetBytes("{\"id\":5,\"padding\":\"" + new string('x', 300_000) + "\"}");
        await using var server = new ScriptedHttpServer(request => request.Path.StartsWith("/ims/")
            ? Text(ScriptedHttpServer.TokenAnswer())
            : ScriptedHttpServer.AnswerBytes(503, "Service Unavailable", body, withLength, "Content-Type: application/json"));
        using var client = ClientFor(server, o => o.MaxResponseBytes = 100_000);

        var error = await Assert.ThrowsAsync<AepApiException>(() => client.GetAsync(5));

        Assert.Equal(AepErrorKind.ResponseTooLarge, error.Kind);
        // Not retried, though a 503 would be.
        Assert.Equal(1, PlatformRequests(server, "GET"));
        Assert.Contains(withLength ? $"(its Content-Length is {body.Length} bytes)" : "(more than 100000 bytes after decompression)", error.Message);
    }

    [Fact]
    public async Task A_create_answered_with_a_gzip_bomb_is_found_by_its_request_id_and_sent_once()
    {
        string requestId = null;
        await using var server = new ScriptedHttpServer(request =>
        {
            if (request.Path.StartsWith("/ims/")) return Text(ScriptedHttpServer.TokenAnswer());
            if (request.Method == "POST")
            {
                requestId = request.Headers["x-request-id"];
                return Bomb();
            }
            return Text(ScriptedHttpServer.Answer(200, "OK", "{\"records\":[{\"id\":41,\"status\":\"NEW\",\"requestId\":\"" + requestId + "\"}],\"page\":{},\"link\":{}}"));
        });
        using var client = ClientFor(server);

        var job = await client.CreateAsync(TestEmulator.Request());

        Assert.Equal(41, job.Id);
        Assert.Equal(1, PlatformRequests(server, "POST"));
    }

    public static TheoryData<string, string> BadTokens => new()
    {
        { "line break", "good-start\\r\\nX-Injected: 1" },
        { "non-ASCII", "t\\u00f6ken-with-umlaut" },
        { "space", "two words" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_token_that_cannot_go_into_a_header_is_a_clear_error_before_anything_is_sent_and_no_create_is_in_doubt(string what, string jsonToken)
    {
        await using var server = new ScriptedHttpServer(request => Text(request.Path.StartsWith("/ims/")
            ? ScriptedHttpServer.Answer(200, "OK", "{\"access_token\":\"" + jsonToken + "\",\"expires_in\":86399}")
            : ScriptedHttpServer.Answer(200, "OK", "{\"id\":5,\"status\":\"NEW\"}")));
        using var client = ClientFor(server);

        var error = await Assert.ThrowsAsync<AepApiException>(() => client.CreateAsync(TestEmulator.Request()));

        Assert.Equal(AepErrorKind.MalformedResponse, error.Kind);
        Assert.False(error.RequestMayHaveBeenProcessed);
        Assert.Contains("cannot be sent in an HTTP header", error.Message);
        Assert.Contains(what, error.Message);
        Assert.Contains("nothing was sent to the platform", error.Message);
        Assert.DoesNotContain("X-Injected", error.Message);
        Assert.Equal(0, PlatformRequests(server, "POST"));
        Assert.Equal(0, PlatformRequests(server, "GET"));
    }
}
