using AdobeExportJobs.Client;
using Xunit;

namespace AdobeExportJobs.Tests.Module;

public class ClientUnitTests
{
    [Theory]
    [InlineData("Authorization: Bearer abc.def-123", "Authorization: Bearer [REDACTED]")]
    [InlineData("grant_type=client_credentials&client_secret=s3cr3t&scope=x", "grant_type=client_credentials&client_secret=[REDACTED]&scope=x")]
    [InlineData("{\"access_token\": \"tok\\\"en\", \"expires_in\": 5}", "{\"access_token\":\"[REDACTED]\", \"expires_in\": 5}")]
    [InlineData("https://x/?access_token=abc&limit=2", "https://x/?access_token=[REDACTED]&limit=2")]
    [InlineData("token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl end", "token [REDACTED] end")]
    [InlineData("nothing secret here: limit=5", "nothing secret here: limit=5")]
    public void Redact_masks_every_kind_of_secret(string input, string expected)
    {
        Assert.Equal(expected, HttpLogFormatter.Redact(input));
    }

    [Fact]
    public void Credential_headers_are_masked_whatever_their_value()
    {
        var text = HttpLogFormatter.FormatHeaders(new[]
        {
            new KeyValuePair<string, IEnumerable<string>>("Authorization", new[] { "Weird-Scheme 123" }),
            new KeyValuePair<string, IEnumerable<string>>("x-api-key", new[] { "client-1" }),
        });
        Assert.Equal("  Authorization: [REDACTED]\n  x-api-key: client-1", text);
    }

    [Theory]
    [InlineData("{\"error_code\":\"401013\",\"message\":\"Oauth token is not valid\"}", "Gateway", "401013", "Oauth token is not valid")]
    [InlineData("{\"type\":\"https://ns.adobe.com/aep/errors/UPAPI-113000-404\",\"title\":\"Not found\",\"status\":404,\"detail\":\"no job\",\"report\":{\"tenantInfo\":{}}}", "Service", "UPAPI-113000-404", "no job")]
    [InlineData("{\"error\":\"invalid_client\",\"error_description\":\"invalid client_secret parameter\"}", "OAuth", "invalid_client", "invalid client_secret parameter")]
    [InlineData("{\"code\":\"E1\",\"message\":\"other\"}", "OtherJson", "E1", "other")]
    [InlineData("Service Unavailable", "Text", null, "Service Unavailable")]
    [InlineData("", "None", null, null)]
    public void Error_payloads_of_every_shape_are_read(string body, string shape, string code, string message)
    {
        // The shape comes as a name: attribute arguments of module types cannot be resolved while tests are discovered.
        var payload = AepErrorPayload.Parse(body);
        Assert.Equal(Enum.Parse<AepErrorShape>(shape), payload.Shape);
        Assert.Equal(code, payload.Code);
        Assert.Equal(message, payload.Message);
    }

    [Fact]
    public void Service_shape_keeps_title_and_report()
    {
        var payload = AepErrorPayload.Parse("{\"type\":\"https://ns.adobe.com/aep/errors/UPAPI-113000-404\",\"title\":\"Not found\",\"detail\":\"no job\",\"report\":{\"requestId\":\"r1\"}}");
        Assert.Equal("Not found", payload.Title);
        Assert.Equal("r1", (string)payload.Report["requestId"]);
        Assert.Equal("UPAPI-113000-404: Not found: no job", payload.Summary);
    }

    [Theory]
    [InlineData("https://platform.adobe.io", "https://platform.adobe.io/")]
    [InlineData("https://platform.adobe.io/", "https://platform.adobe.io/")]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:5000/")]
    [InlineData("http://localhost:5000", "http://localhost:5000/")]
    [InlineData("http://[::1]:5000", "http://[::1]:5000/")]
    [InlineData("https://proxy.example/aep/", "https://proxy.example/aep")]
    public void Endpoints_https_anywhere_and_http_only_on_loopback(string input, string expected)
    {
        Assert.Equal(expected, EndpointPolicy.Validate(input, "endpoint").ToString());
    }

    [Theory]
    [InlineData("http://platform.adobe.io")]
    [InlineData("http://10.0.0.5:8080")]
    [InlineData("ftp://platform.adobe.io")]
    [InlineData("platform.adobe.io")]
    [InlineData("https://platform.adobe.io/?x=1")]
    [InlineData("https://user:pw@platform.adobe.io")]
    [InlineData(" ")]
    public void Endpoints_that_would_leak_or_make_no_sense_are_refused(string input)
    {
        Assert.Throws<ArgumentException>(() => EndpointPolicy.Validate(input, "endpoint"));
    }

    [Theory]
    [InlineData("/export/jobs/?limit=2&offset=1538573416687_722", "https://platform.adobe.io/data/core/ups/export/jobs/?limit=2&offset=1538573416687_722")]
    [InlineData("/data/core/ups/export/jobs?offset=1_2", "https://platform.adobe.io/data/core/ups/export/jobs?offset=1_2")]
    [InlineData("https://platform.adobe.io/data/core/ups/export/jobs?offset=1_2", "https://platform.adobe.io/data/core/ups/export/jobs?offset=1_2")]
    [InlineData("https://evil.example/data/core/ups/export/jobs?offset=1_2", null)]
    [InlineData("string", null)]
    [InlineData("/other/path", null)]
    [InlineData("", null)]
    public void Next_links_resolve_against_the_service_base_and_stay_on_the_platform(string link, string expected)
    {
        using var client = ExportJobsClient.WithAccessToken(
            new ExportJobsClientOptions { ClientId = "c", OrgId = "o", Sandbox = "prod" }, TestEmulator.Secure("t"));
        Assert.Equal(expected, client.ResolveLink(link)?.ToString());
    }

    [Fact]
    public void Retry_after_reads_seconds_and_dates_and_the_budget_bounds_the_waits()
    {
        var now = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(7), RetryPolicy.ReadRetryAfter(new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), now));
        Assert.Equal(TimeSpan.FromSeconds(30), RetryPolicy.ReadRetryAfter(new System.Net.Http.Headers.RetryConditionHeaderValue(now.AddSeconds(30)), now));
        Assert.Equal(TimeSpan.Zero, RetryPolicy.ReadRetryAfter(new System.Net.Http.Headers.RetryConditionHeaderValue(now.AddSeconds(-30)), now));
        Assert.Null(RetryPolicy.ReadRetryAfter(null, now));

        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        for (int retry = 1; retry <= 3; retry++)
        {
            var delay = policy.NextDelay(retry, TimeSpan.Zero, null).Value;
            var full = Math.Min(100 * Math.Pow(2, retry - 1), 1000);
            Assert.InRange(delay.TotalMilliseconds, full / 2, full);
        }
        Assert.Null(policy.NextDelay(4, TimeSpan.Zero, null));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.NextDelay(1, TimeSpan.Zero, TimeSpan.FromSeconds(2)));
        // A Retry-After past the budget is cut to what is left of it; with nothing left, the retries end.
        Assert.Equal(TimeSpan.FromSeconds(1), policy.NextDelay(1, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(2)));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.NextDelay(1, TimeSpan.Zero, TimeSpan.FromSeconds(5_000_000)));
        Assert.Null(policy.NextDelay(1, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)));
        // Retry-After: 0 is no advice: the backoff is used, so "now" again and again makes no busy loop.
        Assert.InRange(policy.NextDelay(2, TimeSpan.Zero, TimeSpan.Zero).Value.TotalMilliseconds, 100, 200);
    }

    [Theory]
    [InlineData("5000000", 5_000_000.0)]
    [InlineData("3600", 3600.0)]
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT", double.NaN)]
    [InlineData("Mon, 01 Jan 0001 00:00:00 GMT", 0.0)]
    public void Absurd_Retry_After_values_are_read_without_throwing_and_every_wait_stays_within_the_budget(string header, double seconds)
    {
        var now = DateTimeOffset.UtcNow;
        var parsed = System.Net.Http.Headers.RetryConditionHeaderValue.Parse(header);
        var retryAfter = RetryPolicy.ReadRetryAfter(parsed, now);
        Assert.NotNull(retryAfter);
        if (!double.IsNaN(seconds)) Assert.Equal(seconds, retryAfter.Value.TotalSeconds);
        else Assert.True(retryAfter.Value > TimeSpan.FromDays(365 * 7000));
        var policy = new RetryPolicy(1000, TimeSpan.FromSeconds(300), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        var wait = policy.NextDelay(1, TimeSpan.FromSeconds(12), retryAfter);
        Assert.True(wait <= TimeSpan.FromSeconds(288), $"waits {wait}");
        // What Task.Delay accepts, even for a wait asked of it directly.
        Assert.True(RetryPolicy.Bounded(retryAfter.Value).TotalMilliseconds <= int.MaxValue);
    }

    [Fact]
    public void Options_refuse_missing_identity_before_any_call()
    {
        Assert.Throws<ArgumentException>(() => ExportJobsClient.WithAccessToken(new ExportJobsClientOptions { OrgId = "o", Sandbox = "s" }, TestEmulator.Secure("t")));
        Assert.Throws<ArgumentException>(() => ExportJobsClient.WithAccessToken(new ExportJobsClientOptions { ClientId = "c", Sandbox = "s" }, TestEmulator.Secure("t")));
        Assert.Throws<ArgumentException>(() => ExportJobsClient.WithAccessToken(new ExportJobsClientOptions { ClientId = "c", OrgId = "o" }, TestEmulator.Secure("t")));
        Assert.Throws<ArgumentException>(() => ExportJobsClient.WithClientCredentials(new ExportJobsClientOptions { ClientId = "c", OrgId = "o", Sandbox = "s" }, TestEmulator.Secure("")));
    }
}
