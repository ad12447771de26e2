using System.Net;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator;
using Xunit;

namespace AdobeExportJobs.Tests.Emulator;

public class ValidationTests : IAsyncLifetime
{
    private EmulatorServer _server;
    private ApiClient _client;

    public async Task InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(Emulators.Fast(50));
        _client = await ApiClient.ConnectAsync(_server);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private const string Schema = "\"schema\":{\"name\":\"_xdm.context.profile\"}";
    private const string Destination = "\"destination\":{\"datasetId\":\"ds\"}";

    [Theory]
    [InlineData("{" + Schema + "}", "destination")]
    [InlineData("{\"destination\":5," + Schema + "}", "destination")]
    [InlineData("{\"destination\":{}," + Schema + "}", "destination.datasetId")]
    [InlineData("{\"destination\":{\"datasetId\":\"\"}," + Schema + "}", "destination.datasetId")]
    [InlineData("{\"destination\":{\"datasetId\":\"../etc\"}," + Schema + "}", "destination.datasetId")]
    [InlineData("{\"destination\":{\"datasetId\":\"ds\\n\"}," + Schema + "}", "destination.datasetId")]
    [InlineData("{\"destination\":{\"datasetId\":\"ds\\r\\n\"}," + Schema + "}", "destination.datasetId")]
    [InlineData("{\"destination\":{\"datasetId\":\"\\nds\"}," + Schema + "}", "destination.datasetId")]
    [InlineData("{\"destination\":{\"datasetId\":\"ds\",\"segmentPerBatch\":\"yes\"}," + Schema + "}", "destination.segmentPerBatch")]
    [InlineData("{" + Destination + "}", "schema.name")]
    [InlineData("{" + Destination + ",\"schema\":{}}", "schema.name")]
    [InlineData("{" + Destination + "," + Schema + ",\"fields\":7}", "fields")]
    [InlineData("{" + Destination + "," + Schema + ",\"filter\":{\"segments\":[{\"segmentNs\":\"ups\"}]}}", "filter.segments[0].segmentId")]
    [InlineData("{" + Destination + "," + Schema + ",\"filter\":{\"segments\":[{\"segmentId\":\"s\",\"status\":[\"realized\",\"gone\"]}]}}", "filter.segments[0].status")]
    [InlineData("{" + Destination + "," + Schema + ",\"filter\":{\"segments\":{}}}", "filter.segments")]
    [InlineData("{" + Destination + "," + Schema + ",\"filter\":{\"segmentQualificationTime\":{\"startTime\":\"2018-01-01\"}}}", "filter.segmentQualificationTime.startTime")]
    [InlineData("{" + Destination + "," + Schema + ",\"filter\":{\"segmentQualificationTime\":{\"endTime\":\"yesterday\"}}}", "filter.segmentQualificationTime.endTime")]
    [InlineData("{" + Destination + "," + Schema + ",\"filter\":{\"fromIngestTimestamp\":\"2018-13-01T00:00:00Z\"}}", "filter.fromIngestTimestamp")]
    [InlineData("{" + Destination + "," + Schema + ",\"filter\":{\"fromIngestTimestamp\":\"2018-01-01T00:00:00Z\\n\"}}", "filter.fromIngestTimestamp")]
    [InlineData("{" + Destination + "," + Schema + ",\"filter\":{\"emptyProfiles\":\"true\"}}", "filter.emptyProfiles")]
    [InlineData("{" + Destination + "," + Schema + ",\"additionalFields\":{\"eventList\":{\"filter\":{\"fromIngestTimestamp\":\"01/01/2018\"}}}}", "additionalFields.eventList.filter.fromIngestTimestamp")]
    [InlineData("{" + Destination + "," + Schema + ",\"additionalFields\":{\"eventList\":{\"filter\":{\"toIngestTimestamp\":\"2020-01-01T00:00:00\"}}}}", "additionalFields.eventList.filter.toIngestTimestamp")]
    [InlineData("{" + Destination + "," + Schema + ",\"mergePolicy\":{\"id\":\"no-such-policy\"}}", "mergePolicy.id")]
    [InlineData("{" + Destination + "," + Schema + ",\"mergePolicy\":{\"id\":\"timestampOrdered-none-mp\",\"version\":\"one\"}}", "mergePolicy.version")]
    [InlineData("{\"destination\":{\"datasetId\":\"ds\"", "body")]
    [InlineData("[1,2]", "body")]
    [InlineData("", "body")]
    public async Task Create_answers_400_naming_the_offending_field_and_creates_nothing(string body, string field)
    {
        var (status, answer, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, body);
        Emulators.AssertServiceError(status, answer, 400, field);
        Assert.Equal(0, _server.Statistics.JobsCreated);
        Assert.Equal(0, _server.JobCount);
    }

    [Fact]
    public async Task The_seed_documents_create_body_is_accepted()
    {
        const string seedBody = """
            {
                "fields": "identities.id,personalEmail.address",
                "mergePolicy": { "id": "timestampOrdered-none-mp", "version": 1 },
                "filter": {
                    "segments": [ { "segmentId": "52c26d0d-45f2-47a2-ab30-ed06abc981ff", "segmentNs": "ups", "status": [ "realized" ] } ],
                    "segmentQualificationTime": { "startTime": "2018-01-01T00:00:00Z", "endTime": "2018-02-01T00:00:00Z" },
                    "fromIngestTimestamp": "2018-01-01T00:00:00Z",
                    "emptyProfiles": true
                },
                "additionalFields": {
                    "eventList": { "fields": "string", "filter": { "fromIngestTimestamp": "2018-01-01T00:00:00Z", "toIngestTimestamp": "2020-01-01T00:00:00Z" } }
                },
                "destination": { "datasetId": "5b7c86968f7b6501e21ba9df", "segmentPerBatch": false },
                "schema": { "name": "_xdm.context.profile" }
            }
            """;
        var (status, job, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, seedBody);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2018-02-01T00:00:00Z", (string)job["filter"]["segmentQualificationTime"]["endTime"]);
        Assert.Equal("2020-01-01T00:00:00Z", (string)job["additionalFields"]["eventList"]["filter"]["toIngestTimestamp"]);
        Assert.True((bool)job["filter"]["emptyProfiles"]);
    }

    [Theory]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=2.5", "limit")]
    [InlineData("status=DONE", "status")]
    [InlineData("offset=yesterday", "offset")]
    [InlineData("offset=123", "offset")]
    [InlineData("offset=1538573416687_722%0A", "offset")]
    [InlineData("limit=2%0A", "limit")]
    public async Task List_answers_400_naming_the_bad_query_parameter(string query, string field)
    {
        var (status, answer, _) = await _client.SendAsync(HttpMethod.Get, $"{ApiClient.JobsPath}?{query}");
        Emulators.AssertServiceError(status, answer, 400, field);
    }

    [Theory]
    [InlineData("NEW")]
    [InlineData("succeeded")]
    [InlineData("FAILED")]
    [InlineData("PROCESSING")]
    [InlineData("CANCELLED")]
    public async Task List_accepts_every_status_filter(string status)
    {
        var (code, _, _) = await _client.SendAsync(HttpMethod.Get, $"{ApiClient.JobsPath}?status={status}");
        Assert.Equal(HttpStatusCode.OK, code);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task A_job_id_that_is_not_an_integer_answers_400(string method)
    {
        var (status, answer, _) = await _client.SendAsync(new HttpMethod(method), $"{ApiClient.JobsPath}/abc");
        Emulators.AssertServiceError(status, answer, 400, "id");
        var (newline, newlineAnswer, _) = await _client.SendAsync(new HttpMethod(method), $"{ApiClient.JobsPath}/1%0A");
        Emulators.AssertServiceError(newline, newlineAnswer, 400, "id");
    }

    [Fact]
    public async Task Lists_hold_at_most_1000_entries_and_a_longer_one_is_refused_before_it_is_built()
    {
        string Fields(int count) => string.Join(",", Enumerable.Range(0, count).Select(i => $"f{i}"));
        JsonArray Segments(int count) => new(Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["segmentId"] = $"s{i}" }).ToArray());
        _server.Options.MinJobDuration = _server.Options.MaxJobDuration = TimeSpan.FromMinutes(10);

        var most = Bodies.Minimal();
        most["fields"] = Fields(1000);
        most["filter"] = new JsonObject { ["segments"] = Segments(1000) };
        most["additionalFields"] = new JsonObject { ["eventList"] = new JsonObject { ["fields"] = Fields(1000) } };
        var (accepted, job, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, most.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, accepted);
        Assert.Equal(1000, job["filter"]["segments"]!.AsArray().Count);

        var tooManyFields = Bodies.Minimal();
        tooManyFields["fields"] = Fields(1001);
        var (status, answer, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, tooManyFields.ToJsonString());
        Emulators.AssertServiceError(status, answer, 400, "at most 1000");
        Assert.Equal("fields", (string)answer["field"]);

        var tooManyEventFields = Bodies.Minimal();
        tooManyEventFields["additionalFields"] = new JsonObject { ["eventList"] = new JsonObject { ["fields"] = Fields(1001) } };
        (status, answer, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, tooManyEventFields.ToJsonString());
        Emulators.AssertServiceError(status, answer, 400, "at most 1000");
        Assert.Equal("additionalFields.eventList.fields", (string)answer["field"]);

        var tooManySegments = Bodies.Minimal();
        tooManySegments["filter"] = new JsonObject { ["segments"] = Segments(1001) };
        (status, answer, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, tooManySegments.ToJsonString());
        Emulators.AssertServiceError(status, answer, 400, "at most 1000");
        Assert.Equal("filter.segments", (string)answer["field"]);
        Assert.Equal(1, _server.JobCount);
    }

    [Fact]
    public async Task A_dataset_id_with_a_trailing_newline_is_refused_and_no_folder_gets_one()
    {
        // .NET's $ matches before a final newline; the id must be checked to its whole length.
        var (status, answer, _) = await _client.SendAsync(HttpMethod.Post, ApiClient.JobsPath, Bodies.Minimal("x\n").ToJsonString());
        Emulators.AssertServiceError(status, answer, 400, "destination.datasetId");
        var job = await _client.CreateAndFinishAsync(Bodies.Minimal("x"));
        Assert.Equal("SUCCEEDED", (string)job["status"]);
        Assert.Equal(new[] { "x" }, Directory.GetDirectories(_server.DatasetRoot).Select(Path.GetFileName).Where(n => !n.StartsWith('.')));
    }
}
