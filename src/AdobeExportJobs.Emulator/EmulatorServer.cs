using System.Text;
using AdobeExportJobs.Emulator.Datasets;
using AdobeExportJobs.Emulator.Http;
using AdobeExportJobs.Emulator.Jobs;
using AdobeExportJobs.Emulator.Profiles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AdobeExportJobs.Emulator;

/// <summary>An emulator running in this process; used by tests, the runner and the benchmarks.</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private EmulatorServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        Options = Service<EmulatorOptions>();
        DatasetRoot = Service<DatasetRootFolder>().Path;
        Profiles = Service<ProfileStore>();
        Statistics = Service<EmulatorStatistics>();
    }

    /// <summary>The live options: faults, job durations, token lifetime and the delete answer can be changed while running.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>Root of both the platform and the IMS paths, e.g. http://127.0.0.1:5123.</summary>
    public Uri BaseUrl { get; }

    /// <summary><see cref="BaseUrl"/> as text without a trailing slash, e.g. http://127.0.0.1:5123.</summary>
    public string BaseAddress => BaseUrl.GetLeftPart(UriPartial.Authority);

    /// <summary>The folder exported batches land in: &lt;DatasetRoot&gt;/&lt;datasetId&gt;/part-NNNNN-&lt;batchId&gt;-c000.snappy.parquet.</summary>
    public string DatasetRoot { get; }

    /// <summary>The synthetic profile store jobs export from (read-only).</summary>
    public ProfileStore Profiles { get; }

    public EmulatorStatistics Statistics { get; }

    /// <summary>Jobs currently stored, over all orgs and sandboxes.</summary>
    public int JobCount => Service<JobStore>().Count;

    public IReadOnlyDictionary<string, int> JobCountByStatus() => Service<JobStore>().CountByStatus();

    /// <summary>Every token issued so far answers 401 from now on; new tokens work.</summary>
    public void ExpireAllTokens() => Service<TokenService>().ExpireAll();

    /// <summary>A token for a registered client (the default client when null), as the IMS endpoint would issue it.</summary>
    public string IssueAccessToken(string clientId = null)
    {
        var tokens = Service<TokenService>();
        var client = tokens.FindClient(clientId ?? Options.ClientId)
            ?? throw new ArgumentException($"'{clientId}' is not a registered client id.", nameof(clientId));
        return tokens.Issue(client, "openid,AdobeID,read_organizations").Token;
    }

    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Header bytes come through as Latin-1 so that the header check can name a bad header in a proper
            // answer; with Kestrel's default (UTF-8), invalid bytes get a bare 400 before any code of ours runs.
            kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1;
            kestrel.Limits.MaxRequestBodySize = Math.Max(RequestBodies.DrainLimitBytes, options.MaxRequestBodyBytes);
        });
        AddEmulatorServices(builder.Services, options);
        var app = builder.Build();
        try
        {
            app.UseMiddleware<RequestPipeline>();
            app.MapEmulatorEndpoints();
            var unfinished = app.Services.GetRequiredService<JobStore>().Load(app.Services.GetRequiredService<ProfileStore>());
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First();
            var runner = app.Services.GetRequiredService<JobRunner>();
            foreach (var job in unfinished) runner.Start(job);
            return new EmulatorServer(app, new Uri(address.TrimEnd('/')));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The parts one emulator is made of, one of each. The container disposes the ones it made (the database,
    /// the temporary dataset folder) when the app is disposed.</summary>
    private static void AddEmulatorServices(IServiceCollection services, EmulatorOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<EmulatorStatistics>();
        services.AddSingleton(_ => ProfileStore.Generate(options.ProfileCount, options.Seed));
        services.AddSingleton(_ => DatasetRootFolder.Choose(options));
        services.AddSingleton<IJobPersistence>(_ => string.IsNullOrWhiteSpace(options.DataDirectory)
            ? new NoPersistence()
            : new SqliteJobPersistence(options.DataDirectory));
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<RequestPipeline>();
        services.AddSingleton<CallerAuthentication>();
        services.AddSingleton<JobsEndpoints>();
        services.AddSingleton<ImsTokenEndpoint>();
        services.AddSingleton<DataAccessEndpoints>();
        services.Configure<RouteOptions>(routes => routes.SetParameterPolicy<JobIdConstraint>(JobIdConstraint.Name));
        // The host must not take over Ctrl+C/SIGTERM: in-process users (tests, the runner) own their console.
        services.AddSingleton<IHostLifetime, QuietHostLifetime>();
    }

    private T Service<T>() => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            // Stopping the running jobs leaves their stored state as it is, so a restart resumes them.
            await Service<JobRunner>().StopAllAsync();
            await _app.DisposeAsync();
        }
    }
}

/// <summary>A host lifetime that neither listens for console signals nor blocks start or stop.</summary>
internal sealed class QuietHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
