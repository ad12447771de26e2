using System.Management.Automation;
using System.Reflection;
using Microsoft.PowerShell.Commands.Internal.Format;

namespace AdobeExportJobs.Tests.Module;

/// <summary>
/// Format-Table and Format-List for the hosted engine, which lacks Microsoft.PowerShell.Utility: the same engine
/// classes the real cmdlets are made of (System.Management.Automation holds them; only the two-line cmdlet shells live
/// in the missing assembly), so the views render exactly as a console user sees them. Import with <see cref="ImportInto"/>.
/// </summary>
internal static class FormatCommands
{
    public static void ImportInto(AdobeExportJobs.Runner.HostedPowerShell engine)
    {
        engine.SetVariable("FormatCommandsAssembly", typeof(FormatCommands).Assembly);
        var r = engine.Run("Import-Module -Assembly $FormatCommandsAssembly -Cmdlet Format-Table, Format-List");
        if (!r.Succeeded) throw new InvalidOperationException(r.AllText());
    }

    /// <summary>What the real cmdlets' constructors do: choose the shape the shared implementation formats with.</summary>
    internal static void UseShape(FrontEndCommandBase command, string shape)
    {
        var sma = typeof(PSObject).Assembly;
        var shapeType = sma.GetType("Microsoft.PowerShell.Commands.Internal.Format.FormatShape", throwOnError: true);
        var innerType = sma.GetType("Microsoft.PowerShell.Commands.Internal.Format.InnerFormatShapeCommand", throwOnError: true);
        var inner = Activator.CreateInstance(innerType, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, null,
            new[] { Enum.Parse(shapeType, shape) }, null);
        typeof(FrontEndCommandBase).GetField("implementation", BindingFlags.Instance | BindingFlags.NonPublic)!.SetValue(command, inner);
    }
}

[Cmdlet(VerbsCommon.Format, "Table")]
public sealed class TestFormatTableCommand : OuterFormatTableBase
{
    public TestFormatTableCommand() => FormatCommands.UseShape(this, "Table");
}

[Cmdlet(VerbsCommon.Format, "List")]
public sealed class TestFormatListCommand : OuterFormatTableAndListBase
{
    public TestFormatListCommand() => FormatCommands.UseShape(this, "List");
}
