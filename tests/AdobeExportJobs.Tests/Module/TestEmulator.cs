using System.Security;
using AdobeExportJobs.Client;
using AdobeExportJobs.Emulator;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Tests.Module;

/// <summary>Starts the real emulator on loopback with settings that keep tests fast, and seeds it with jobs.</summary>
internal static class TestEmulator
{
    public const string DatasetId = "5b7c86968f7b6501e21ba9df";

    public static Task<EmulatorServer> StartAsync(Action<EmulatorOptions> configure = null)
    {
        var options = new EmulatorOptions
        {
            ProfileCount = 200,
            MinJobDuration = TimeSpan.FromMilliseconds(50),
            MaxJobDuration = TimeSpan.FromMilliseconds(120),
        };
        configure?.Invoke(options);
        return EmulatorServer.StartAsync(options);
    }

    /// <summary>An emulator holding one job that stays PROCESSING for the whole test (jobs last five minutes).</summary>
    public static async Task<(EmulatorServer Server, long RunningJobId)> StartWithRunningJobAsync()
    {
        var server = await StartAsync(o => o.MinJobDuration = o.MaxJobDuration = TimeSpan.FromMinutes(5));
        return (server, (await CreateJobsAsync(server, 1))[0].Id);
    }

    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    public static AepSessionOptions ClientOptions(EmulatorServer server, string sandbox = "prod") => new()
    {
        Endpoint = server.BaseUrl,
        ImsEndpoint = server.BaseUrl,
        ClientId = server.Options.ClientId,
        OrgId = server.Options.OrgId,
        Sandbox = sandbox,
        Scopes = new[] { "openid", "AdobeID" },
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    public static ExportJobsClient Client(EmulatorServer server, string sandbox = "prod", Action<AepSessionOptions> configure = null)
    {
        var options = ClientOptions(server, sandbox);
        configure?.Invoke(options);
        return ExportJobsClient.WithClientCredentials(options, Secure(server.Options.ClientSecret));
    }

    /// <summary>The smallest create body: the dataset and the schema.</summary>
    public static string Request(string datasetId = DatasetId) =>
        $"{{\"destination\":{{\"datasetId\":\"{datasetId}\"}},\"schema\":{{\"name\":\"_xdm.context.profile\"}}}}";

    /// <summary>Creates jobs one after another (so creation times differ), newest last.</summary>
    public static async Task<List<ExportJobRecord>> CreateJobsAsync(EmulatorServer server, int count, string sandbox = "prod", string datasetPrefix = "ds")
    {
        using var client = Client(server, sandbox);
        var jobs = new List<ExportJobRecord>();
        for (int i = 0; i < count; i++) jobs.Add(await client.CreateAsync(Request($"{datasetPrefix}{i:D3}")));
        return jobs;
    }

    /// <summary>Waits until no job of the emulator is NEW or PROCESSING.</summary>
    public static async Task WaitAllFinishedAsync(EmulatorServer server, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            var counts = server.JobCountByStatus();
            if (!counts.Any(p => (p.Key == "NEW" || p.Key == "PROCESSING") && p.Value > 0)) return;
            await Task.Delay(25);
        }
        throw new TimeoutException("Jobs still running: " + string.Join(", ", server.JobCountByStatus()));
    }
}
