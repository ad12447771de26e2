using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using AdobeExportJobs.Runner;

namespace AdobeExportJobs.Tests;

/// <summary>
/// The tests link the module (Private=false keeps it out of the test folder) and resolve it from
/// out/AdobeExportJobs, so unit tests and Import-Module in the hosted engine use the one assembly the build
/// laid out: what users import is what is tested.
/// </summary>
internal static class ModuleAssemblyResolver
{
    public static string ModuleFolder { get; } = Path.GetDirectoryName(HostedPowerShell.FindModuleManifest());

    [ModuleInitializer]
    internal static void Register()
    {
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            if (name.Name != "AdobeExportJobs") return null;
            return context.LoadFromAssemblyPath(Path.Combine(ModuleFolder, "AdobeExportJobs.dll"));
        };
    }
}
