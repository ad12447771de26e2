using AdobeExportJobs.Emulator;
using AdobeExportJobs.Runner;

namespace AdobeExportJobs.Tests.Module;

/// <summary>
/// The hosted engine with the built module imported, and variables describing one emulator:
/// $Endpoint, $ClientId, $Secret (SecureString), $OrgId. <see cref="Connect"/> is the usual connect line;
/// <see cref="Connected(EmulatorServer, string, long?)"/> and <see cref="ConnectedTo"/> give an engine with a session of
/// its own (<see cref="OwnSession"/>).
/// </summary>
internal sealed class ModuleShell : IDisposable
{
    public const string Connect = "Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox prod -Endpoint $Endpoint -ImsEndpoint $Endpoint";

    /// <summary>
    /// A session for this engine alone, which the export-job cmdlets use through $PSDefaultParameterValues: the default
    /// session (Connect-Aep's) is the process's, shared by every engine, and tests run side by side in one process.
    /// </summary>
    public static string OwnSession(string connectOptions = "") =>
        "$AepSession = " + Connect.Replace("Connect-Aep ", "New-AepSession ") + " " + connectOptions
        + "\n$PSDefaultParameterValues['*-ExportJob*:Session'] = $AepSession";

    private readonly HostedPowerShell _ps;

    public ModuleShell(EmulatorServer server = null, int width = 160)
    {
        _ps = new HostedPowerShell(width: width);
        if (server != null) UseEmulator(server);
    }

    /// <summary>
    /// An engine with a session of its own on the emulator (<see cref="OwnSession"/> with <paramref name="connectOptions"/>). With
    /// <paramref name="warmJobId"/> ($Job in the engine) a first read of that job fetches the token, so the faults a
    /// test switches on next meet platform calls only.
    /// </summary>
    public static ModuleShell Connected(EmulatorServer server, string connectOptions = "", long? warmJobId = null)
    {
        var shell = new ModuleShell(server);
        EngineAssert.Succeeded(shell.Run(OwnSession(connectOptions)));
        if (warmJobId.HasValue)
        {
            shell.Set("Job", warmJobId.Value);
            EngineAssert.Succeeded(shell.Run("Get-ExportJob -Id $Job"));
        }
        return shell;
    }

    /// <summary>An engine with a session of its own on a scripted server ($Scripted) that serves both the platform and IMS paths.</summary>
    public static ModuleShell ConnectedTo(ScriptedHttpServer server, string connectOptions = "", string secret = "scripted-secret")
    {
        var shell = new ModuleShell();
        shell.Set("Scripted", server.BaseAddress);
        shell.Set("Secret", TestEmulator.Secure(secret));
        EngineAssert.Succeeded(shell.Run("$AepSession = New-AepSession -ClientId c -ClientSecret $Secret -OrgId o -Sandbox prod -Endpoint $Scripted -ImsEndpoint $Scripted " + connectOptions
            + "\n$PSDefaultParameterValues['*-ExportJob*:Session'] = $AepSession"));
        return shell;
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
