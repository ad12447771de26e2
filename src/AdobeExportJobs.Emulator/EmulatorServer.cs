using System.Text;
using AdobeExportJobs.Emulator.Http;
using AdobeExportJobs.Emulator.Jobs;
using AdobeExportJobs.Emulator.Profiles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AdobeExportJobs.Emulator;

/// <summary>An emulator running in this process; used by tests, the runner and the benchmarks.</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly JobStore _store;
    private readonly JobRunner _runner;
    private readonly TokenService _tokens;
    private readonly IJobPersistence _persistence;
    private readonly CancellationTokenSource _shutdown;
    private readonly DatasetRootFolder _datasetRoot;
    private int _disposed;

    private EmulatorServer(WebApplication app, EmulatorOptions options, Uri baseUrl, Services services)
    {
        _app = app;
        Options = options;
        BaseUrl = baseUrl;
        _store = services.Store;
        _runner = services.Runner;
        _tokens = services.Tokens;
        _persistence = services.Persistence;
        _shutdown = services.Shutdown;
        _datasetRoot = services.DatasetRoot;
        DatasetRoot = services.DatasetRoot.Path;
        Profiles = services.Profiles;
        Statistics = services.Statistics;
    }

    /// <summary>The live options: faults, job durations, token lifetime and the delete answer can be changed while running.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>Root of both the platform and the IMS paths, e.g. http://127.0.0.1:5123.</summary>
    public Uri BaseUrl { get; }

    /// <summary><see cref="BaseUrl"/> as text without a trailing slash, e.g. http://127.0.0.1:5123.</summary>
    public string BaseAddress => BaseUrl.GetLeftPart(UriPartial.Authority);

    /// <summary>The folder exported batches land in: &lt;DatasetRoot&gt;/&lt;datasetId&gt;/&lt;batchId&gt;.json.</summary>
    public string DatasetRoot { get; }

    /// <summary>The synthetic profile store jobs export from (read-only).</summary>
    public ProfileStore Profiles { get; }

    public EmulatorStatistics Statistics { get; }

    /// <summary>Jobs currently stored, over all orgs and sandboxes.</summary>
    public int JobCount => _store.Count;

    public IReadOnlyDictionary<string, int> JobCountByStatus() => _store.CountByStatus();

    /// <summary>Every token issued so far answers 401 from now on; new tokens work.</summary>
    public void ExpireAllTokens() => _tokens.ExpireAll();

    /// <summary>A token for a registered client (the default client when null), as the IMS endpoint would issue it.</summary>
    public string IssueAccessToken(string clientId = null)
    {
        var client = _tokens.FindClient(clientId ?? Options.ClientId)
            ?? throw new ArgumentException($"'{clientId}' is not a registered client id.", nameof(clientId));
        return _tokens.Issue(client, "openid,AdobeID,read_organizations").Token;
    }

    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var services = Services.Create(options);
        try
        {
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
            builder.Services.AddSingleton(options);
            // The host must not take over Ctrl+C/SIGTERM: in-process users (tests, the runner) own their console.
            builder.Services.AddSingleton<IHostLifetime, QuietHostLifetime>();
            var app = builder.Build();
            MapEndpoints(app, services);
            var unfinished = services.Store.Load(services.Profiles);
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First();
            foreach (var job in unfinished) services.Runner.Start(job);
            return new EmulatorServer(app, options, new Uri(address.TrimEnd('/')), services);
        }
        catch
        {
            services.Dispose();
            throw;
        }
    }

    private static void MapEndpoints(WebApplication app, Services services)
    {
        var options = services.Options;
        var statistics = services.Statistics;
        var faults = new FaultInjector(options, statistics);
        var authenticator = new CallerAuthenticator(options, services.Tokens);
        var jobs = new JobsEndpoints(options, authenticator, services.Store, services.Runner, services.Profiles, faults, statistics);
        var ims = new ImsTokenEndpoint(options, services.Tokens, statistics);

        app.Use(async (context, next) =>
        {
            // The control API watches the emulator; counting its own calls would change what it reports.
            if (context.Request.Path.StartsWithSegments(ControlEndpoints.Prefix))
            {
                await next(context);
                return;
            }
            statistics.CountRequest(context.Request.Method);
            RequestBodies.ApplyLimits(context, options);
            context.Response.Headers[RequestIds.Header] = RequestIds.Of(context);
            context.Response.OnStarting(() =>
            {
                statistics.CountResponse(context.Response.StatusCode);
                return Task.CompletedTask;
            });
            try
            {
                if (RequestHeaders.FindUnreadable(context.Request.Headers) is { } bad)
                {
                    var message = $"{bad.Name}: the header value cannot be read (character {bad.Position + 1} is not printable ASCII).";
                    await ApiErrors.WriteAsync(context, 400, message, ApiErrors.Gateway.BadHeader(message));
                    return;
                }
                if (!await faults.BeforeProcessingAsync(context)) return;
                await next(context);
            }
            catch (BadHttpRequestException error) when (!context.Response.HasStarted)
            {
                // Kestrel refused to read the body on: too large (413), too slow (408) or badly framed (400).
                await ApiErrors.WriteAsync(context, error.StatusCode, RequestBodies.Describe(error, options));
            }
            catch (Exception) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away; there is nobody to answer.
            }
            catch (Exception error) when (!context.Response.HasStarted)
            {
                await ApiErrors.WriteAsync(context, 500, "Internal emulator error: " + error.GetType().Name);
            }
        });

        app.Map("/", context => StatusPageAsync(context, services));
        foreach (var path in ImsTokenEndpoint.Paths) app.Map(path, ims.HandleAsync);
        app.Map(JobsEndpoints.CollectionPath, jobs.HandleCollectionAsync);
        app.Map(JobsEndpoints.CollectionPath + "/{id}", jobs.HandleItemAsync);
        if (options.ControlApi) ControlEndpoints.Map(app, options, statistics);
        app.MapFallback(context => ApiErrors.WriteAsync(context, 404, $"No resource at {context.Request.Path}."));
    }

    private static async Task StatusPageAsync(HttpContext context, Services services)
    {
        var options = services.Options;
        var root = $"{context.Request.Scheme}://{context.Request.Host}";
        var text = new StringBuilder()
            .AppendLine("AdobeExportJobs emulator: the Adobe Experience Platform export jobs API, locally")
            .AppendLine($"Platform API:  {root}/data/core/ups/export/jobs   (AEP_ENDPOINT={root})")
            .AppendLine($"IMS token:     {root}/ims/token/v3 and /v2      (AEP_IMS_ENDPOINT={root})")
            .AppendLine($"Clients:       {string.Join(", ", options.AllClients())}")
            .AppendLine($"Sandboxes:     {string.Join(", ", options.Sandboxes)}")
            .AppendLine($"Profiles:      {services.Profiles.Profiles.Count} (seed {services.Profiles.Seed})")
            .AppendLine($"Jobs:          {services.Store.Count} {string.Join(" ", services.Store.CountByStatus().OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}")
            .AppendLine($"Storage:       {(options.DataDirectory == null ? "in memory" : options.DataDirectory)}")
            .AppendLine($"Datasets:      {services.DatasetRoot.Path}")
            .AppendLine($"Limits:        bodies {options.MaxRequestBodyBytes} bytes, list pages {options.MaxListLimit} jobs")
            .AppendLine($"Requests:      {services.Statistics}")
            .AppendLine("Documentation: src/AdobeExportJobs.Emulator/README.md of the AdobeExportJobs emulator");
        context.Response.ContentType = "text/plain;charset=utf-8";
        await context.Response.WriteAsync(text.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        finally
        {
            // Stopping the running jobs leaves their stored state as it is, so a restart resumes them.
            _shutdown.Cancel();
            try { await _runner.WhenAllStopped(); }
            catch (OperationCanceledException) { }
            _persistence.Dispose();
            _shutdown.Dispose();
            _datasetRoot.Dispose();
        }
    }

    /// <summary>The parts one emulator instance is made of.</summary>
    private sealed class Services : IDisposable
    {
        public EmulatorOptions Options { get; private init; }
        public EmulatorStatistics Statistics { get; private init; }
        public ProfileStore Profiles { get; private init; }
        public IJobPersistence Persistence { get; private init; }
        public JobStore Store { get; private init; }
        public JobRunner Runner { get; private init; }
        public TokenService Tokens { get; private init; }
        public CancellationTokenSource Shutdown { get; private init; }
        public DatasetRootFolder DatasetRoot { get; private init; }

        public static Services Create(EmulatorOptions options)
        {
            var datasetRoot = DatasetRootFolder.Choose(options);
            IJobPersistence persistence = string.IsNullOrWhiteSpace(options.DataDirectory)
                ? new NoPersistence()
                : new SqliteJobPersistence(options.DataDirectory);
            var profiles = ProfileStore.Generate(options.ProfileCount, options.Seed);
            var store = new JobStore(persistence);
            var shutdown = new CancellationTokenSource();
            return new Services
            {
                Options = options,
                Statistics = new EmulatorStatistics(),
                Profiles = profiles,
                Persistence = persistence,
                Store = store,
                Runner = new JobRunner(store, profiles, datasetRoot.Path, shutdown.Token),
                Tokens = new TokenService(options, persistence),
                Shutdown = shutdown,
                DatasetRoot = datasetRoot,
            };
        }

        public void Dispose()
        {
            Shutdown.Cancel();
            Persistence.Dispose();
            Shutdown.Dispose();
            DatasetRoot.Dispose();
        }
    }
}

/// <summary>A host lifetime that neither listens for console signals nor blocks start or stop.</summary>
internal sealed class QuietHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
