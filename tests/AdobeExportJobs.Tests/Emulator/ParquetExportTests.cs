using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator;
using AdobeExportJobs.Emulator.Profiles;
using Parquet;
using Parquet.Schema;
using Xunit;

namespace AdobeExportJobs.Tests.Emulator;

/// <summary>
/// What a job writes: Parquet files (read back here with Parquet.Net) whose columns follow the export's projection and
/// whose rows are the selected profiles, split into parts of at most ParquetRowsPerFile rows, one file set per batch.
/// The filters themselves are checked row by row against the store in <see cref="ExportFilterTests"/>.
/// </summary>
public class ParquetExportTests
{
    private const int RowsPerFile = 70;

    private static EmulatorOptions Options(int profileCount = 400)
    {
        var options = Emulators.Fast(profileCount);
        options.ParquetRowsPerFile = RowsPerFile;
        return options;
    }

    private static async Task<ParquetSchema> SchemaOfAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        return reader.Schema;
    }

    private static async Task<List<long>> RowGroupRowsAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        return Enumerable.Range(0, reader.RowGroupCount).Select(i => reader.OpenRowGroupReader(i).RowCount).ToList();
    }

    [Fact]
    public async Task A_large_batch_is_split_into_parts_of_at_most_the_set_row_count_and_all_rows_add_up_to_the_metrics()
    {
        await using var server = await EmulatorServer.StartAsync(Options());
        using var client = await ApiClient.ConnectAsync(server);
        var job = await client.CreateAndFinishAsync(Bodies.Minimal("split"));
        Assert.Equal("SUCCEEDED", (string)job["status"]);

        var expected = server.Profiles.Profiles.Where(p => !p.HasOnlyEvents).Select(p => p.Id).Order(StringComparer.Ordinal).ToList();
        var parts = ExportFiles.PartFiles(server, "split", (string)job["destination"]["batchId"]);
        Assert.Equal((expected.Count + RowsPerFile - 1) / RowsPerFile, parts.Count);
        Assert.True(parts.Count >= 3, "the store should give a batch of several parts");
        var rowsPerPart = new List<long>();
        foreach (var part in parts) rowsPerPart.Add((await RowGroupRowsAsync(part)).Sum());
        Assert.All(rowsPerPart.SkipLast(1), rows => Assert.Equal(RowsPerFile, rows));
        Assert.InRange(rowsPerPart[^1], 1, RowsPerFile);
        Assert.Equal(expected.Count, rowsPerPart.Sum());
        Assert.Equal(expected.Count, (long)job["metrics"]["totalExportedProfileCounter"]);
        Assert.Equal(expected, ExportFiles.ReadJob(server, job).Select(r => (string)r["_id"]).Order(StringComparer.Ordinal));
        // Named the way Spark names its output, numbered from 0 without gaps.
        Assert.Equal(parts.Select((_, i) => $"part-{i:D5}-{(string)job["destination"]["batchId"]}-c000.snappy.parquet"), parts.Select(Path.GetFileName));
    }

    [Fact]
    public async Task Each_segment_gets_its_own_file_set_and_the_parts_of_all_batches_sum_to_the_total()
    {
        await using var server = await EmulatorServer.StartAsync(Options());
        using var client = await ApiClient.ConnectAsync(server);
        var segments = new[] { server.Profiles.Segments[0], server.Profiles.Segments[3], server.Profiles.Segments[6] };
        var body = Bodies.Minimal("per-segment");
        foreach (var segment in segments) body.WithSegment(segment.Id, segment.Namespace);
        body["destination"]["segmentPerBatch"] = true;
        var job = await client.CreateAndFinishAsync(body);

        var batches = job["destination"]["batches"]!.AsArray();
        Assert.Equal(segments.Length, batches.Count);
        long total = 0;
        foreach (var (segment, batch) in segments.Zip(batches))
        {
            var batchId = (string)batch!["batchId"];
            var expected = server.Profiles.Profiles.Where(p => !p.HasOnlyEvents && p.Memberships.Any(m =>
                m.SegmentId == segment.Id && m.SegmentNs == segment.Namespace && m.Status is "realized" or "existing")).Select(p => p.Id).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal((expected.Count + RowsPerFile - 1) / RowsPerFile, ExportFiles.PartFiles(server, "per-segment", batchId).Count);
            Assert.Equal(expected.Order(StringComparer.Ordinal), ExportFiles.ReadIds(server, "per-segment", batchId).Order(StringComparer.Ordinal));
            total += expected.Count;
        }
        Assert.Contains(batches, b => ExportFiles.PartFiles(server, "per-segment", (string)b!["batchId"]).Count > 1);
        Assert.Equal(total, (long)job["metrics"]["totalExportedProfileCounter"]);
        Assert.Equal(total, job["metrics"]["exportedProfileByNamespaceCounter"]!.AsObject().Sum(p => (long)p.Value));
    }

    [Fact]
    public async Task The_columns_are_the_XDM_document_as_structs_and_lists_with_typed_leaves()
    {
        await using var server = await EmulatorServer.StartAsync(Options(120));
        using var client = await ApiClient.ConnectAsync(server);
        var job = await client.CreateAndFinishAsync(Bodies.Minimal("full"));
        var schema = await SchemaOfAsync(ExportFiles.PartFiles(server, "full", (string)job["destination"]["batchId"])[0]);

        Assert.Equal(new[] { "_id", "identities", "person", "personalEmail", "mobilePhone", "homeAddress", "loyalty", "segmentMembership" },
            schema.Fields.Select(f => f.Name));
        var identities = Assert.IsType<ListField>(schema.Fields[1]);
        var identity = Assert.IsType<StructField>(identities.Item);
        Assert.Equal(new[] { "id", "namespace", "primary" }, identity.Fields.Select(f => f.Name));
        Assert.Equal(typeof(bool), ((DataField)identity.Fields[2]).ClrType);
        var loyalty = Assert.IsType<StructField>(schema.Fields[6]);
        Assert.Equal(typeof(long), ((DataField)loyalty.Fields.Single(f => f.Name == "points")).ClrType);
        // segmentMembership: a struct per namespace holding a struct per segment of the store.
        var membership = Assert.IsType<StructField>(schema.Fields[7]);
        Assert.Equal(server.Profiles.Segments.Select(s => s.Namespace).Distinct(), membership.Fields.Select(f => f.Name));
        foreach (var ns in membership.Fields.Cast<StructField>())
        {
            Assert.Equal(server.Profiles.Segments.Where(s => s.Namespace == ns.Name).Select(s => s.Id), ns.Fields.Select(f => f.Name));
            var segment = Assert.IsType<StructField>(ns.Fields[0]);
            Assert.Equal(typeof(DateTime), ((DataField)segment.Fields.Single(f => f.Name == "lastQualificationTime")).ClrType);
        }

        // Every row holds its profile's identities and memberships as the store has them.
        var profiles = server.Profiles.Profiles.ToDictionary(p => p.Id);
        var rows = ExportFiles.ReadJob(server, job);
        Assert.Equal(profiles.Values.Count(p => !p.HasOnlyEvents), rows.Count);
        foreach (var row in rows)
        {
            var profile = profiles[(string)row["_id"]];
            Assert.Equal(profile.Identities.Select(i => $"{i.Namespace}:{i.Id}:{i.Primary}"),
                row["identities"]!.AsArray().Select(i => $"{(string)i!["namespace"]!["code"]}:{(string)i["id"]}:{(bool)i["primary"]}"));
            var expectedMemberships = profile.Memberships.Select(m => $"{m.SegmentNs}/{m.SegmentId}/{m.Status}/{m.QualificationTime.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}").Order();
            var actualMemberships = (row["segmentMembership"]?.AsObject() ?? new JsonObject()).SelectMany(ns => ns.Value!.AsObject()
                .Select(s => $"{ns.Key}/{s.Key}/{(string)s.Value!["status"]}/{(string)s.Value["lastQualificationTime"]}")).Order();
            Assert.Equal(expectedMemberships, actualMemberships);
        }
    }

    [Fact]
    public async Task The_columns_follow_the_fields_projection_and_the_event_list()
    {
        await using var server = await EmulatorServer.StartAsync(Options(120));
        using var client = await ApiClient.ConnectAsync(server);
        var body = Bodies.Minimal("projected");
        body["fields"] = "identities.id,person.name.firstName,segmentMembership.ups";
        body["additionalFields"] = new JsonObject { ["eventList"] = new JsonObject { ["fields"] = "eventType,commerce.order.priceTotal" } };
        var job = await client.CreateAndFinishAsync(body);
        var schema = await SchemaOfAsync(ExportFiles.PartFiles(server, "projected", (string)job["destination"]["batchId"])[0]);

        Assert.Equal(new[] { "identities", "person", "segmentMembership", "timeSeriesEvents" }, schema.Fields.Select(f => f.Name));
        Assert.Equal(new[] { "id" }, ((StructField)((ListField)schema.Fields[0]).Item).Fields.Select(f => f.Name));
        Assert.Equal(new[] { "name" }, ((StructField)schema.Fields[1]).Fields.Select(f => f.Name));
        Assert.Equal(new[] { "ups" }, ((StructField)schema.Fields[2]).Fields.Select(f => f.Name));
        var events = (StructField)((ListField)schema.Fields[3]).Item;
        Assert.Equal(new[] { "eventType", "commerce" }, events.Fields.Select(f => f.Name));

        var rows = ExportFiles.ReadJob(server, job);
        Assert.Equal(server.Profiles.Profiles.Count(p => !p.HasOnlyEvents), rows.Count);
        Assert.Contains(rows, r => r["timeSeriesEvents"]!.AsArray().Any(e => e!["commerce"] != null));
        Assert.All(rows, r => Assert.Null(r["_id"]));
    }

    [Fact]
    public async Task A_selection_of_no_profiles_still_publishes_one_empty_part_and_a_failed_job_publishes_nothing()
    {
        await using var server = await EmulatorServer.StartAsync(Options(60));
        using var client = await ApiClient.ConnectAsync(server);
        var job = await client.CreateAndFinishAsync(Bodies.Minimal("nobody").WithFilter("fromIngestTimestamp", "2030-01-01T00:00:00Z"));
        Assert.Equal(0, (long)job["metrics"]["totalExportedProfileCounter"]);
        var part = Assert.Single(ExportFiles.PartFiles(server, "nobody", (string)job["destination"]["batchId"]));
        Assert.Equal(new long[0], (await RowGroupRowsAsync(part)).Where(r => r > 0));
        Assert.Empty(ExportFiles.ReadJob(server, job));

        var failed = await client.CreateAndFinishAsync(Bodies.Minimal("will-fail"));
        Assert.Equal("FAILED", (string)failed["status"]);
        Assert.False(Directory.Exists(Path.Combine(server.DatasetRoot, "will-fail")));
    }
}
