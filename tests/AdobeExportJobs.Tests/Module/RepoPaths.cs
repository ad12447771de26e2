namespace AdobeExportJobs.Tests.Module;

/// <summary>Finds the repository from the test binaries, so tests read the fixtures and the built module wherever the repo lives.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The JSON examples of Adobe's guides, kept in the repository (a user's clone has nothing beside it).</summary>
    public static string SeedFixtures => Path.Combine(Root, "tests", "AdobeExportJobs.Tests", "Fixtures", "Seeds");

    public static string PesterTests => Path.Combine(Root, "tests", "Pester");

    public static string ModuleManifest => Path.Combine(Root, "out", "AdobeExportJobs", "AdobeExportJobs.psd1");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AdobeExportJobs.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("AdobeExportJobs.sln not found above " + AppContext.BaseDirectory);
    }
}
