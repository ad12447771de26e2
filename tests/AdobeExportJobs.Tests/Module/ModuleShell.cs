using AdobeExportJobs.Emulator;
using AdobeExportJobs.Runner;

namespace AdobeExportJobs.Tests.Module;

/// <summary>
/// The hosted engine with the built module imported, and variables describing one emulator:
/// $Endpoint, $ClientId, $Secret (SecureString), $OrgId. <see cref="Connect"/> is the usual connect line.
/// </summary>
internal sealed class ModuleShell : IDisposable
{
    public const string Connect = "Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -ImsEndpoint $Endpoint";

    private readonly HostedPowerShell _ps;

    public ModuleShell(EmulatorServer server = null, int width = 160)
    {
        _ps = new HostedPowerShell(width: width);
        if (server != null) UseEmulator(server);
    }

    public HostedPowerShell Engine => _ps;

    public void UseEmulator(EmulatorServer server, string prefix = "")
    {
        _ps.SetVariable(prefix + "Endpoint", server.BaseAddress);
        _ps.SetVariable(prefix + "ClientId", server.Options.ClientId);
        _ps.SetVariable(prefix + "Secret", TestEmulator.Secure(server.Options.ClientSecret));
        _ps.SetVariable(prefix + "OrgId", server.Options.OrgId);
    }

    public HostedRunResult Run(string script, bool render = false) => _ps.Run(script, render);

    public Task<HostedRunResult> RunAsync(string script, bool render = false, CancellationToken cancellationToken = default) =>
        _ps.RunAsync(script, render, cancellationToken: cancellationToken);

    public void Set(string name, object value) => _ps.SetVariable(name, value);

    public void Dispose() => _ps.Dispose();
}
