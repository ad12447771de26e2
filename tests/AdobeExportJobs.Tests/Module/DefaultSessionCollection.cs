using Xunit;

namespace AdobeExportJobs.Tests.Module;

/// <summary>
/// Tests whose engines use the default session (Connect-Aep, Get-AepSession, Disconnect-Aep without -Session). That
/// session belongs to the process, so they run alone, after the tests that run side by side; the others give each
/// engine a session of its own (<see cref="ModuleShell.OwnSession"/>).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DefaultSessionCollection
{
    public const string Name = "The process's default session";
}
