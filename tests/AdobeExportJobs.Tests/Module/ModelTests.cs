using AdobeExportJobs.Model;
using AdobeExportJobs.Requests;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AdobeExportJobs.Tests.Module;

public class ModelTests
{
    public static IEnumerable<object[]> Jobs => SeedExamples.OfKind("job");
    public static IEnumerable<object[]> Pages => SeedExamples.OfKind("page");
    public static IEnumerable<object[]> Requests => SeedExamples.OfKind("request");
    public static IEnumerable<object[]> Cancels => SeedExamples.OfKind("cancel");
    public static IEnumerable<object[]> Fragments => SeedExamples.OfKind("jobFragment");

    [Fact]
    public void Every_seed_file_yields_examples_and_every_example_is_classified()
    {
        var files = SeedExamples.All.Select(e => e.File).Distinct().ToList();
        Assert.Equal(5, files.Count);
        Assert.Empty(SeedExamples.All.Where(e => e.Kind == "unknown"));
        foreach (var file in files)
        {
            var kinds = SeedExamples.All.Where(e => e.File == file).Select(e => e.Kind).ToHashSet();
            Assert.Contains("page", kinds);
            Assert.Contains("job", kinds);
            Assert.Contains("request", kinds);
            Assert.Contains("cancel", kinds);
        }
        Assert.Single(SeedExamples.All.Where(e => e.Kind == "jobFragment"));
    }

    [Theory]
    [MemberData(nameof(Jobs))]
    public void Seed_job_round_trips_without_losing_a_field(SeedExample example)
    {
        var job = AepJson.ParseJob(example.Json);
        Assert.True(job.Id > 0);
        Assert.Equal(example.Json, job.RawJson);
        AssertRoundTrip(AepJson.ParseToken(example.Json), JToken.FromObject(job, AepJson.CreateSerializer()));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Seed_page_round_trips_without_losing_a_field(SeedExample example)
    {
        var page = AepJson.ParsePage(example.Json);
        Assert.NotEmpty(page.Records);
        Assert.All(page.Records, r => Assert.False(string.IsNullOrEmpty(r.RawJson)));
        AssertRoundTrip(AepJson.ParseToken(example.Json), JToken.FromObject(page, AepJson.CreateSerializer()));
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void Seed_create_body_round_trips_through_the_request_builder(SeedExample example)
    {
        var request = new ExportJobRequestBuilder { BaseBody = example.Json }.Build();
        Assert.False(string.IsNullOrEmpty((string)request["destination"]!["datasetId"]));
        Assert.Equal("_xdm.context.profile", (string)request["schema"]!["name"]);
        AssertRoundTrip(AepJson.ParseToken(example.Json), request);
    }

    [Theory]
    [MemberData(nameof(Cancels))]
    public void Seed_cancel_answer_reads_into_CancelResult(SeedExample example)
    {
        var result = AepJson.ToModel<CancelResult>(AepJson.ParseToken(example.Json));
        Assert.True(result.Status);
        Assert.Equal("Export job has been marked for cancelling", result.Message);
        AssertRoundTrip(AepJson.ParseToken(example.Json), JToken.FromObject(result, AepJson.CreateSerializer()));
    }

    [Theory]
    [MemberData(nameof(Fragments))]
    public void Seed_v2_destination_with_batch_array_and_dataSetId_spelling(SeedExample example)
    {
        var job = AepJson.ParseJob(example.Json);
        Assert.Equal("{DATASET_ID}", job.DatasetId);
        Assert.True(job.Destination.SegmentPerBatch);
        Assert.Equal(2, job.Destination.Batches.Count);
        Assert.Equal(new[] { "realized" }, job.Destination.Batches[0].Status);
        Assert.Equal(new[] { "exited" }, job.Destination.Batches[1].Status);
        Assert.Equal("AdCloud", job.Destination.Batches[1].SegmentNs);
        Assert.Equal(new[] { "da5cfb4de32c4b93a09f7e37fa53ad52", "df4gssdfb93a09f7e37fa53ad52" }, job.BatchIds);
        // The fragment has no id; compare the part it does have.
        AssertRoundTrip(AepJson.ParseToken(example.Json)["destination"], JToken.FromObject(job.Destination, AepJson.CreateSerializer()));
    }

    [Fact]
    public void V1_job_reads_single_batch_object_metrics_and_push_job()
    {
        var example = SeedExamples.All.First(e => e.File.StartsWith("000") && e.Kind == "job");
        var job = AepJson.ParseJob(example.Json);
        Assert.Equal(100, job.Id);
        Assert.Equal("BATCH", job.JobType);
        Assert.Equal("SUCCEEDED", job.Status);
        Assert.True(job.IsFinished);
        Assert.Single(job.Destination.Batches);
        Assert.Equal("52c26d0d-45f2-47a2-ab30-ed06abc981ff", job.Destination.Batches[0].SegmentId);
        Assert.Equal(new[] { "da5cfb4de32c4b93a09f7e37fa53ad52" }, job.BatchIds);
        Assert.Equal(10000, job.Metrics.ACPDatasetWriteTime.TotalTimeInMs);
        Assert.Equal("feaeca05-d137-4605-aa4e-21d19d801fc6", job.ComputeGatewayJobId.PushJob);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1538615973895), job.CreationTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1538616233239), job.UpdateTime);
        Assert.Equal(TimeSpan.FromSeconds(10), job.Duration);
        Assert.Null(job.ExportedProfiles);
        Assert.Equal(new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero), job.Filter.SegmentQualificationTime.StartTime);
        Assert.True(job.Filter.EmptyProfiles);
        Assert.Equal("string", job.AdditionalFields.EventList.Fields);
        Assert.Equal(new[] { "52c26d0d-45f2-47a2-ab30-ed06abc981ff" }, job.Segments);
        Assert.Equal("0100000003", job.Errors.Single().Code);
        Assert.Equal("Error in Export Job", job.Errors.Single().Message);
    }

    [Fact]
    public void V2_page_reads_failed_job_with_spark_stack_and_namespace_counters()
    {
        var example = SeedExamples.All.Single(e => e.File.StartsWith("002") && e.Kind == "page");
        var page = AepJson.ParsePage(example.Json);
        Assert.Equal(new long[] { 100, 722 }, page.Records.Select(r => r.Id));
        Assert.Equal("/export/jobs/?limit=2&offset=1538573416687_722", page.NextLink);
        Assert.Equal("1540974701302_96", page.Page.PageOffset);
        Assert.Equal(2, page.Page.PageSize);

        var succeeded = page.Records[0];
        Assert.Equal(20, succeeded.ExportedProfiles);
        Assert.Equal(10, succeeded.Metrics.ExportedProfileByNamespaceCounter["namespace1"]);
        Assert.Equal(5, succeeded.Metrics.ExportedProfileByNamespaceCounter["namespace2"]);

        var failed = page.Records[1];
        Assert.Equal(ExportJobStatus.Failed, failed.Status);
        Assert.Equal(2, failed.Errors.Count);
        Assert.Equal("org.apache.spark.SparkException: Job aborted.", failed.Errors[1].CallStack);
        Assert.Equal(new[] { "realized", "existing" }, failed.Filter.Segments[0].Status);
        Assert.Equal("AAM", failed.Filter.Segments[0].SegmentNs);
        Assert.Equal(TimeSpan.FromMilliseconds(505864), failed.Duration);
        Assert.Equal("KbOAsV7HXmdg262lc4yZZhoml27UWXPZ", failed.RequestId);
    }

    [Fact]
    public void Unknown_fields_survive_at_every_level()
    {
        const string json = @"{""id"": 7, ""status"": ""QUEUED_FOR_REVIEW"", ""evaluationInfo"": {""segmentation"": true},
            ""destination"": {""datasetId"": ""d"", ""region"": ""va7""},
            ""metrics"": {""totalTime"": {""startTimeInMs"": 1, ""extra"": [1,2]}, ""newCounter"": 3},
            ""errors"": [{""code"": ""c"", ""msg"": ""m"", ""severity"": ""high""}]}";
        var job = AepJson.ParseJob(json);
        Assert.Equal("QUEUED_FOR_REVIEW", job.Status);
        Assert.False(job.IsFinished);
        Assert.Null(job.Duration);
        Assert.True((bool)job.ExtensionData["evaluationInfo"]["segmentation"]);
        Assert.Equal("va7", (string)job.Destination.ExtensionData["region"]);
        Assert.Equal(3, (int)job.Metrics.ExtensionData["newCounter"]);
        Assert.Equal("high", (string)job.Errors[0].ExtensionData["severity"]);
        AssertRoundTrip(AepJson.ParseToken(json), JToken.FromObject(job, AepJson.CreateSerializer()));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Page_record_RawJson_is_the_records_own_text_whatever_the_layout(string newline)
    {
        // Long enough to cross the reader's buffer many times, indented, with line breaks of one kind.
        var records = Enumerable.Range(1, 40).Select(i => new JObject
        {
            ["id"] = i,
            ["status"] = "SUCCEEDED",
            ["note"] = new string('x', i * 20) + "{[\"]}",
            ["destination"] = new JObject { ["datasetId"] = "d" + i, ["batches"] = new JObject { ["batchId"] = "b" + i } },
        }).ToList();
        var pageToken = new JObject { ["records"] = new JArray(records), ["page"] = new JObject { ["pageSize"] = 40 }, ["link"] = new JObject() };
        var text = pageToken.ToString(Formatting.Indented).Replace("\r\n", "\n").Replace("\n", newline);

        var page = AepJson.ParsePage(text);

        Assert.Equal(40, page.Records.Count);
        for (int i = 0; i < records.Count; i++)
        {
            var raw = page.Records[i].RawJson;
            Assert.StartsWith("{", raw);
            Assert.EndsWith("}", raw);
            Assert.Contains(raw, text);
            Assert.True(JToken.DeepEquals(records[i], AepJson.ParseToken(raw)), raw);
            Assert.Equal(new[] { "b" + (i + 1) }, page.Records[i].BatchIds);
        }
    }

    [Fact]
    public void Page_read_from_a_token_tree_still_gets_each_records_text()
    {
        var page = AepJson.ToModel<ExportJobPage>(AepJson.ParseToken(@"{""records"": [ {""id"": 3, ""x"": [1, 2]}, null ]}"));
        Assert.Equal(@"{""id"":3,""x"":[1,2]}", page.Records[0].RawJson);
        Assert.Null(page.Records[1]);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData(@"{""records"": {""id"": 1}}")]
    [InlineData(@"{""records"": [1]}")]
    [InlineData(@"{""records"": []} {}")]
    public void Malformed_page_json_is_refused(string json)
    {
        Assert.ThrowsAny<JsonException>(() => AepJson.ParsePage(json));
    }

    [Fact]
    public void Duration_of_a_finished_job_without_metrics_is_update_minus_creation()
    {
        var job = AepJson.ParseJob(@"{""id"": 1, ""status"": ""cancelled"", ""creationTime"": 1000, ""updateTime"": 4500}");
        Assert.True(job.IsFinished);
        Assert.Equal(TimeSpan.FromMilliseconds(3500), job.Duration);
        Assert.Empty(job.Segments);
        Assert.Empty(job.BatchIds);
    }

    [Fact]
    public void Request_serializes_without_nulls_and_times_in_utc()
    {
        var request = new ExportJobRequestBuilder
        {
            DatasetId = "ds1",
            QualifiedAfter = new DateTimeOffset(2020, 5, 1, 14, 30, 0, TimeSpan.FromHours(2)),
        };
        Assert.Equal(
            @"{""destination"":{""datasetId"":""ds1""},""schema"":{""name"":""_xdm.context.profile""},""filter"":{""segmentQualificationTime"":{""startTime"":""2020-05-01T12:30:00Z""}}}",
            request.Build().ToString(Formatting.None));
    }

    [Theory]
    [InlineData(@"{""id"": 1, ""creationTime"": ""yesterday""}")]
    [InlineData(@"{""id"": 1, ""filter"": {""fromIngestTimestamp"": ""not a time""}}")]
    [InlineData(@"{""id"": ""abc""}")]
    [InlineData(@"{""id"": 1, ""status"": ""NEW""")]
    [InlineData(@"{""id"": 1} trailing")]
    public void Malformed_job_json_is_refused_not_half_built(string json)
    {
        Assert.ThrowsAny<JsonException>(() => AepJson.ParseJob(json));
    }

    [Theory]
    [InlineData("1000", 1000L)]
    [InlineData("1000.4", 1000L)]
    [InlineData("\"1000\"", 1000L)]
    public void Epoch_milliseconds_are_read_from_numbers_and_numeric_text(string json, long milliseconds)
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), ReadTime(json, new EpochMillisecondsConverter()));
    }

    [Theory]
    [InlineData("\"2020-05-01T14:30:00+02:00\"", DateParseHandling.None)]
    [InlineData("\"2020-05-01T12:30:00Z\"", DateParseHandling.None)]
    [InlineData("\"2020-05-01T12:30:00Z\"", DateParseHandling.DateTime)]
    [InlineData("\"2020-05-01T14:30:00+02:00\"", DateParseHandling.DateTimeOffset)]
    public void Rfc3339_times_are_read_with_any_offset_and_from_a_reader_that_parses_dates(string json, DateParseHandling dates)
    {
        Assert.Equal(new DateTimeOffset(2020, 5, 1, 12, 30, 0, TimeSpan.Zero), ReadTime(json, new Rfc3339Converter(), dates));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"  \"")]
    public void Null_and_blank_text_are_no_time(string json)
    {
        Assert.Null(ReadTime(json, new EpochMillisecondsConverter()));
        Assert.Null(ReadTime(json, new Rfc3339Converter()));
    }

    [Theory]
    [InlineData("true", "epoch", "Unexpected Boolean where a time in epoch milliseconds belongs (path time).")]
    [InlineData("\"soon\"", "epoch", "'soon' is not a time in epoch milliseconds (path time).")]
    [InlineData("1", "rfc3339", "Unexpected Integer where an RFC 3339 time belongs (path time).")]
    [InlineData("\"yesterday\"", "rfc3339", "'yesterday' is not an RFC 3339 time (path time).")]
    public void A_time_that_is_not_of_the_wire_form_is_refused_with_what_it_should_be(string json, string wire, string message)
    {
        JsonConverter converter = wire == "epoch" ? new EpochMillisecondsConverter() : new Rfc3339Converter();
        var error = Assert.Throws<JsonSerializationException>(() => ReadTime(json, converter));
        Assert.Equal(message, error.Message);
    }

    private static DateTimeOffset? ReadTime(string json, JsonConverter converter, DateParseHandling dates = DateParseHandling.None) =>
        JsonConvert.DeserializeObject<Dictionary<string, DateTimeOffset?>>(@"{""time"": " + json + "}",
            new JsonSerializerSettings { DateParseHandling = dates, Converters = { converter } })["time"];

    private static void AssertRoundTrip(JToken original, JToken roundTripped)
    {
        var difference = JsonShape.FirstDifference(JsonShape.Normalize(original), JsonShape.Normalize(roundTripped));
        Assert.True(difference == null, difference);
    }
}
