namespace AdobeExportJobs.Tests.Help;

/// <summary>Where the help sources and the built module live, found from the test binaries.</summary>
internal static class HelpPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string DocsFolder => Path.Combine(RepoRoot, "docs", "en-US");

    public static string CommittedMaml => Path.Combine(RepoRoot, "en-US", "AdobeExportJobs.dll-Help.xml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AdobeExportJobs.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("AdobeExportJobs.sln not found above " + AppContext.BaseDirectory);
    }
}
