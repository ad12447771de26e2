using System.Management.Automation;
using AdobeExportJobs.HelpGen;
using AdobeExportJobs.Runner;

namespace AdobeExportJobs.Tests.Help;

/// <summary>One engine with the built module imported, its exported cmdlets, and the markdown help read once.</summary>
public sealed class ModuleHelpFixture : IDisposable
{
    public ModuleHelpFixture()
    {
        Engine = new HostedPowerShell();
        var exported = Engine.Run("(Get-Module AdobeExportJobs).ExportedCmdlets.Values");
        if (!exported.Succeeded) throw new InvalidOperationException(exported.AllText());
        Cmdlets = exported.Output.Select(o => (CmdletInfo)o.BaseObject).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        Docs = HelpGenerator.ReadFolder(HelpPaths.DocsFolder).ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
    }

    public HostedPowerShell Engine { get; }

    public IReadOnlyList<CmdletInfo> Cmdlets { get; }

    public IReadOnlyDictionary<string, CommandHelp> Docs { get; }

    /// <summary>Parameters a user writes help for: the cmdlet's own, not -Verbose, -WhatIf and the like.</summary>
    public static IEnumerable<ParameterMetadata> OwnParameters(CommandInfo cmdlet) =>
        cmdlet.Parameters.Values.Where(p => !Cmdlet.CommonParameters.Contains(p.Name) && !Cmdlet.OptionalCommonParameters.Contains(p.Name));

    public PSObject GetHelp(string name)
    {
        var r = Engine.Run("Get-Help -Name $args[0] -Full", arguments: new object[] { name });
        if (!r.Succeeded || r.Output.Count != 1) throw new InvalidOperationException($"Get-Help {name}: {r.AllText()}");
        return r.Output[0];
    }

    public void Dispose() => Engine.Dispose();
}
