using System.Management.Automation;
using AdobeExportJobs.Client;
using AdobeExportJobs.Tests.Module;
using Xunit;
using static AdobeExportJobs.Tests.Module.EngineAssert;

namespace AdobeExportJobs.Tests.Reliability;

/// <summary>
/// A 2xx answer whose body is cut short, not JSON, or JSON of the wrong shape reaches the user of every cmdlet as one
/// AepMalformedResponse error (InvalidResult) naming the request id: never a crash, a stray exception type, or a half-built job.
/// </summary>
public class MalformedAnswerTests
{
    public static readonly string[] BadJobBodies =
    {
        "{\"id\": 5, \"status\": \"NEW\", \"destination\": {\"datasetId\": \"d\"",   // cut short
        "<html><body>Gateway says hi</body></html>",
        "",
        "null",
        "[]",
        "\"just a string\"",
        "{\"status\": \"NEW\"}",                                  // no id
        "{\"id\": \"five\", \"status\": \"NEW\"}",
        "{\"id\": 5, \"creationTime\": {\"ms\": 1}}",
        "{\"id\": 5, \"creationTime\": \"yesterday\"}",
        "{\"id\": 5, \"metrics\": [1, 2]}",
        "{\"id\": 5, \"errors\": \"boom\"}",
        "{\"id\": 5, \"destination\": 17}",
        "{\"id\": 99999999999999999999999}",
    };

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var command in new[] { "Get-ExportJob -Id 5", "New-ExportJob -DatasetId d", "Wait-ExportJob -Id 5", "Get-ExportJob" })
        {
            for (int i = 0; i < BadJobBodies.Length; i++) data.Add(command, i);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_malformed_answer_is_one_InvalidResult_error_naming_the_request(string command, int body)
    {
        var bad = BadJobBodies[body];
        // A listing gets the bad job inside a page (or, for the bodies that are no job at all, as the page itself).
        bool listing = command == "Get-ExportJob";
        var pageBody = bad.StartsWith("{") && !bad.EndsWith("\"d\"") ? "{\"records\":[" + bad + "],\"page\":{},\"link\":{}}" : bad;
        await using var scripted = new ScriptedHttpServer(request =>
        {
            if (request.Path.StartsWith("/ims/")) return ScriptedHttpServer.TokenAnswer();
            if (request.Method == "GET" && IsList(request.Path)) return ScriptedHttpServer.Answer(200, "OK", listing ? pageBody : "{\"records\":[],\"page\":{},\"link\":{}}");
            return ScriptedHttpServer.Answer(200, "OK", bad, bad.StartsWith("<") ? "text/html" : "application/json");
        });
        using var shell = ModuleShell.ConnectedTo(scripted, "-MaxRetries 0", secret: "malformed-secret");

        var r = shell.Run(command.StartsWith("Wait") ? command + " -Timeout 2" : command);

        Assert.Null(r.TerminatingError);
        if (r.Errors.Count == 0)
        {
            // Only JSON that is a job after all may pass: then every object is whole.
            Assert.All(r.Output, o => Assert.True(((ExportJob)o.BaseObject).Id > 0));
            Assert.NotEmpty(r.Output);
            return;
        }
        var error = Assert.Single(r.Errors);
        Assert.Empty(r.Output);
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        var api = Assert.IsType<AepApiException>(error.Exception);
        Assert.False(string.IsNullOrEmpty(api.RequestId));
        Assert.Contains(api.RequestId, api.Message);
        Assert.Contains("malformed", api.Message);
        if (command.StartsWith("New-"))
        {
            // A 2xx create made a job: the error must not invite a second create before looking for it.
            Assert.StartsWith("ExportJobCreateOutcomeUnknown,", error.FullyQualifiedErrorId);
            Assert.Equal(1, scripted.Requests.Count(q => q.Method == "POST" && !q.Path.StartsWith("/ims/")));
        }
        else
        {
            Assert.StartsWith("AepMalformedResponse,", error.FullyQualifiedErrorId);
            Assert.Equal(AepErrorKind.MalformedResponse, api.Kind);
        }
    }

    [Fact]
    public async Task A_create_answered_200_with_an_unreadable_body_returns_the_job_found_by_its_request_id()
    {
        string requestId = null;
        await using var scripted = new ScriptedHttpServer(request =>
        {
            if (request.Path.StartsWith("/ims/")) return ScriptedHttpServer.TokenAnswer();
            if (request.Method == "POST")
            {
                requestId = request.Headers["x-request-id"];
                return ScriptedHttpServer.Answer(200, "OK", "{\"id\": 41, \"status\": \"NE");
            }
            return ScriptedHttpServer.Answer(200, "OK", "{\"records\":[{\"id\":42,\"status\":\"NEW\",\"requestId\":\"other\"},{\"id\":41,\"status\":\"NEW\",\"requestId\":\"" + requestId + "\"}],\"page\":{},\"link\":{}}");
        });
        using var shell = ModuleShell.ConnectedTo(scripted, secret: "malformed-secret");
        var r = shell.Run("New-ExportJob -DatasetId d -Verbose");
        Succeeded(r);
        Assert.Equal(new[] { 41L }, Ids(r));
        Assert.Equal(1, scripted.Requests.Count(q => q.Method == "POST" && !q.Path.StartsWith("/ims/")));
    }

    private static bool IsList(string path) => path.Split('?')[0].TrimEnd('/').EndsWith("/export/jobs");
}
