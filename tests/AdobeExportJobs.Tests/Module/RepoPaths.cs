namespace AdobeExportJobs.Tests.Module;

/// <summary>Finds the repository from the test binaries, so tests read the seeds and the built module wherever the repo lives.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The seeds sit next to the repository: &lt;repo&gt;/../shared/seeds.</summary>
    public static string Seeds => Path.GetFullPath(Path.Combine(Root, "..", "shared", "seeds"));

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
