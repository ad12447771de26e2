using System.Management.Automation;
using AdobeExportJobs.Emulator;
using AdobeExportJobs.Runner;
using AdobeExportJobs.Tests.Module;
using Xunit;

namespace AdobeExportJobs.Tests.Lifecycle;

/// <summary>An emulator on loopback and a hosted engine already connected to it (Connect-Aep, sandbox prod).</summary>
internal sealed class Connected : IAsyncDisposable
{
    private Connected(EmulatorServer server, ModuleShell shell)
    {
        Server = server;
        Shell = shell;
    }

    public EmulatorServer Server { get; }
    public ModuleShell Shell { get; }

    public static async Task<Connected> StartAsync(Action<EmulatorOptions> configure = null, string connectExtra = "")
    {
        var server = await TestEmulator.StartAsync(configure);
        var shell = new ModuleShell(server);
        var connect = shell.Run(ModuleShell.Connect + " " + connectExtra);
        Assert.True(connect.Succeeded, Describe(connect));
        return new Connected(server, shell);
    }

    public HostedRunResult Run(string script, bool render = false) => Shell.Run(script, render);

    /// <summary>Runs a script that must succeed without any error record.</summary>
    public HostedRunResult RunClean(string script)
    {
        var r = Shell.Run(script);
        Assert.True(r.Succeeded, Describe(r));
        return r;
    }

    public long Posts => Server.Statistics.RequestsByMethod.GetValueOrDefault("POST") - Server.Statistics.TokensIssued;

    public long Deletes => Server.Statistics.RequestsByMethod.GetValueOrDefault("DELETE");

    public static string Describe(HostedRunResult r) =>
        string.Join("\n", r.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)) + "\n" + r.TerminatingError;

    public async ValueTask DisposeAsync()
    {
        Shell.Dispose();
        await Server.DisposeAsync();
    }
}

internal static class Jobs
{
    public static long Id(PSObject job) => (long)job.Properties["Id"].Value;

    public static string Status(PSObject job) => (string)job.Properties["Status"].Value;

    public static Model.ExportJob Model(PSObject job) => (Model.ExportJob)job.BaseObject;

    public static ErrorRecord SingleError(HostedRunResult r, string errorId)
    {
        var error = Assert.Single(r.Errors);
        Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId);
        return error;
    }
}
