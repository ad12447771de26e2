using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AdobeExportJobs.Emulator;
using AdobeExportJobs.HelpGen;
using AdobeExportJobs.Runner;
using Xunit;

namespace AdobeExportJobs.Tests.Help;

/// <summary>The AEP_* variables are process-wide: tests that set them run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HelpEnvironmentCollection
{
    public const string Name = "Help examples against the emulator (AEP_* variables)";
}

/// <summary>
/// Runs, as written, every help example whose code fence reads <c>```powershell emulator</c> (see
/// <see cref="ExampleHelp.RunsOnEmulator"/>): each in a fresh engine with the module imported, the AEP_* variables
/// pointing at a live emulator that holds a few jobs (some succeeded, one failed, in both sandboxes), and a default
/// session from <c>Connect-Aep</c>. Output goes through Out-Default, so the views are exercised too.
/// </summary>
[Collection(HelpEnvironmentCollection.Name)]
public class RunnableExampleTests : IAsyncLifetime
{
    private static readonly string[] Variables =
        { "AEP_CLIENT_ID", "AEP_CLIENT_SECRET", "AEP_ORG_ID", "AEP_SANDBOX", "AEP_SCOPES", "AEP_ACCESS_TOKEN", "AEP_ENDPOINT", "AEP_IMS_ENDPOINT" };

    private readonly Dictionary<string, string> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private EmulatorServer _server;

    public async Task InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            ProfileCount = 200,
            MinJobDuration = TimeSpan.FromMilliseconds(100),
            MaxJobDuration = TimeSpan.FromMilliseconds(300),
        });
        AdobeExportJobs.Runner.Program.PointEnvironmentAt(_server);
        await SeedJobsAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
        if (_server is not null) await _server.DisposeAsync();
    }

    [Fact]
    public void Every_example_marked_emulator_runs_as_written_without_errors()
    {
        var docs = HelpGenerator.ReadFolder(HelpPaths.DocsFolder);
        var problems = new List<string>();
        var ran = 0;
        foreach (var doc in docs)
        {
            var runnable = doc.Examples.Where(e => e.RunsOnEmulator).ToList();
            if (runnable.Count == 0) problems.Add($"{doc.Name}: no example is marked to run on the emulator");
            foreach (var example in runnable)
            {
                using var engine = new HostedPowerShell();
                var connect = engine.Run("Connect-Aep -ErrorAction Stop");
                Assert.True(connect.Succeeded, connect.AllText());

                var r = engine.Run(ExampleCode.WithoutPrompts(example.Code), render: true);
                ran++;
                if (!r.Succeeded)
                    problems.Add($"{doc.Name} '{example.Title}': {r.TerminatingError?.Message ?? string.Join("; ", r.Errors.Select(e => e.ToString()))}");
                if (r.AllText().Contains(_server.Options.ClientSecret))
                    problems.Add($"{doc.Name} '{example.Title}': the client secret appears in the output");
            }
        }
        Assert.Empty(problems);
        Assert.True(ran >= docs.Count, $"only {ran} examples ran");
    }

    /// <summary>Jobs for the examples to find, made over plain HTTP so the seeding does not lean on the code under test.</summary>
    private async Task SeedJobsAsync()
    {
        using var http = new HttpClient { BaseAddress = _server.BaseUrl };
        var token = await TokenAsync(http);
        foreach (var (sandbox, dataset) in new[] { ("prod", "5b020a27e7040801dedbf46e"), ("prod", "5b020a27e7040801dedbf46f"), ("prod", "failing-dataset"), ("dev", "5b020a27e7040801dedbf470") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/data/core/ups/export/jobs")
            {
                Content = new StringContent(
                    JsonSerializer.Serialize(new { destination = new { datasetId = dataset }, schema = new { name = "_xdm.context.profile" } }),
                    Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("x-api-key", _server.Options.ClientId);
            request.Headers.Add("x-gw-ims-org-id", _server.Options.OrgId);
            request.Headers.Add("x-sandbox-name", sandbox);
            using var response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"seeding a job: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task<string> TokenAsync(HttpClient http)
    {
        using var response = await http.PostAsync("/ims/token/v3", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = _server.Options.ClientId,
            ["client_secret"] = _server.Options.ClientSecret,
            ["scope"] = "openid,AdobeID",
        }));
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("access_token").GetString();
    }
}
