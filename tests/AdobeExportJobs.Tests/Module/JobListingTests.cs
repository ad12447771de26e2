using AdobeExportJobs.Client;
using AdobeExportJobs.Commands;
using AdobeExportJobs.Model;
using Xunit;

namespace AdobeExportJobs.Tests.Module;

/// <summary>
/// The pure pieces of Get-ExportJob's paging: the k-way merge of one listing per status, the page sizes -First and -Skip
/// ask for, and the lowered limit of a last page. (Over HTTP, as users meet it: tests/Pester/Get-ExportJob.Tests.ps1.)
/// </summary>
public class JobListingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static ExportJobRecord Job(long id, double createdSeconds, string status = "NEW") =>
        new() { Id = id, Status = status, CreationTime = T0.AddSeconds(createdSeconds) };

    private static List<ExportJobRecord> Page(params ExportJobRecord[] jobs) => jobs.ToList();

    /// <summary>A listing held in memory, in pages, that counts the pages it was asked for.</summary>
    private sealed class PagedSource : IExportJobStream
    {
        private readonly Queue<List<ExportJobRecord>> _pages;
        private readonly Queue<ExportJobRecord> _read = new();

        public PagedSource(params List<ExportJobRecord>[] pages) => _pages = new Queue<List<ExportJobRecord>>(pages);

        public int PagesRead { get; private set; }

        public bool IsComplete => _pages.Count == 0;

        public bool IsReadyWithoutRequest => _read.Count > 0 || _pages.Count == 0;

        public Exception FailOnPage { get; set; }

        public Task<ExportJobRecord> NextAsync(CancellationToken cancellationToken)
        {
            while (_read.Count == 0)
            {
                if (_pages.Count == 0) return Task.FromResult<ExportJobRecord>(null);
                if (FailOnPage != null) throw FailOnPage;
                PagesRead++;
                foreach (var job in _pages.Dequeue()) _read.Enqueue(job);
            }
            return Task.FromResult(_read.Dequeue());
        }
    }

    private static async Task<List<ExportJobRecord>> TakeAsync(IExportJobStream stream, int most = int.MaxValue)
    {
        var jobs = new List<ExportJobRecord>();
        ExportJobRecord job;
        while (jobs.Count < most && (job = await stream.NextAsync(CancellationToken.None)) != null) jobs.Add(job);
        return jobs;
    }

    [Fact]
    public async Task Several_listings_merge_into_one_stream_newest_first_with_ties_by_id()
    {
        var news = new PagedSource(Page(Job(9, 90), Job(7, 70)), Page(Job(4, 40), Job(1, 10)));
        var processing = new PagedSource(Page(Job(8, 80, "PROCESSING"), Job(6, 40, "PROCESSING")), Page(Job(2, 20, "PROCESSING")));
        var failed = new PagedSource(Page(Job(5, 40, "FAILED")));

        var merged = await TakeAsync(new MergedJobStream(new IExportJobStream[] { news, processing, failed }));

        // 6, 5 and 4 were created in the same millisecond: the higher id is the newer, as in the service's cursor.
        Assert.Equal(new long[] { 9, 8, 7, 6, 5, 4, 2, 1 }, merged.Select(j => j.Id));
    }

    [Fact]
    public async Task A_job_found_by_two_listings_is_given_once()
    {
        // Job 5 was NEW when the NEW listing was read and PROCESSING when the PROCESSING one was.
        var news = new PagedSource(Page(Job(6, 60), Job(5, 50)));
        var processing = new PagedSource(Page(Job(5, 50, "PROCESSING"), Job(3, 30, "PROCESSING")));

        var merged = await TakeAsync(new MergedJobStream(new IExportJobStream[] { news, processing }));

        Assert.Equal(new long[] { 6, 5, 3 }, merged.Select(j => j.Id));
    }

    [Fact]
    public async Task Each_listing_is_read_only_as_far_as_the_merged_stream_is_consumed()
    {
        var newest = new PagedSource(Page(Job(10, 100), Job(9, 90)), Page(Job(8, 80)), Page(Job(1, 10)));
        var oldest = new PagedSource(Page(Job(3, 30, "FAILED")), Page(Job(2, 20, "FAILED")));
        var merged = new MergedJobStream(new IExportJobStream[] { newest, oldest });

        Assert.Equal(new long[] { 10, 9, 8 }, (await TakeAsync(merged, 3)).Select(j => j.Id));

        // Every listing's first page is needed to know which job is newest; then only the listing that gave jobs is read on.
        Assert.Equal(2, newest.PagesRead);
        Assert.Equal(1, oldest.PagesRead);
        Assert.False(merged.IsComplete);
        Assert.Equal(3, merged.PagesRead);
    }

    [Fact]
    public async Task The_merge_says_when_the_next_job_needs_no_request_and_when_all_was_read()
    {
        var a = new PagedSource(Page(Job(4, 40), Job(3, 30)));
        var b = new PagedSource(Page(Job(2, 20, "FAILED")), Page(Job(1, 10, "FAILED")));
        var merged = new MergedJobStream(new IExportJobStream[] { a, b });

        Assert.False(merged.IsReadyWithoutRequest);
        await merged.NextAsync(CancellationToken.None);
        Assert.True(merged.IsReadyWithoutRequest);
        await TakeAsync(merged, 2);
        // Job 2 was given; b's next page is not read yet.
        Assert.False(merged.IsReadyWithoutRequest);
        Assert.Equal(new long[] { 1 }, (await TakeAsync(merged)).Select(j => j.Id));
        Assert.True(merged.IsComplete);
        Assert.True(merged.IsReadyWithoutRequest);
    }

    [Fact]
    public async Task The_listing_whose_read_failed_is_named()
    {
        var fine = new PagedSource(Page(Job(2, 20)));
        var broken = new PagedSource(Page(Job(1, 10))) { FailOnPage = new AepApiException(AepErrorKind.HttpError, "400") { StatusCode = 400 } };
        var merged = new MergedJobStream(new IExportJobStream[] { fine, broken });

        await Assert.ThrowsAsync<AepApiException>(() => merged.NextAsync(CancellationToken.None));
        Assert.Same(broken, merged.Failed);
    }

    [Fact]
    public void Jobs_without_a_creation_time_sort_as_the_oldest()
    {
        var jobs = new[] { new ExportJobRecord { Id = 50 }, Job(1, 10), Job(2, 10), Job(3, 5) };
        Assert.Equal(new long[] { 2, 1, 3, 50 }, jobs.OrderBy(j => j, ExportJobOrder.NewestFirst).Select(j => j.Id));
    }

    [Fact]
    public void The_first_to_finish_is_the_earliest_update_time_then_the_lowest_id()
    {
        ExportJobRecord Finished(long id, double seconds) => new() { Id = id, Status = "SUCCEEDED", UpdateTime = seconds < 0 ? null : T0.AddSeconds(seconds) };
        var jobs = new[] { Finished(7, 3), Finished(9, 1), Finished(4, -1), Finished(8, 1), Finished(2, 2) };
        Assert.Equal(new long[] { 8, 9, 2, 7, 4 }, jobs.OrderBy(j => j, ExportJobOrder.FirstUpdated).Select(j => j.Id));
    }

    [Theory]
    [InlineData("https://p/data/core/ups/export/jobs?limit=100", 3, "https://p/data/core/ups/export/jobs?limit=3")]
    [InlineData("https://p/data/core/ups/export/jobs/?limit=50&offset=1538573416687_722", 7, "https://p/data/core/ups/export/jobs/?limit=7&offset=1538573416687_722")]
    [InlineData("https://p/data/core/ups/export/jobs/?offset=1538573416687_722&status=NEW&limit=50", 50, "https://p/data/core/ups/export/jobs/?offset=1538573416687_722&status=NEW&limit=50")]
    [InlineData("https://p/data/core/ups/export/jobs/?limit=5&offset=1_2", 9, "https://p/data/core/ups/export/jobs/?limit=5&offset=1_2")]
    [InlineData("https://p/data/core/ups/export/jobs/?offset=1_2", 4, "https://p/data/core/ups/export/jobs/?offset=1_2&limit=4")]
    public void A_page_link_asks_for_no_more_jobs_than_needed(string link, int mostJobs, string expected)
    {
        Assert.Equal(expected, ExportJobsUrls.WithAtMost(new Uri(link), mostJobs).AbsoluteUri);
    }

    [Theory]
    // first, skip, limit, page size given -> page size asked for
    [InlineData(JobPaging.Unbounded, 0UL, null, 100, 100)]
    [InlineData(2UL, 0UL, null, 100, 2)]
    [InlineData(2UL, 1UL, null, 100, 3)]
    [InlineData(2UL, 1UL, null, 50, 3)]
    [InlineData(60UL, 0UL, null, 50, 50)]
    [InlineData(JobPaging.Unbounded, 5UL, null, 100, 100)]
    [InlineData(JobPaging.Unbounded, 0UL, 4, 200, 4)]
    [InlineData(10UL, 0UL, 4, 200, 4)]
    [InlineData(3UL, 0UL, 40, 200, 3)]
    [InlineData(ulong.MaxValue - 1, ulong.MaxValue - 1, null, 100, 100)]
    public void First_Skip_and_Limit_set_the_page_size(ulong first, ulong skip, int? limit, int pageSize, int expected)
    {
        Assert.Equal(expected, new JobPaging(first, skip, limit).PageSizeFor(pageSize));
    }

    [Fact]
    public void Skip_skips_jobs_and_First_ends_the_reading()
    {
        var paging = new JobPaging(first: 2, skip: 3);
        var written = Enumerable.Range(1, 10).TakeWhile(_ => !paging.IsSatisfied).Where(_ => paging.Take()).ToList();
        Assert.Equal(new[] { 4, 5 }, written);
        Assert.Equal(5, paging.Consumed);
    }

    [Fact]
    public void The_next_request_asks_for_what_First_and_Skip_still_need()
    {
        var paging = new JobPaging(first: 7, skip: 2);
        Assert.Equal(9, paging.MostJobsStillNeeded());
        for (int i = 0; i < 6; i++) paging.Take();
        Assert.Equal(3, paging.MostJobsStillNeeded());
        Assert.Null(new JobPaging(JobPaging.Unbounded, 2).MostJobsStillNeeded());
        Assert.True(new JobPaging(first: 0, skip: 0).IsSatisfied);
    }
}
