using AdobeExportJobs.Requests;
using AdobeExportJobs.Model;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AdobeExportJobs.Tests.Lifecycle;

/// <summary>The create body New-ExportJob builds, without the engine.</summary>
public class RequestBuilderTests
{
    [Fact]
    public void The_minimal_body_has_the_dataset_and_the_default_schema_only()
    {
        var body = new ExportJobRequestBuilder { DatasetId = " ds1 " }.Build();
        Assert.Equal("{\"destination\":{\"datasetId\":\"ds1\"},\"schema\":{\"name\":\"_xdm.context.profile\"}}", body.ToString(Newtonsoft.Json.Formatting.None));
    }

    [Fact]
    public void Every_field_lands_at_its_place_in_the_body_with_UTC_times()
    {
        var plus2 = TimeSpan.FromHours(2);
        var body = new ExportJobRequestBuilder
        {
            DatasetId = "ds",
            SchemaName = "_xdm.custom",
            Field = new[] { "a", " b.c ", "d,e" },
            MergePolicyId = "mp",
            MergePolicyVersion = 3,
            SegmentId = new[] { "s1" },
            SegmentNamespace = "AAM",
            SegmentStatus = new[] { "EXITED" },
            Segment = new object[] { "s2", new System.Collections.Hashtable { ["Id"] = "s3", ["Namespace"] = "ups", ["Status"] = new[] { "realized", "existing" } } },
            QualifiedAfter = new DateTimeOffset(2019, 1, 1, 2, 0, 0, plus2),
            QualifiedBefore = new DateTimeOffset(2019, 2, 1, 0, 0, 0, 500, TimeSpan.Zero),
            IngestedAfter = new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero),
            IncludeEmptyProfiles = false,
            EventField = new[] { "eventType" },
            EventIngestedAfter = new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero),
            EventIngestedBefore = new DateTimeOffset(2018, 1, 2, 0, 0, 0, TimeSpan.Zero),
            SegmentPerBatch = true,
        }.Build();
        var expected = AepJson.ParseToken(@"{
            'destination': { 'datasetId': 'ds', 'segmentPerBatch': true },
            'schema': { 'name': '_xdm.custom' },
            'fields': 'a,b.c,d,e',
            'mergePolicy': { 'id': 'mp', 'version': 3 },
            'filter': {
                'segments': [
                    { 'segmentId': 's1', 'segmentNs': 'AAM', 'status': ['exited'] },
                    { 'segmentId': 's2', 'segmentNs': 'AAM', 'status': ['exited'] },
                    { 'segmentId': 's3', 'segmentNs': 'ups', 'status': ['realized', 'existing'] } ],
                'segmentQualificationTime': { 'startTime': '2019-01-01T00:00:00Z', 'endTime': '2019-02-01T00:00:00.5Z' },
                'fromIngestTimestamp': '2018-01-01T00:00:00Z',
                'emptyProfiles': false },
            'additionalFields': { 'eventList': { 'fields': 'eventType',
                'filter': { 'fromIngestTimestamp': '2018-01-01T00:00:00Z', 'toIngestTimestamp': '2018-01-02T00:00:00Z' } } }
        }");
        Assert.True(JToken.DeepEquals(expected, body), body.ToString());
    }

    [Fact]
    public void Parameters_replace_fields_of_the_raw_body_and_keep_the_rest()
    {
        var raw = JObject.Parse("{'destination':{'dataSetId':'old','x':1},'schema':{'name':'s'},'unknownTopLevel':{'kept':true},'filter':{'emptyProfiles':true}}");
        var body = new ExportJobRequestBuilder { BaseBody = raw, DatasetId = "new", SegmentId = new[] { "seg" } }.Build();
        Assert.Equal("new", (string)body["destination"]!["datasetId"]);
        Assert.Null(body["destination"]!["dataSetId"]);
        Assert.Equal(1, (int)body["destination"]!["x"]!);
        Assert.True((bool)body["unknownTopLevel"]!["kept"]!);
        Assert.True((bool)body["filter"]!["emptyProfiles"]!);
        Assert.Equal("s", (string)body["schema"]!["name"]);
        Assert.Equal("seg", (string)body["filter"]!["segments"]![0]!["segmentId"]);
        Assert.Equal("old", (string)raw["destination"]!["dataSetId"]); // the caller's object is not changed
    }

    [Theory]
    [InlineData("{'destination':{'datasetId':'d'},'schema':{'name':'s'},'filter':{'segments':[{'segmentId':'x','status':[]}]}}", "InvalidSegmentStatus")]
    [InlineData("{'destination':{'datasetId':'d'},'schema':{'name':'s'},'filter':{'segments':{'segmentId':'x'}}}", "InvalidBodyValue")]
    [InlineData("{'destination':{'datasetId':'d'},'schema':{'name':' '}}", "MissingSchemaName")]
    [InlineData("{'destination':'d','schema':{'name':'s'}}", "InvalidBodyValue")]
    [InlineData("{'destination':{'datasetId':'d'},'schema':{'name':'s'},'mergePolicy':{'id':'m','version':0}}", "InvalidMergePolicyVersion")]
    [InlineData("{'destination':{'datasetId':'d','segmentPerBatch':'yes'},'schema':{'name':'s'}}", "InvalidBodyValue")]
    [InlineData("{'destination':{'datasetId':'d'},'schema':{'name':'s'},'additionalFields':{'eventList':{'filter':{'toIngestTimestamp':'1960-01-01T00:00:00Z'}}}}", "TimeOutOfRange")]
    public void Raw_bodies_are_checked_too(string json, string errorId)
    {
        var error = Assert.Throws<ExportJobRequestException>(() => new ExportJobRequestBuilder { BaseBody = JObject.Parse(json) }.Build());
        Assert.Equal(errorId, error.ErrorId);
        Assert.Contains("Valid", error.Message);
    }
}
