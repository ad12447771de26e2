using System.Management.Automation;
using AdobeExportJobs.Emulator;
using AdobeExportJobs.Tests.Module;
using Xunit;
using static AdobeExportJobs.Tests.Module.EngineAssert;

namespace AdobeExportJobs.Tests.Reliability;

/// <summary>
/// Bad input to every cmdlet that takes job ids or list options is refused before a single request leaves (the
/// emulator counts none), with an ErrorRecord that names the parameter, carries the offending value and says what is valid.
/// Session and body input are covered by SessionCmdletTests, EnvironmentConnectTests and NewExportJobTests.
/// </summary>
public class BadInputTests : IAsyncLifetime
{
    private EmulatorServer _server;
    private ModuleShell _shell;

    public async Task InitializeAsync()
    {
        _server = await TestEmulator.StartAsync();
        _shell = new ModuleShell(_server);
        Succeeded(_shell.Run(ModuleShell.Connect));
    }

    public async Task DisposeAsync()
    {
        _shell.Dispose();
        await _server.DisposeAsync();
    }

    public static TheoryData<string, string, string> BadIds()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var command in new[] { "Get-ExportJob -Id", "Remove-ExportJob -Force -Id", "Wait-ExportJob -Id" })
        {
            data.Add($"{command} ''", "ParameterArgumentValidationError", "0");
            data.Add($"{command} '   '", "ParameterArgumentValidationError", "0");
            data.Add($"{command} 0", "ParameterArgumentValidationError", "0");
            data.Add($"{command} -7", "ParameterArgumentValidationError", "-7");
            data.Add($"{command} abc", "CannotConvertArgumentNoMessage", "abc");
            data.Add($"{command} '12abc'", "CannotConvertArgumentNoMessage", "12abc");
            data.Add($"{command} 99999999999999999999", "CannotConvertArgumentNoMessage", "99999999999999999999");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    public void A_job_id_that_is_not_a_positive_number_is_refused_before_any_request(string script, string errorId, string offending)
    {
        var before = _server.Statistics.TotalRequests;
        var r = _shell.Run(script);
        Assert.Equal(before, _server.Statistics.TotalRequests);
        Assert.Empty(r.Output);
        var error = Assert.Single(AllErrors(r));
        Assert.StartsWith(errorId + ",AdobeExportJobs.Commands.", error.FullyQualifiedErrorId);
        // PowerShell's own categories: a value that fails validation is InvalidData, one that cannot be converted InvalidArgument.
        Assert.Equal(errorId == "ParameterArgumentValidationError" ? ErrorCategory.InvalidData : ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        // The message names the parameter and the value, and what would be valid.
        Assert.Contains("'Id'", error.Exception.Message);
        if (errorId == "ParameterArgumentValidationError")
        {
            Assert.Contains(offending, error.Exception.Message);
            Assert.Contains("minimum allowed range of 1", error.Exception.Message);
        }
        else
        {
            Assert.Contains($"\"{offending}\"", error.Exception.Message);
            Assert.Contains("Int64", error.Exception.Message);
        }
    }

    public static TheoryData<string, string> BadListOptions => new()
    {
        { "Get-ExportJob -Limit 0", "minimum allowed range of 1" },
        { "Get-ExportJob -Limit -3", "minimum allowed range of 1" },
        { "Get-ExportJob -PageSize 0", "minimum allowed range of 1" },
        { "Get-ExportJob -Status ''", "one status word" },
        { "Get-ExportJob -Status '  '", "one status word" },
        { "Get-ExportJob -Offset ''", "non-empty value" },
        { "Wait-ExportJob -Id 1 -Timeout -1", "zero or more" },
        { "Wait-ExportJob -Id 1 -PollInterval 0", "more than zero" },
    };

    [Theory]
    [MemberData(nameof(BadListOptions))]
    public void A_bad_list_or_wait_option_is_refused_before_any_request_saying_what_is_valid(string script, string valid)
    {
        var before = _server.Statistics.TotalRequests;
        var r = _shell.Run(script);
        Assert.Equal(before, _server.Statistics.TotalRequests);
        Assert.Empty(r.Output);
        var error = Assert.Single(AllErrors(r));
        Assert.Contains(error.CategoryInfo.Category, new[] { ErrorCategory.InvalidArgument, ErrorCategory.InvalidData });
        Assert.Contains(valid, error.Exception.Message);
    }

    [Fact]
    public void An_unknown_status_word_is_passed_through_and_the_service_refusal_names_it()
    {
        // CONTRACT.md: clients pass through status strings they do not know (the service may add some); the service's
        // 400 comes back as one InvalidArgument error whose target is the status, after exactly one list request.
        var before = _server.Statistics.RequestsByMethod.GetValueOrDefault("GET");
        var r = _shell.Run("Get-ExportJob -Status ARCHIVED");
        Assert.Equal(before + 1, _server.Statistics.RequestsByMethod.GetValueOrDefault("GET"));
        var error = SingleError(r, "AepBadRequest,AdobeExportJobs.Commands.GetExportJobCommand", ErrorCategory.InvalidArgument, "ARCHIVED");
        Assert.Contains("ARCHIVED", error.Exception.Message);
    }

    [Theory]
    [InlineData("NEW,FAILED")]
    [InlineData("bad status!")]
    [InlineData("NEW FAILED")]
    public void A_status_that_is_not_one_word_is_refused_before_sending(string status)
    {
        var before = _server.Statistics.TotalRequests;
        var r = _shell.Engine.Run("Get-ExportJob -Status $args[0]", arguments: new object[] { status });
        Assert.Equal(before, _server.Statistics.TotalRequests);
        var error = Assert.Single(r.Errors.Concat(r.TerminatingError is IContainsErrorRecord c ? new[] { c.ErrorRecord } : Array.Empty<ErrorRecord>()));
        Assert.StartsWith("ParameterArgumentValidationError", error.FullyQualifiedErrorId);
        Assert.Contains(status, error.Exception.Message);
        Assert.Contains("SUCCEEDED", error.Exception.Message);
    }
}
