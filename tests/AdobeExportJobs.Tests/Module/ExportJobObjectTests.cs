using AdobeExportJobs.Model;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AdobeExportJobs.Tests.Module;

/// <summary>The flat job users hold, made from the wire record: each value as the views, Export-Csv and ConvertTo-Json show it.</summary>
public class ExportJobObjectTests
{
    public static IEnumerable<object[]> Jobs => SeedExamples.OfKind("job");

    [Theory]
    [MemberData(nameof(Jobs))]
    public void Every_seed_job_reads_into_the_flat_job_with_the_server_text_kept(SeedExample example)
    {
        var record = AepJson.ParseJob(example.Json);
        var job = new ExportJob(record);
        var sent = JObject.Parse(example.Json);

        Assert.Equal((long)sent["id"]!, job.Id);
        Assert.Equal((string)sent["status"], job.Status);
        Assert.Equal(ValueText.Time(record.CreationTime), job.Created);
        Assert.Equal(record.DatasetId, job.Dataset);
        Assert.Equal(record.BatchIds, job.Batches);
        Assert.Equal(record.Segments, job.Segments);
        Assert.Equal(((string)sent["fields"] ?? string.Empty).Split(',').Select(f => f.Trim()).Where(f => f.Length > 0), job.Fields);
        Assert.Equal((string)sent["imsOrgId"], job.Org);
        Assert.Equal((string)sent["schema"]?["name"], job.Schema);
        Assert.Equal(example.Json, job.GetJson());
        Assert.Equal($"ExportJob {job.Id} ({job.Status})", job.ToString());
    }

    [Fact]
    public void Values_show_as_the_views_show_them()
    {
        var page = AepJson.ParsePage(SeedExamples.All.Single(e => e.File.StartsWith("002") && e.Kind == "page").Json);
        var succeeded = new ExportJob(page.Records[0]);
        var failed = new ExportJob(page.Records[1]);

        Assert.Equal("2018-10-03T13:30:16.687Z", failed.Created);
        Assert.Equal("2018-10-03T13:38:42.551Z", failed.Updated);
        Assert.Equal("00:08:25.864", failed.Duration);
        Assert.Equal("0090000009: Error writing profiles to output path 'adl://va7devprofilesnapshot.azuredatalakestore.net/snapshot/722'; unknown: Job aborted.", failed.Errors.ToString());
        Assert.Equal("org.apache.spark.SparkException: Job aborted.", failed.Errors[1].CallStack);
        Assert.Equal("7972e3d6-96ea-4ece-9627-cbfd62709c5d (v1)", failed.MergePolicy.ToString());
        Assert.Null(failed.Profiles);
        Assert.Empty(failed.ByNamespace);
        Assert.Equal(string.Empty, failed.ByNamespace.ToString());

        Assert.Equal(20, succeeded.Profiles);
        Assert.Equal("namespace1=10, namespace2=5", succeeded.ByNamespace.ToString());
        Assert.Equal(10, succeeded.ByNamespace["namespace1"]);
        Assert.Equal("identities.id, personalEmail.address", succeeded.Fields.ToString());
        Assert.Equal("0100000003: Error in Export Job", succeeded.Errors.ToString());
    }

    [Fact]
    public void A_job_without_optional_parts_has_empty_lists_and_null_values_never_a_null_list()
    {
        var job = new ExportJob(AepJson.ParseJob(@"{""id"": 9, ""status"": ""NEW"", ""mergePolicy"": {}}"));
        Assert.Empty(job.Batches);
        Assert.Empty(job.Segments);
        Assert.Empty(job.Fields);
        Assert.Empty(job.Errors);
        Assert.Empty(job.ByNamespace);
        Assert.Equal(string.Empty, job.Batches.ToString());
        Assert.Null(job.MergePolicy);
        Assert.Null(job.Created);
        Assert.Null(job.Duration);
        Assert.Null(job.Profiles);
    }

    [Fact]
    public void A_record_made_in_code_still_has_its_json()
    {
        var job = new ExportJob(new ExportJobRecord { Id = 5, Status = "NEW" });
        var json = JObject.Parse(job.GetJson());
        Assert.Equal(5, (long)json["id"]!);
        Assert.Equal("NEW", (string)json["status"]);
    }

    [Theory]
    [InlineData(0L, "00:00:00.000")]
    [InlineData(2_213L, "00:00:02.213")]
    [InlineData(505_864L, "00:08:25.864")]
    [InlineData(93_784_005L, "1.02:03:04.005")]
    [InlineData(-1_500L, "-00:00:01.500")]
    public void Durations_are_fixed_width_text_that_TimeSpan_reads_back(long milliseconds, string expected)
    {
        var text = ValueText.Duration(TimeSpan.FromMilliseconds(milliseconds));
        Assert.Equal(expected, text);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), TimeSpan.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Times_are_iso_8601_in_utc_whatever_the_offset_and_sort_as_text()
    {
        var early = new DateTimeOffset(2026, 11, 30, 14, 37, 0, 393, TimeSpan.FromHours(2));
        var late = early.AddMilliseconds(7);
        Assert.Equal("2026-11-30T12:37:00.393Z", ValueText.Time(early));
        Assert.True(string.CompareOrdinal(ValueText.Time(early), ValueText.Time(late)) < 0);
        Assert.Equal(early, DateTimeOffset.Parse(ValueText.Time(early), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(ValueText.Time(null));
        Assert.Null(ValueText.Duration(null));
    }
}
