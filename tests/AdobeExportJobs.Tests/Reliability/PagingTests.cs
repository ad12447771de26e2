using AdobeExportJobs.Client;
using AdobeExportJobs.Model;
using AdobeExportJobs.Tests.Module;
using Xunit;

namespace AdobeExportJobs.Tests.Reliability;

/// <summary>
/// A listing always ends, whatever <c>link.next</c> a server sends: a cursor seen before (A→B→A, the same offset with a
/// toggled parameter) or a page of nothing but jobs already listed ends it with a stop reason (a warning in
/// Get-ExportJob, tested in tests/Pester/Resilience.Tests.ps1), after a handful of requests.
/// </summary>
public class PagingTests
{
    private static string Page(IEnumerable<long> ids, string next) =>
        ScriptedHttpServer.Answer(200, "OK",
            "{\"records\":[" + string.Join(",", ids.Select(id => $"{{\"id\":{id},\"status\":\"SUCCEEDED\"}}")) + "],\"page\":{},\"link\":{\"next\":\"" + next + "\"}}");

    private static string Offset(ScriptedRequest request)
    {
        var query = request.Path.Contains('?') ? request.Path.Split('?', 2)[1] : "";
        return query.Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == "offset").Select(p => p[1]).FirstOrDefault();
    }

    /// <summary>Servers whose next links never end: the shapes a buggy or hostile paging takes.</summary>
    private static Func<ScriptedRequest, string> Shape(string shape)
    {
        int served = 0;
        return request =>
        {
            if (request.Path.StartsWith("/ims/")) return ScriptedHttpServer.TokenAnswer();
            int n = Interlocked.Increment(ref served);
            var offset = Offset(request);
            return shape switch
            {
                // first → A → B → A → B ...
                "cycle" => offset switch
                {
                    null => Page(new long[] { 1, 2 }, "/export/jobs?limit=2&offset=A"),
                    "A" => Page(new long[] { 3, 4 }, "/export/jobs?limit=2&offset=B"),
                    _ => Page(new long[] { 5, 6 }, "/export/jobs?limit=2&offset=A"),
                },
                // The same cursor again and again, each time with another value of a parameter that changes nothing.
                "toggle" => offset == null
                    ? Page(new long[] { 1, 2 }, "/export/jobs?limit=2&offset=A&t=0")
                    : Page(new long[] { 3, 4 }, $"/export/jobs?t={n % 2}&limit=2&offset=A&x={n}"),
                // A new offset every time, always the same jobs.
                "same-jobs" => Page(new long[] { 1, 2 }, $"/export/jobs?limit=2&offset=o{n}"),
                // A new offset every time, and each page adds one job to ones already listed.
                _ => Page(new long[] { 1, 2, 100 + n }, $"/export/jobs?limit=3&offset=o{n}"),
            };
        };
    }

    private static ExportJobsClient ClientFor(ScriptedHttpServer server) =>
        ExportJobsClient.WithClientCredentials(new ExportJobsClientOptions
        {
            PlatformEndpoint = new Uri(server.BaseAddress),
            ImsEndpoint = new Uri(server.BaseAddress),
            ClientId = "paging-client",
            OrgId = "ORG@AdobeOrg",
            Sandbox = "prod",
        }, TestEmulator.Secure("paging-secret"));

    private static async Task<(List<long> Ids, ExportJobPager Pager)> ListAllAsync(ExportJobsClient client, int maxPages)
    {
        var pager = client.ListPages(pageSize: 2);
        var ids = new List<long>();
        ExportJobPage page;
        // The bound only keeps a broken pager from hanging the test; the assertions check it is never reached.
        while (pager.PagesRead < maxPages && (page = await pager.NextAsync()) != null) ids.AddRange(page.Records.Select(j => j.Id));
        return (ids, pager);
    }

    private static int PageRequests(ScriptedHttpServer server) => server.Requests.Count(r => r.Path.Contains("/export/jobs"));

    [Theory]
    [InlineData("cycle", new long[] { 1, 2, 3, 4, 5, 6 }, 3, "leads back to a page already read")]
    [InlineData("toggle", new long[] { 1, 2, 3, 4 }, 2, "leads back to a page already read")]
    [InlineData("same-jobs", new long[] { 1, 2 }, 2, "holds only jobs already listed")]
    public async Task A_listing_whose_next_links_never_end_stops_with_a_reason_and_lists_each_job_once(string shape, long[] expected, int requests, string reason)
    {
        await using var server = new ScriptedHttpServer(Shape(shape));
        using var client = ClientFor(server);

        var (ids, pager) = await ListAllAsync(client, maxPages: 50);

        Assert.Equal(expected, ids);
        Assert.True(pager.IsFinished);
        Assert.Equal(requests, PageRequests(server));
        Assert.NotNull(pager.StopReason);
        Assert.Contains(reason, pager.StopReason);
        Assert.Contains("The listing stopped", pager.StopReason);
    }

    [Fact]
    public async Task Jobs_already_listed_are_left_out_of_later_pages()
    {
        await using var server = new ScriptedHttpServer(Shape("one-new-each"));
        using var client = ClientFor(server);

        var (ids, pager) = await ListAllAsync(client, maxPages: 4);

        Assert.Equal(ids.Distinct(), ids);
        Assert.Equal(new long[] { 1, 2, 101, 102, 103, 104 }, ids);
        Assert.Null(pager.StopReason);
    }

    [Fact]
    public void Cursor_keys_ignore_parameters_other_than_the_offset()
    {
        Assert.Equal(ExportJobPager.CursorOf(new Uri("http://h/data/core/ups/export/jobs?offset=A&t=1")), ExportJobPager.CursorOf(new Uri("http://h/data/core/ups/export/jobs?t=2&limit=5&offset=A")));
        Assert.Equal(ExportJobPager.CursorOf(new Uri("http://h/export/jobs?b=2&a=1")), ExportJobPager.CursorOf(new Uri("http://h/export/jobs?a=1&b=2")));
        Assert.NotEqual(ExportJobPager.CursorOf(new Uri("http://h/export/jobs?offset=A")), ExportJobPager.CursorOf(new Uri("http://h/export/jobs?offset=B")));
        Assert.NotEqual(ExportJobPager.CursorOf(new Uri("http://h/export/jobs?limit=2")), ExportJobPager.CursorOf(new Uri("http://h/export/jobs?offset=A")));
    }
}
