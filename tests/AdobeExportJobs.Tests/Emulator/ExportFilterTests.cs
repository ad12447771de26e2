using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator;
using AdobeExportJobs.Emulator.Profiles;
using Xunit;

namespace AdobeExportJobs.Tests.Emulator;

/// <summary>One emulator with a mid-sized store, shared by the filter tests (each uses its own dataset id).</summary>
public sealed class FilterEmulator : IAsyncLifetime
{
    public EmulatorServer Server { get; private set; }
    internal ApiClient Client { get; private set; }

    public async Task InitializeAsync()
    {
        Server = await EmulatorServer.StartAsync(Emulators.Fast(1500));
        Client = await ApiClient.ConnectAsync(Server);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>
/// Each filter of the create body, checked against a count made here, independently, over the generated store.
/// </summary>
public class ExportFilterTests(FilterEmulator emulator) : IClassFixture<FilterEmulator>
{
    private ProfileStore Store => emulator.Server.Profiles;

    private async Task<(JsonObject Job, List<JsonObject> Lines)> ExportAsync(JsonObject body)
    {
        var job = await emulator.Client.CreateAndFinishAsync(body);
        Assert.Equal("SUCCEEDED", (string)job["status"]);
        return (job, ExportFiles.ReadJob(emulator.Server, job));
    }

    private static void AssertSameProfiles(IEnumerable<SyntheticProfile> expected, IEnumerable<JsonObject> lines)
    {
        var expectedIds = expected.Select(p => p.Id).OrderBy(x => x, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expectedIds); // a filter that selects nothing proves nothing
        Assert.Equal(expectedIds, lines.Select(l => (string)l["_id"]).OrderBy(x => x, StringComparer.Ordinal));
    }

    private static void AssertCounters(JsonObject job, IReadOnlyCollection<SyntheticProfile> expected)
    {
        var metrics = job["metrics"]!;
        Assert.Equal(expected.Count, (long)metrics["totalExportedProfileCounter"]);
        var byNamespace = expected.GroupBy(p => p.Identities.Single(i => i.Primary).Namespace).ToDictionary(g => g.Key, g => (long)g.Count());
        var reported = metrics["exportedProfileByNamespaceCounter"]!.AsObject().ToDictionary(p => p.Key, p => (long)p.Value);
        Assert.Equal(byNamespace.OrderBy(p => p.Key), reported.OrderBy(p => p.Key));
    }

    private static DateTimeOffset UpdateTime(SyntheticProfile p) =>
        p.Records.Count > 0 ? p.Records.Max(r => r.IngestTime) : p.Events.Max(e => e.IngestTime);

    [Fact]
    public async Task Without_a_filter_every_profile_with_profile_records_is_exported()
    {
        var (job, lines) = await ExportAsync(Bodies.Minimal("all-profiles"));
        var expected = Store.Profiles.Where(p => p.Records.Count > 0).ToList();
        AssertSameProfiles(expected, lines);
        AssertCounters(job, expected);
        Assert.True(Store.Profiles.Count > expected.Count, "the store should hold profiles with events only");
    }

    [Fact]
    public async Task EmptyProfiles_true_adds_the_profiles_that_have_only_events()
    {
        var (job, lines) = await ExportAsync(Bodies.Minimal("with-empty").WithFilter("emptyProfiles", true));
        AssertSameProfiles(Store.Profiles, lines);
        AssertCounters(job, Store.Profiles.ToList());
        var (_, withoutLines) = await ExportAsync(Bodies.Minimal("without-empty").WithFilter("emptyProfiles", false));
        AssertSameProfiles(Store.Profiles.Where(p => p.Records.Count > 0), withoutLines);
    }

    [Fact]
    public async Task A_segment_with_default_status_exports_its_realized_and_existing_members()
    {
        var segment = Store.Segments[2];
        var (job, lines) = await ExportAsync(Bodies.Minimal("segment-default").WithSegment(segment.Id, segment.Namespace));
        var expected = Store.Profiles.Where(p => p.Records.Count > 0 && p.Memberships.Any(m =>
            m.SegmentId == segment.Id && m.SegmentNs == segment.Namespace && (m.Status == "realized" || m.Status == "existing"))).ToList();
        AssertSameProfiles(expected, lines);
        AssertCounters(job, expected);
    }

    [Fact]
    public async Task A_segment_status_filter_of_exited_exports_only_profiles_that_left()
    {
        var segment = Store.Segments[4];
        var (job, lines) = await ExportAsync(Bodies.Minimal("segment-exited").WithSegment(segment.Id, segment.Namespace, "exited"));
        var expected = Store.Profiles.Where(p => p.Records.Count > 0
            && p.Memberships.Any(m => m.SegmentId == segment.Id && m.Status == "exited")).ToList();
        AssertSameProfiles(expected, lines);
        AssertCounters(job, expected);
        Assert.All(lines, l => Assert.Equal("exited", (string)l["segmentMembership"][segment.Namespace][segment.Id]["status"]));
    }

    [Fact]
    public async Task The_segment_namespace_narrows_the_match_and_leaving_it_out_matches_any()
    {
        var (_, upsOnly) = await ExportAsync(Bodies.Minimal("seed-ups").WithSegment(ProfileIds.SeedSegment, "ups", "realized"));
        var (_, anyNs) = await ExportAsync(Bodies.Minimal("seed-any").WithSegment(ProfileIds.SeedSegment, null, "realized"));
        AssertSameProfiles(Store.Profiles.Where(p => p.Records.Count > 0
            && p.Memberships.Any(m => m.SegmentId == ProfileIds.SeedSegment && m.SegmentNs == "ups" && m.Status == "realized")), upsOnly);
        AssertSameProfiles(Store.Profiles.Where(p => p.Records.Count > 0
            && p.Memberships.Any(m => m.SegmentId == ProfileIds.SeedSegment && m.Status == "realized")), anyNs);
        Assert.True(anyNs.Count > upsOnly.Count);
    }

    [Fact]
    public async Task Several_segments_in_one_batch_export_the_union_once()
    {
        var a = Store.Segments[2];
        var b = Store.Segments[5];
        var (job, lines) = await ExportAsync(Bodies.Minimal("union").WithSegment(a.Id, a.Namespace).WithSegment(b.Id, b.Namespace));
        var expected = Store.Profiles.Where(p => p.Records.Count > 0 && p.Memberships.Any(m =>
            (m.SegmentId == a.Id || m.SegmentId == b.Id) && m.Status != "exited")).ToList();
        AssertSameProfiles(expected, lines);
        AssertCounters(job, expected);
    }

    [Fact]
    public async Task SegmentQualificationTime_keeps_members_that_qualified_inside_the_window()
    {
        var segment = Store.Segments[6];
        var start = new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var end = new DateTimeOffset(2019, 12, 31, 23, 59, 59, TimeSpan.Zero);
        var body = Bodies.Minimal("qualification").WithSegment(segment.Id, segment.Namespace, "realized", "existing", "exited")
            .WithFilter("segmentQualificationTime", new JsonObject { ["startTime"] = "2019-01-01T00:00:00Z", ["endTime"] = "2019-12-31T23:59:59Z" });
        var (job, lines) = await ExportAsync(body);
        var expected = Store.Profiles.Where(p => p.Records.Count > 0 && p.Memberships.Any(m =>
            m.SegmentId == segment.Id && m.QualificationTime >= start && m.QualificationTime <= end)).ToList();
        AssertSameProfiles(expected, lines);
        AssertCounters(job, expected);

        var (_, onlyStart) = await ExportAsync(Bodies.Minimal("qualification-start").WithSegment(segment.Id, null, "realized", "existing", "exited")
            .WithFilter("segmentQualificationTime", new JsonObject { ["startTime"] = "2020-06-01T00:00:00+02:00" }));
        var startOnly = new DateTimeOffset(2020, 6, 1, 0, 0, 0, TimeSpan.FromHours(2));
        AssertSameProfiles(Store.Profiles.Where(p => p.Records.Count > 0 && p.Memberships.Any(m =>
            m.SegmentId == segment.Id && m.QualificationTime >= startOnly)), onlyStart);
    }

    [Fact]
    public async Task FromIngestTimestamp_keeps_profiles_updated_after_it()
    {
        var (job, lines) = await ExportAsync(Bodies.Minimal("from-ingest")
            .WithFilter("fromIngestTimestamp", "2020-03-15T12:00:00Z").WithFilter("emptyProfiles", true));
        var from = new DateTimeOffset(2020, 3, 15, 12, 0, 0, TimeSpan.Zero);
        var expected = Store.Profiles.Where(p => UpdateTime(p) > from).ToList();
        AssertSameProfiles(expected, lines);
        AssertCounters(job, expected);
        Assert.True(expected.Count < Store.Profiles.Count);
    }

    [Fact]
    public async Task Fields_projects_each_exported_profile_onto_the_listed_paths()
    {
        var body = Bodies.Minimal("projection");
        body["fields"] = "identities.id, personalEmail.address";
        var (_, lines) = await ExportAsync(body);
        var byId = Store.Profiles.Where(p => p.Records.Count > 0).ToList();
        Assert.Equal(byId.Count, lines.Count);
        // Without _id in the projection, identify each line by its identity values.
        var expectedLines = byId.Select(p =>
        {
            var line = new JsonObject { ["identities"] = new JsonArray(p.Identities.Select(i => (JsonNode)new JsonObject { ["id"] = i.Id }).ToArray()) };
            var email = p.Records.Select(r => r.Attributes.GetValueOrDefault("personalEmail.address")).FirstOrDefault(v => v != null);
            if (email != null) line["personalEmail"] = new JsonObject { ["address"] = (string)email };
            return line.ToJsonString();
        }).OrderBy(x => x, StringComparer.Ordinal);
        Assert.Equal(expectedLines, lines.Select(l => l.ToJsonString()).OrderBy(x => x, StringComparer.Ordinal));
        Assert.Contains(lines, l => l["personalEmail"] != null);
    }

    [Fact]
    public async Task EventList_exports_the_events_ingested_inside_its_window_with_its_fields()
    {
        var segment = Store.Segments[7];
        var body = Bodies.Minimal("events").WithSegment(segment.Id, segment.Namespace);
        body["fields"] = "_id";
        body["additionalFields"] = new JsonObject
        {
            ["eventList"] = new JsonObject
            {
                ["fields"] = "_id,eventType",
                ["filter"] = new JsonObject { ["fromIngestTimestamp"] = "2019-01-01T00:00:00Z", ["toIngestTimestamp"] = "2020-07-01T00:00:00Z" },
            },
        };
        var (_, lines) = await ExportAsync(body);
        var from = new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2020, 7, 1, 0, 0, 0, TimeSpan.Zero);
        var profiles = Store.Profiles.ToDictionary(p => p.Id);
        int totalEvents = 0;
        foreach (var line in lines)
        {
            Assert.Equal(new[] { "_id", "timeSeriesEvents" }, line.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
            var expected = profiles[(string)line["_id"]].Events.Where(e => e.IngestTime > from && e.IngestTime < to)
                .Select(e => $"{e.Id}|{e.EventType}").OrderBy(x => x, StringComparer.Ordinal).ToList();
            var events = line["timeSeriesEvents"]!.AsArray();
            Assert.All(events, e => Assert.Equal(new[] { "_id", "eventType" }, e!.AsObject().Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal)));
            Assert.Equal(expected, events.Select(e => $"{(string)e["_id"]}|{(string)e["eventType"]}").OrderBy(x => x, StringComparer.Ordinal));
            totalEvents += events.Count;
        }
        Assert.True(totalEvents > 0);
    }

    [Fact]
    public async Task Without_an_eventList_no_events_are_exported_and_filter_fromIngestTimestamp_also_limits_events()
    {
        var (_, plain) = await ExportAsync(Bodies.Minimal("no-events"));
        Assert.All(plain, l => Assert.Null(l["timeSeriesEvents"]));

        var body = Bodies.Minimal("events-from").WithFilter("fromIngestTimestamp", "2020-06-01T00:00:00Z");
        body["additionalFields"] = new JsonObject { ["eventList"] = new JsonObject { ["fields"] = "" } };
        var (_, lines) = await ExportAsync(body);
        var from = new DateTimeOffset(2020, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var profiles = Store.Profiles.ToDictionary(p => p.Id);
        Assert.All(lines, line =>
        {
            var expected = profiles[(string)line["_id"]].Events.Where(e => e.IngestTime > from).Select(e => e.Id).OrderBy(x => x, StringComparer.Ordinal);
            Assert.Equal(expected, line["timeSeriesEvents"]!.AsArray().Select(e => (string)e["_id"]).OrderBy(x => x, StringComparer.Ordinal));
        });
        Assert.Contains(lines, l => l["timeSeriesEvents"]!.AsArray().Any(e => e["eventType"] != null && e["timestamp"] != null));
    }

    [Fact]
    public async Task The_merge_policy_decides_which_fragment_wins()
    {
        var timestampBody = Bodies.Minimal("merge-timestamp");
        timestampBody["mergePolicy"] = new JsonObject { ["id"] = "timestampOrdered-none-mp", ["version"] = 1 };
        var precedenceBody = Bodies.Minimal("merge-precedence");
        precedenceBody["mergePolicy"] = new JsonObject { ["id"] = "dataSetPrecedence-none-mp", ["version"] = 1 };
        var (_, byTime) = await ExportAsync(timestampBody);
        var (_, byPrecedence) = await ExportAsync(precedenceBody);

        string[] precedence = { "crm-profiles", "loyalty-profiles", "web-profiles" };
        var profiles = Store.Profiles.ToDictionary(p => p.Id);
        string Expected(SyntheticProfile p, bool byDataset) => (string)(byDataset
            ? p.Records.OrderBy(r => Array.IndexOf(precedence, r.DatasetId)).ThenByDescending(r => r.IngestTime).First()
            : p.Records.OrderByDescending(r => r.IngestTime).First()).Attributes["person.name.firstName"];

        Assert.All(byTime, l => Assert.Equal(Expected(profiles[(string)l["_id"]], false), (string)l["person"]["name"]["firstName"]));
        Assert.All(byPrecedence, l => Assert.Equal(Expected(profiles[(string)l["_id"]], true), (string)l["person"]["name"]["firstName"]));
        var differing = byTime.Join(byPrecedence, l => (string)l["_id"], l => (string)l["_id"],
            (a, b) => (string)a["person"]["name"]["firstName"] != (string)b["person"]["name"]["firstName"]).Count(x => x);
        Assert.True(differing > 0, "the two policies should disagree for some multi-fragment profiles");
    }

    [Fact]
    public async Task The_generated_store_is_deterministic_and_covers_every_kind_of_data()
    {
        var again = ProfileStore.Generate(Store.Profiles.Count, Store.Seed);
        Assert.Equal(Store.Profiles.Select(p => p.Id + string.Join(",", p.Identities.Select(i => i.Id)) + p.Memberships.Count),
            again.Profiles.Select(p => p.Id + string.Join(",", p.Identities.Select(i => i.Id)) + p.Memberships.Count));
        var other = ProfileStore.Generate(Store.Profiles.Count, Store.Seed + 1);
        Assert.NotEqual(Store.Profiles.Select(p => p.Identities[0].Id), other.Profiles.Select(p => p.Identities[0].Id));

        Assert.Equal(new[] { "CRMID", "ECID", "Email", "Phone" }, Store.Profiles.SelectMany(p => p.Identities).Select(i => i.Namespace).Distinct().OrderBy(x => x));
        Assert.Equal(new[] { "AAM", "AdCloud", "ups" }, Store.Profiles.SelectMany(p => p.Memberships).Select(m => m.SegmentNs).Distinct().OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal(new[] { "existing", "exited", "realized" }, Store.Profiles.SelectMany(p => p.Memberships).Select(m => m.Status).Distinct().OrderBy(x => x));
        Assert.Contains(Store.Profiles, p => p.HasOnlyEvents);
        Assert.Contains(Store.Profiles, p => p.Records.Count > 1);
        Assert.True(Store.MergePolicies.Count >= 2);
        Assert.All(Store.Profiles, p => Assert.Single(p.Identities, i => i.Primary));
        Assert.Equal(1500, emulator.Server.Profiles.Profiles.Count);
    }
}
