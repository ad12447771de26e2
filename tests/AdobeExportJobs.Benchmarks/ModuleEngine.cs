using System.Management.Automation;
using System.Security;
using AdobeExportJobs.Emulator;
using AdobeExportJobs.Runner;

namespace AdobeExportJobs.Benchmarks;

/// <summary>
/// A hosted PowerShell engine with out/AdobeExportJobs imported and connected to the emulator, the way a user would:
/// Connect-Aep with client id, secret, org and sandbox.
/// </summary>
public sealed class ModuleEngine : IDisposable
{
    private readonly HostedPowerShell _ps = new(ManifestPath);

    /// <summary>The module to import; null: out/AdobeExportJobs above this program (--module compares another build).</summary>
    public static string ManifestPath { get; set; }

    public ModuleEngine(EmulatorEndpoint server, string sandbox = "prod", string connectOptions = "")
    {
        _ps.SetVariable("Endpoint", server.BaseAddress);
        _ps.SetVariable("ClientId", server.Options.ClientId);
        _ps.SetVariable("Secret", Secure(server.Options.ClientSecret));
        _ps.SetVariable("OrgId", server.Options.OrgId);
        Connect(sandbox, connectOptions);
    }

    public HostedPowerShell Engine => _ps;

    public void Connect(string sandbox, string connectOptions = "") =>
        Run($"Connect-Aep -ClientId $ClientId -ClientSecret $Secret -OrgId $OrgId -Sandbox '{sandbox}' -Endpoint $Endpoint -ImsEndpoint $Endpoint {connectOptions}");

    public void Set(string name, object value) => _ps.SetVariable(name, value);

    /// <summary>Runs a script that must not fail; returns its output.</summary>
    public IReadOnlyList<PSObject> Run(string script)
    {
        var result = _ps.Run(script);
        if (!result.Succeeded)
        {
            var why = result.TerminatingError?.Message ?? result.Errors[0].ToString();
            throw new InvalidOperationException($"Script failed ({result.Errors.Count} errors): {why}\n--- script ---\n{script}");
        }
        return result.Output;
    }

    public HostedRunResult RunUnchecked(string script) => _ps.Run(script);

    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    public void Dispose() => _ps.Dispose();
}
