using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdobeExportJobs.Emulator;

/// <summary>Settings of one emulator instance; every default is the documented demo value.</summary>
public sealed class EmulatorOptions
{
    public string Urls { get; set; } = "http://127.0.0.1:0";
    public string ClientId { get; set; } = "emulator-client";
    public string ClientSecret { get; set; } = "emulator-secret";
    public string OrgId { get; set; } = "EMULATOR0000000000000000@AdobeOrg";
    public List<string> Sandboxes { get; set; } = new() { "prod", "dev" };
}

/// <summary>An emulator running in this process; used by tests, the runner and the benchmarks.</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorServer(WebApplication app, EmulatorOptions options, Uri baseUrl)
    {
        _app = app;
        Options = options;
        BaseUrl = baseUrl;
    }

    public EmulatorOptions Options { get; }

    /// <summary>Root of both the platform and the IMS paths, e.g. http://127.0.0.1:5123 (no trailing slash).</summary>
    public Uri BaseUrl { get; }

    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Urls);
        var app = builder.Build();
        app.MapGet("/", () => "AdobeExportJobs emulator");
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First();
        return new EmulatorServer(app, options, new Uri(address.TrimEnd('/')));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
