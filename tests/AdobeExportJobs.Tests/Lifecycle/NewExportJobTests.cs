using System.Management.Automation;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator.Profiles;
using AdobeExportJobs.Tests.Emulator;
using Xunit;

namespace AdobeExportJobs.Tests.Lifecycle;

public class NewExportJobTests
{
    [Fact]
    public async Task Every_parameter_reaches_the_service_and_the_exported_files_match_an_independent_count()
    {
        await using var env = await Connected.StartAsync(o => o.ProfileCount = 2000);
        var store = env.Server.Profiles;
        var first = store.Segments[2];
        var second = store.Segments[5];
        var policy = store.MergePolicies[1];
        var qualifiedAfter = new DateTimeOffset(2018, 6, 1, 2, 0, 0, TimeSpan.FromHours(2)); // 2018-06-01T00:00:00Z
        var qualifiedBefore = new DateTimeOffset(2020, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var ingestedAfter = new DateTimeOffset(2018, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var eventsAfter = new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var eventsBefore = new DateTimeOffset(2020, 12, 1, 0, 0, 0, TimeSpan.Zero);
        env.Shell.Set("qa", qualifiedAfter);
        env.Shell.Set("qb", qualifiedBefore.UtcDateTime); // a DateTime works as well as a DateTimeOffset
        var r = env.RunClean(
            $"New-ExportJob -DatasetId every-param -SchemaName _xdm.context.profile -Field _id,identities " +
            $"-MergePolicyId {policy.Id} -MergePolicyVersion {policy.Version} " +
            $"-SegmentId {first.Id} -SegmentNamespace {first.Namespace} -SegmentStatus Realized,existing " +
            $"-Segment @{{ SegmentId = '{second.Id}'; SegmentNamespace = '{second.Namespace}'; Status = 'exited','realized' }} " +
            "-QualifiedAfter $qa -QualifiedBefore $qb -IngestedAfter '2018-03-01T00:00:00Z' -IncludeEmptyProfiles " +
            "-EventField _id,eventType -EventIngestedAfter '2019-01-01T00:00:00Z' -EventIngestedBefore '2020-12-01T00:00:00Z' " +
            "-SegmentPerBatch | Wait-ExportJob -Timeout 60");
        var job = Jobs.Model(Assert.Single(r.Output));
        Assert.Equal("SUCCEEDED", job.Status);

        // What the service recorded is what the parameters said, times in UTC.
        var sent = JsonNode.Parse(job.RawJson)!;
        Assert.Equal("_id,identities", (string)sent["fields"]);
        Assert.Equal(policy.Id, (string)sent["mergePolicy"]!["id"]);
        Assert.Equal(policy.Version, (int)sent["mergePolicy"]!["version"]);
        Assert.Equal("2018-06-01T00:00:00Z", (string)sent["filter"]!["segmentQualificationTime"]!["startTime"]);
        Assert.Equal("2020-06-01T00:00:00Z", (string)sent["filter"]!["segmentQualificationTime"]!["endTime"]);
        Assert.Equal("2018-03-01T00:00:00Z", (string)sent["filter"]!["fromIngestTimestamp"]);
        Assert.True((bool)sent["filter"]!["emptyProfiles"]);
        Assert.Equal("_id,eventType", (string)sent["additionalFields"]!["eventList"]!["fields"]);
        Assert.Equal("2019-01-01T00:00:00Z", (string)sent["additionalFields"]!["eventList"]!["filter"]!["fromIngestTimestamp"]);
        Assert.Equal("2020-12-01T00:00:00Z", (string)sent["additionalFields"]!["eventList"]!["filter"]!["toIngestTimestamp"]);
        Assert.True((bool)sent["destination"]!["segmentPerBatch"]);
        var segments = sent["filter"]!["segments"]!.AsArray();
        Assert.Equal(new[] { "realized", "existing" }, segments[0]!["status"]!.AsArray().Select(s => (string)s));
        Assert.Equal(new[] { "exited", "realized" }, segments[1]!["status"]!.AsArray().Select(s => (string)s));

        // One batch per segment, each holding exactly the profiles an independent count over the store selects.
        var wanted = new[] { (first, new[] { "realized", "existing" }), (second, new[] { "exited", "realized" }) };
        Assert.Equal(2, job.Destination.Batches.Count);
        long total = 0;
        var byNamespace = new Dictionary<string, long>();
        foreach (var (segment, statuses) in wanted)
        {
            var batch = job.Destination.Batches.Single(b => b.SegmentId == segment.Id);
            var expected = store.Profiles.Where(p =>
                p.MergedUpdateTime > ingestedAfter
                && p.Memberships.Any(m => m.SegmentId == segment.Id && m.SegmentNs == segment.Namespace && statuses.Contains(m.Status)
                    && m.QualificationTime >= qualifiedAfter && m.QualificationTime <= qualifiedBefore)).ToList();
            Assert.NotEmpty(expected);
            var lines = ExportFiles.ReadLines(env.Server, "every-param", batch.BatchId);
            Assert.Equal(expected.Select(p => p.Id).Order(), lines.Select(l => (string)l["_id"]).Order());
            foreach (var line in lines)
            {
                Assert.Subset(new HashSet<string> { "_id", "identities", "timeSeriesEvents" }, line.Select(p => p.Key).ToHashSet());
                var profile = store.Profiles.Single(p => p.Id == (string)line["_id"]);
                var expectedEvents = profile.Events.Where(e => e.IngestTime > ingestedAfter && e.IngestTime > eventsAfter && e.IngestTime < eventsBefore);
                var events = line["timeSeriesEvents"]!.AsArray();
                Assert.Equal(expectedEvents.Select(e => e.Id).Order(), events.Select(e => (string)e!["_id"]).Order());
                Assert.All(events, e => Assert.Equal(new[] { "_id", "eventType" }, e!.AsObject().Select(p => p.Key).Order()));
            }
            total += expected.Count;
            foreach (var group in expected.GroupBy(p => p.PrimaryNamespace)) byNamespace[group.Key] = byNamespace.GetValueOrDefault(group.Key) + group.Count();
        }
        Assert.Contains(store.Profiles, p => p.HasOnlyEvents && p.MergedUpdateTime > ingestedAfter
            && p.Memberships.Any(m => m.SegmentId == first.Id || m.SegmentId == second.Id)); // -IncludeEmptyProfiles mattered
        Assert.Equal(total, job.ExportedProfiles);
        Assert.Equal(byNamespace.OrderBy(p => p.Key), job.Metrics.ExportedProfileByNamespaceCounter.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task A_raw_body_as_hashtable_or_JSON_is_sent_and_parameters_override_its_fields()
    {
        await using var env = await Connected.StartAsync();
        var table = env.RunClean(
            "New-ExportJob -Body @{ destination = @{ datasetId = 'from-body' }; fields = '_id'; filter = @{ emptyProfiles = $true; fromIngestTimestamp = [datetime]::new(2019, 1, 1, 0, 0, 0, [DateTimeKind]::Utc) } } -DatasetId from-parameter");
        var fromTable = Jobs.Model(Assert.Single(table.Output));
        Assert.Equal("from-parameter", fromTable.DatasetId);
        Assert.Equal("_xdm.context.profile", fromTable.SchemaName);
        Assert.Equal("_id", fromTable.Fields);
        Assert.True(fromTable.Filter.EmptyProfiles);
        Assert.Equal(new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero), fromTable.Filter.FromIngestTimestamp);

        var json = env.RunClean(
            "New-ExportJob -Body '{\"destination\":{\"dataSetId\":\"json-body\",\"segmentPerBatch\":false},\"schema\":{\"name\":\"_xdm.custom\"},\"filter\":{\"segments\":[{\"segmentId\":\"52c26d0d-45f2-47a2-ab30-ed06abc981ff\",\"status\":[\"exited\"]}]}}' -IncludeEmptyProfiles");
        var fromJson = Jobs.Model(Assert.Single(json.Output));
        Assert.Equal("json-body", fromJson.DatasetId);
        Assert.Equal("_xdm.custom", fromJson.SchemaName);
        Assert.Equal("exited", Assert.Single(Assert.Single(fromJson.Filter.Segments).Status));
        Assert.True(fromJson.Filter.EmptyProfiles);
        Assert.Equal("AdobeExportJobs.ExportJob", json.Output[0].TypeNames[0]);
    }

    [Fact]
    public async Task Confirm_asks_first_and_a_refused_prompt_creates_nothing()
    {
        await using var env = await Connected.StartAsync();
        var r = env.Run("New-ExportJob -DatasetId confirm-me -Confirm");
        Assert.NotNull(r.TerminatingError ?? (object)r.Errors.FirstOrDefault());
        Assert.Equal(0, env.Server.Statistics.JobsCreated);
        var yes = env.RunClean("New-ExportJob -DatasetId confirm-me -Confirm:$false");
        Assert.Single(yes.Output);
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "-DatasetId d -QualifiedAfter '2020-01-01T00:00:00Z' -QualifiedBefore '2020-01-01T00:00:00Z'", "InvalidTimeWindow", "01/01/2020 00:00:00 +00:00" },
        { "-DatasetId d -QualifiedAfter '2021-01-01T00:00:00Z' -QualifiedBefore '2020-01-01T00:00:00Z'", "InvalidTimeWindow", "01/01/2020 00:00:00 +00:00" },
        { "-DatasetId d -EventIngestedAfter '2020-02-01T00:00:00Z' -EventIngestedBefore '2020-01-01T00:00:00Z'", "InvalidTimeWindow", "01/01/2020 00:00:00 +00:00" },
        { "-DatasetId d -SegmentId ''", "EmptySegmentId", "" },
        { "-DatasetId d -SegmentId 'ok','  '", "EmptySegmentId", "  " },
        { "-DatasetId d -SegmentId s -SegmentStatus realized,gone", "InvalidSegmentStatus", "gone" },
        { "-DatasetId d -Segment @{ SegmentId = 's'; Status = 'left' }", "InvalidSegmentStatus", "left" },
        { "-DatasetId d -Segment @{ SegmentId = '' }", "EmptySegmentId", "" },
        { "-DatasetId d -Segment @{ Segmnt = 's' }", "InvalidSegment", "System.Collections.Hashtable" },
        { "-DatasetId d -SegmentStatus exited", "SegmentOptionWithoutSegment", "exited" },
        { "-DatasetId d -Field 'a',''", "EmptyFieldName", "" },
        { "-DatasetId d -MergePolicyVersion 2", "MergePolicyIdMissing", "2" },
        { "-DatasetId d -QualifiedAfter '1969-12-31T23:59:59Z'", "TimeOutOfRange", "12/31/1969 23:59:59 +00:00" },
        { "-DatasetId d -EventIngestedBefore '0001-01-01T00:00:00Z'", "TimeOutOfRange", "01/01/0001 00:00:00 +00:00" },
        { "-Body '{\"destination\":'", "InvalidBodyJson", "{\"destination\":" },
        { "-Body '[1, 2]'", "InvalidBodyType", "[1, 2]" },
        { "-Body @{ schema = @{ name = 'x' } }", "MissingDatasetId", "" },
        { "-Body '{\"destination\":{\"datasetId\":\"d\"},\"filter\":{\"fromIngestTimestamp\":\"yesterday\"}}'", "InvalidTime", "yesterday" },
        { "-Body '{\"destination\":{\"datasetId\":\"d\"},\"filter\":{\"fromIngestTimestamp\":\"10000-01-01T00:00:00Z\"}}'", "InvalidTime", "10000-01-01T00:00:00Z" },
        { "-Body '{\"destination\":{\"datasetId\":\"d\"},\"filter\":{\"segments\":[{\"segmentId\":\"s\",\"status\":\"Realised\"}]}}'", "InvalidSegmentStatus", "Realised" },
        { "-Body '{\"destination\":{\"datasetId\":\"d\"},\"filter\":{\"segmentQualificationTime\":{\"startTime\":\"2020-01-02T00:00:00Z\",\"endTime\":\"2020-01-01T00:00:00Z\"}}}'", "InvalidTimeWindow", "2020-01-01T00:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Inconsistent_input_is_refused_before_anything_is_sent(string parameters, string errorId, string target)
    {
        await using var env = await Connected.StartAsync();
        var r = env.Run("New-ExportJob " + parameters);
        Assert.Empty(r.Output);
        var error = Jobs.SingleError(r, errorId);
        Assert.Equal("AdobeExportJobs.Commands.NewExportJobCommand", error.FullyQualifiedErrorId.Split(',')[1]);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(target, Convert.ToString(error.TargetObject, System.Globalization.CultureInfo.InvariantCulture) ?? "");
        Assert.Contains("Valid", error.Exception.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, env.Server.Statistics.JobsCreated);
        Assert.Equal(0, env.Posts);
    }

    [Fact]
    public async Task A_time_past_9999_cannot_even_be_bound_and_nothing_is_sent()
    {
        await using var env = await Connected.StartAsync();
        var r = env.Run("New-ExportJob -DatasetId d -IngestedAfter '10000-01-01T00:00:00Z'");
        Assert.Contains(r.Errors, e => e.FullyQualifiedErrorId.StartsWith("ParameterArgumentTransformationError") || e.FullyQualifiedErrorId.StartsWith("CannotConvertArgumentNoMessage"));
        Assert.Equal(0, env.Server.Statistics.JobsCreated);
    }

    [Fact]
    public async Task A_create_is_never_made_twice_when_answers_are_lost_or_throttled()
    {
        await using var env = await Connected.StartAsync(o => o.Faults.RetryAfterSeconds = 0, "-MaxRetries 12");
        env.Server.Options.Faults.DropAfterCreateShare = 1.0;
        var lost = env.RunClean("1..4 | ForEach-Object { New-ExportJob -DatasetId \"lost-answer-$_\" }");
        Assert.Equal(4, lost.Output.Select(Jobs.Id).Distinct().Count());
        Assert.Equal(4, env.Server.Statistics.FaultsInjected.GetValueOrDefault("dropAfterCreate"));

        env.Server.Options.Faults.DropAfterCreateShare = 0;
        env.Server.Options.Faults.RateLimitShare = 0.4;
        var throttled = env.RunClean("1..6 | ForEach-Object { New-ExportJob -DatasetId \"throttled-$_\" }");
        Assert.Equal(6, throttled.Output.Select(Jobs.Id).Distinct().Count());
        Assert.True(env.Server.Statistics.FaultsInjected.GetValueOrDefault("429") > 0, "the fault dice never threw a 429");

        Assert.Equal(10, env.Server.Statistics.JobsCreated);
        Assert.All(env.Server.Statistics.JobsCreatedByRequestId.Values, count => Assert.Equal(1, count));
        var datasets = lost.Output.Concat(throttled.Output).Select(j => Jobs.Model(j).DatasetId).Order();
        Assert.Equal(Enumerable.Range(1, 4).Select(i => $"lost-answer-{i}").Concat(Enumerable.Range(1, 6).Select(i => $"throttled-{i}")).Order(), datasets);
    }

    [Fact]
    public async Task DatasetId_binds_from_the_pipeline_by_property_name()
    {
        await using var env = await Connected.StartAsync();
        var r = env.RunClean("@([pscustomobject]@{ DatasetId = 'piped-1' }, [pscustomobject]@{ DatasetId = 'piped-2' }) | New-ExportJob -SegmentId s1");
        Assert.Equal(new[] { "piped-1", "piped-2" }, r.Output.Select(j => Jobs.Model(j).DatasetId));
        Assert.All(r.Output, j => Assert.Equal("s1", Assert.Single(Jobs.Model(j).Segments)));
    }

    [Fact]
    public async Task SegmentStatus_tab_completes_the_three_statuses()
    {
        await using var env = await Connected.StartAsync();
        var all = env.RunClean("$s = 'New-ExportJob -SegmentStatus '; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches.CompletionText");
        Assert.Equal(new[] { "realized", "existing", "exited" }, all.Output.Select(o => o.ToString()));
        var ex = env.RunClean("$s = 'New-ExportJob -SegmentStatus ex'; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches.CompletionText");
        Assert.Equal(new[] { "existing", "exited" }, ex.Output.Select(o => o.ToString()));
    }
}
