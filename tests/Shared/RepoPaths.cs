namespace AdobeExportJobs.Testing;

/// <summary>
/// Finds the repository from the test binaries, so the tests and the benchmarks read the fixtures, the docs and the
/// built module wherever the clone lives. Linked into both projects: the one walk up to the repository root.
/// </summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> FoundRoot = new(() => TryFindRoot(AppContext.BaseDirectory));

    /// <summary>The folder holding AdobeExportJobs.sln.</summary>
    public static string Root => FoundRoot.Value ?? throw new InvalidOperationException("AdobeExportJobs.sln not found above " + AppContext.BaseDirectory);

    /// <summary>The root, or null when these binaries run outside a clone (a copied benchmark build).</summary>
    public static string RootOrNull => FoundRoot.Value;

    /// <summary>A path below the root, e.g. <c>RepoPaths.Combine("src", "AdobeExportJobs.Emulator")</c>.</summary>
    public static string Combine(params string[] parts) => Path.Combine(new[] { Root }.Concat(parts).ToArray());

    /// <summary>The JSON examples of Adobe's guides, kept in the repository (a user's clone has nothing beside it).</summary>
    public static string SeedFixtures => Combine("tests", "AdobeExportJobs.Tests", "Fixtures", "Seeds");

    public static string PesterTests => Combine("tests", "Pester");

    public static string ModuleManifest => Combine("out", "AdobeExportJobs", "AdobeExportJobs.psd1");

    /// <summary>The help sources (markdown, one file per cmdlet).</summary>
    public static string DocsFolder => Combine("docs", "en-US");

    /// <summary>The MAML generated from <see cref="DocsFolder"/>, as committed.</summary>
    public static string CommittedMaml => Combine("en-US", "AdobeExportJobs.dll-Help.xml");

    private static string TryFindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AdobeExportJobs.sln"))) return dir.FullName;
        }
        return null;
    }
}
