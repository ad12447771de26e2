using System.Diagnostics;
using System.Management.Automation;
using AdobeExportJobs.Emulator;
using AdobeExportJobs.Model;
using Xunit;
using static AdobeExportJobs.Tests.Module.EngineAssert;

namespace AdobeExportJobs.Tests.Module;

/// <summary>Get-ExportJob in the hosted engine against the emulator: parameters, paging, pipeline binding, stopping.</summary>
public class GetExportJobTests : IAsyncLifetime
{
    private EmulatorServer _server;
    private List<ExportJob> _jobs;

    /// <summary>Newest first, as the list returns them.</summary>
    private long[] NewestFirst => _jobs.Select(j => j.Id).Reverse().ToArray();

    private long ListCalls => _server.Statistics.RequestsByMethod.TryGetValue("GET", out var n) ? n : 0;

    public async Task InitializeAsync()
    {
        _server = await TestEmulator.StartAsync();
        _jobs = await TestEmulator.CreateJobsAsync(_server, 9);
        await TestEmulator.WaitAllFinishedAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ModuleShell Connected()
    {
        var shell = new ModuleShell(_server);
        Succeeded(shell.Run(ModuleShell.Connect));
        return shell;
    }

    [Fact]
    public void Lists_every_job_newest_first_as_typed_objects()
    {
        using var shell = Connected();
        var r = shell.Run("Get-ExportJob");
        Succeeded(r);
        Assert.Equal(NewestFirst, Ids(r));
        var job = Assert.IsType<ExportJob>(r.Output[0].BaseObject);
        Assert.Equal("AdobeExportJobs.ExportJob", r.Output[0].TypeNames[0]);
        Assert.Equal(ExportJobStatus.Succeeded, job.Status);
        Assert.True(job.IsFinished);
        Assert.NotNull(job.CreationTime);
        Assert.NotNull(job.Duration);
        Assert.True(job.ExportedProfiles > 0);
        Assert.Equal(_server.Options.OrgId, job.ImsOrgId);
        Assert.False(string.IsNullOrEmpty(job.RawJson));
    }

    [Fact]
    public void PageSize_pages_through_link_next_and_streams_every_job_once()
    {
        using var shell = Connected();
        var before = ListCalls;
        var r = shell.Run("Get-ExportJob -PageSize 2 -Verbose");
        Succeeded(r);
        Assert.Equal(NewestFirst, Ids(r));
        Assert.Equal(5, ListCalls - before);
        Assert.Equal(5, r.Verbose.Count(v => v.Message.StartsWith("GET ") && v.Message.Contains("/export/jobs") && v.Message.Contains("-> 200")));
        Assert.Contains(r.Verbose, v => v.Message.Contains("limit=2&offset="));
        Assert.Contains(r.Progress, p => p.RecordType == ProgressRecordType.Completed);
    }

    [Fact]
    public void Limit_caps_the_total_across_pages_and_stops_paging()
    {
        using var shell = Connected();
        var before = ListCalls;
        var r = shell.Run("Get-ExportJob -Limit 5 -PageSize 2");
        Succeeded(r);
        Assert.Equal(NewestFirst.Take(5), Ids(r));
        Assert.Equal(3, ListCalls - before);

        var single = shell.Run("Get-ExportJob -Limit 3 -Verbose");
        Assert.Equal(NewestFirst.Take(3), Ids(single));
        Assert.Contains(single.Verbose, v => v.Message.Contains("?limit=3 "));
    }

    [Theory]
    [InlineData("Get-ExportJob -Verbose", "?limit=100 ")]
    [InlineData("Get-ExportJob -Limit 500 -Verbose", "?limit=100 ")]
    [InlineData("Get-ExportJob -PageSize 200 -Limit 4 -Verbose", "?limit=4 ")]
    [InlineData("Get-ExportJob -PageSize 300 -Verbose", "?limit=300 ")]
    public void Every_listing_asks_for_pages_of_a_bounded_size(string command, string query)
    {
        using var shell = Connected();
        var r = shell.Run(command);
        Succeeded(r);
        Assert.Equal(command.Contains("-Limit 4") ? NewestFirst.Take(4) : NewestFirst, Ids(r));
        Assert.Contains(r.Verbose, v => v.Message.StartsWith("GET ") && v.Message.Contains(query));
    }

    [Theory]
    [InlineData("Get-ExportJob -Id $A", false, false)]
    [InlineData("Get-ExportJob -Id $A -Verbose", true, false)]
    [InlineData("$VerbosePreference = 'Continue'; Get-ExportJob -Id $A", true, false)]
    [InlineData("$VerbosePreference = 'Continue'; Get-ExportJob -Id $A -Verbose:$false", false, false)]
    [InlineData("$DebugPreference = 'Continue'; Get-ExportJob -Id $A", false, true)]
    [InlineData("$DebugPreference = 'Continue'; Get-ExportJob -Id $A -Debug:$false", false, false)]
    public void Http_log_lines_follow_the_switches_and_the_preference_variables(string command, bool verbose, bool debug)
    {
        using var shell = Connected();
        shell.Set("A", _jobs[0].Id);
        var r = shell.Run(command);
        Succeeded(r);
        Assert.Equal(new[] { _jobs[0].Id }, Ids(r));
        Assert.Equal(verbose, r.Verbose.Any(v => v.Message.StartsWith("GET ") && v.Message.Contains("-> 200")));
        Assert.Equal(debug, r.Debug.Any(d => d.Message.Contains("x-api-key")));
    }

    [Fact]
    public void Offset_starts_after_the_given_cursor()
    {
        using var shell = Connected();
        var third = _jobs[^3];
        shell.Set("Cursor", $"{third.CreationTime.Value.ToUnixTimeMilliseconds()}_{third.Id}");
        var r = shell.Run("Get-ExportJob -Offset $Cursor");
        Succeeded(r);
        Assert.Equal(NewestFirst.Skip(3), Ids(r));
    }

    [Fact]
    public async Task Status_filters_on_the_server_and_is_normalized()
    {
        using var client = TestEmulator.Client(_server);
        var running = await client.CreateAsync(TestEmulator.Request("still-running"));
        using var shell = Connected();
        _server.Options.MinJobDuration = _server.Options.MaxJobDuration = TimeSpan.FromMinutes(5);
        var fresh = await client.CreateAsync(TestEmulator.Request("fresh"));
        var r = shell.Run("Get-ExportJob -Status new -Verbose; '--'; @(Get-ExportJob -Status SUCCEEDED).Count");
        Succeeded(r);
        Assert.Contains(r.Verbose, v => v.Message.Contains("status=NEW"));
        var split = r.Output.ToList().FindIndex(o => "--".Equals(o.BaseObject));
        Assert.Contains(fresh.Id, r.Output.Take(split).Select(o => ((ExportJob)o.BaseObject).Id));
        Assert.All(r.Output.Take(split), o => Assert.Equal("NEW", ((ExportJob)o.BaseObject).Status));
        Assert.True((int)r.Output.Last().BaseObject >= 9);
    }

    [Fact]
    public void Ids_by_parameter_by_position_and_by_value_from_the_pipeline()
    {
        using var shell = Connected();
        shell.Set("A", _jobs[0].Id);
        shell.Set("B", _jobs[1].Id);
        var r = shell.Run("Get-ExportJob -Id $A, $B; Get-ExportJob $B; $A, \"$B\" | Get-ExportJob");
        Succeeded(r);
        Assert.Equal(new[] { _jobs[0].Id, _jobs[1].Id, _jobs[1].Id, _jobs[0].Id, _jobs[1].Id }, Ids(r));
    }

    [Fact]
    public void Ids_by_property_name_from_jobs_and_from_objects_with_JobId()
    {
        using var shell = Connected();
        shell.Set("A", _jobs[2].Id);
        var r = shell.Run("Get-ExportJob -Limit 2 | Get-ExportJob; [pscustomobject]@{ JobId = $A } | Get-ExportJob; [pscustomobject]@{ Id = $A } | Get-ExportJob");
        Succeeded(r);
        Assert.Equal(NewestFirst.Take(2).Concat(new[] { _jobs[2].Id, _jobs[2].Id }), Ids(r));
    }

    [Fact]
    public void A_missing_id_is_a_non_terminating_error_and_the_others_still_come()
    {
        using var shell = Connected();
        shell.Set("A", _jobs[0].Id);
        var r = shell.Run("Get-ExportJob -Id 987654, $A; 'after'");
        var error = SingleError(r, "ExportJobNotFound,AdobeExportJobs.Commands.GetExportJobCommand", ErrorCategory.ObjectNotFound, 987654L);
        Assert.Contains("987654", error.ToString());
        Assert.Equal(new object[] { _jobs[0].Id, "after" }, r.Output.Select(o => o.BaseObject is ExportJob j ? j.Id : o.BaseObject));
    }

    [Fact]
    public void A_break_downstream_stops_the_paging()
    {
        using var shell = Connected();
        var before = ListCalls;
        var r = shell.Run("foreach ($round in 1) { Get-ExportJob -PageSize 2 | ForEach-Object { $_; break } }; 'after'");
        Succeeded(r);
        Assert.Equal(NewestFirst[0], ((ExportJob)r.Output[0].BaseObject).Id);
        Assert.Equal("after", r.Output[1].BaseObject);
        Assert.Equal(2, r.Output.Count);
        Assert.Equal(1, ListCalls - before);
    }

    [Fact]
    public void A_consumer_that_stops_after_some_objects_reads_no_further_page()
    {
        using var shell = Connected();
        var before = ListCalls;
        var r = shell.Run("$n = 0; foreach ($round in 1) { Get-ExportJob -PageSize 3 | ForEach-Object { $n++; if ($n -eq 4) { break }; $_.Id } }; $n");
        Succeeded(r);
        Assert.Equal(NewestFirst.Take(3).Cast<object>().Append(4), r.Output.Select(o => o.BaseObject));
        Assert.Equal(2, ListCalls - before);
    }

    [Fact]
    public async Task Ctrl_C_stops_a_listing_that_waits_on_a_slow_server_at_once()
    {
        using var shell = Connected();
        _server.Options.Faults.SlowShare = 1;
        _server.Options.Faults.SlowDelay = TimeSpan.FromSeconds(60);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
            var watch = Stopwatch.StartNew();
            var r = await shell.RunAsync("Get-ExportJob", cancellationToken: cts.Token);
            watch.Stop();
            Assert.IsType<PipelineStoppedException>(r.TerminatingError);
            Assert.Empty(r.Output);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"stopping took {watch.Elapsed}");
        }
        finally
        {
            _server.Options.Faults.Clear();
        }
    }

    [Fact]
    public async Task Ctrl_C_in_the_middle_of_paging_stops_it()
    {
        using var shell = Connected();
        var before = ListCalls;
        _server.Options.Faults.SlowShare = 1;
        _server.Options.Faults.SlowDelay = TimeSpan.FromMilliseconds(300);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            var r = await shell.RunAsync("Get-ExportJob -PageSize 1", cancellationToken: cts.Token);
            Assert.IsType<PipelineStoppedException>(r.TerminatingError);
            Assert.InRange(r.Output.Count, 0, 3);
            await Task.Delay(700);
            Assert.InRange(ListCalls - before, 1, 4);
        }
        finally
        {
            _server.Options.Faults.Clear();
        }
    }

    [Theory]
    [InlineData("Get-ExportJob -Id 0", "ParameterArgumentValidationError")]
    [InlineData("Get-ExportJob -Id -5", "ParameterArgumentValidationError")]
    [InlineData("Get-ExportJob -Id abc", "CannotConvertArgumentNoMessage")]
    [InlineData("Get-ExportJob -Id ''", "ParameterArgumentValidationError")]
    [InlineData("Get-ExportJob -Status ''", "ParameterArgumentValidationError")]
    [InlineData("Get-ExportJob -Status '   '", "ParameterArgumentValidationError")]
    [InlineData("Get-ExportJob -Limit 0", "ParameterArgumentValidationError")]
    [InlineData("Get-ExportJob -Limit -1", "ParameterArgumentValidationError")]
    [InlineData("Get-ExportJob -PageSize 0", "ParameterArgumentValidationError")]
    [InlineData("Get-ExportJob -Offset ' '", "ParameterArgumentValidationError")]
    [InlineData("Get-ExportJob -Id 1 -Status NEW", "AmbiguousParameterSet")]
    public void Bad_input_is_refused_before_any_request(string script, string errorId)
    {
        using var shell = Connected();
        var before = _server.Statistics.TotalRequests;
        var r = shell.Run(script);
        var errors = AllErrors(r);
        var error = Assert.Single(errors);
        Assert.Equal(errorId + ",AdobeExportJobs.Commands.GetExportJobCommand", error.FullyQualifiedErrorId);
        Assert.Contains(error.CategoryInfo.Category, new[] { ErrorCategory.InvalidData, ErrorCategory.InvalidArgument });
        Assert.Empty(r.Output);
        Assert.Equal(before, _server.Statistics.TotalRequests);
    }

    [Fact]
    public void A_bad_id_from_the_pipeline_fails_alone()
    {
        using var shell = Connected();
        shell.Set("A", _jobs[0].Id);
        var r = shell.Run("$A, 0, $A | Get-ExportJob");
        Assert.Equal(new[] { _jobs[0].Id, _jobs[0].Id }, Ids(r));
        var error = Assert.Single(AllErrors(r));
        Assert.Equal("ParameterArgumentValidationError,AdobeExportJobs.Commands.GetExportJobCommand", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void Status_completes_the_known_values_and_takes_unknown_ones()
    {
        using var shell = Connected();
        var r = shell.Run("""
            (TabExpansion2 -inputScript 'Get-ExportJob -Status ' -cursorColumn 22).CompletionMatches.CompletionText -join ','
            (TabExpansion2 -inputScript 'Get-ExportJob -Status PR' -cursorColumn 24).CompletionMatches.CompletionText -join ','
            """);
        Succeeded(r);
        Assert.Equal("NEW,PROCESSING,SUCCEEDED,FAILED,CANCELLED", r.Output[0].BaseObject);
        Assert.Equal("PROCESSING", r.Output[1].BaseObject);

        // A status the module does not know is passed through; this server does not know it either and says so.
        var unknown = shell.Run("Get-ExportJob -Status ARCHIVED -Verbose");
        Assert.Contains(unknown.Verbose, v => v.Message.Contains("status=ARCHIVED"));
        var error = SingleError(unknown, "AepBadRequest,AdobeExportJobs.Commands.GetExportJobCommand", ErrorCategory.InvalidArgument, "ARCHIVED");
        Assert.Contains("ARCHIVED", error.Exception.Message);
    }

    [Theory]
    [InlineData("Get-ExportJob -Limit 2")]
    [InlineData("Get-ExportJob -Id $A")]
    public void A_downstream_failure_is_not_taken_for_one_of_this_command(string command)
    {
        using var shell = Connected();
        shell.Set("A", _jobs[0].Id);
        var r = shell.Run(command + " | ForEach-Object { throw [System.ArgumentException]::new('downstream broke') }");
        var errors = AllErrors(r);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.DoesNotContain("AdobeExportJobs", e.FullyQualifiedErrorId));
        Assert.Contains(errors, e => e.Exception.Message.Contains("downstream broke"));
    }
}
