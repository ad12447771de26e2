namespace AdobeExportJobs.HelpGen;

/// <summary>
/// dotnet run --project tools/AdobeExportJobs.HelpGen [-- [--docs DIR] [--out FILE] [--check]]
/// Regenerates en-US/AdobeExportJobs.dll-Help.xml from docs/en-US/*.md; --check only compares and exits 1 on a difference.
/// </summary>
public static class HelpGenCommand
{
    public static int Main(string[] args)
    {
        var root = FindRepoRoot(Directory.GetCurrentDirectory()) ?? FindRepoRoot(AppContext.BaseDirectory) ?? Directory.GetCurrentDirectory();
        var docs = Path.Combine(root, "docs", "en-US");
        var output = Path.Combine(root, "en-US", "AdobeExportJobs.dll-Help.xml");
        var check = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--docs" when i + 1 < args.Length: docs = Path.GetFullPath(args[++i]); break;
                case "--out" when i + 1 < args.Length: output = Path.GetFullPath(args[++i]); break;
                case "--check": check = true; break;
                default:
                    Console.Error.WriteLine("usage: AdobeExportJobs.HelpGen [--docs DIR] [--out FILE] [--check]");
                    return 2;
            }
        }

        string maml;
        try
        {
            maml = HelpGenerator.Generate(docs);
        }
        catch (HelpFormatException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }

        if (check)
        {
            var current = File.Exists(output) ? File.ReadAllText(output).Replace("\r\n", "\n") : "";
            if (current == maml)
            {
                Console.WriteLine($"{output} is up to date with {docs}.");
                return 0;
            }
            Console.Error.WriteLine($"{output} differs from {docs}: run this tool without --check and commit the result.");
            return 1;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(output));
        File.WriteAllText(output, maml);
        Console.WriteLine($"Wrote {output} from {Directory.GetFiles(docs, "*-*.md").Length} files in {docs}.");
        return 0;
    }

    private static string FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AdobeExportJobs.sln"))) return dir.FullName;
        return null;
    }
}

public static class HelpGenerator
{
    /// <summary>Cmdlet help files are named Verb-Noun.md; anything else in the folder (about topics, drafts) is not cmdlet help.</summary>
    public static IReadOnlyList<CommandHelp> ReadFolder(string docsFolder) =>
        Directory.Exists(docsFolder)
            ? Directory.GetFiles(docsFolder, "*-*.md").OrderBy(f => f, StringComparer.Ordinal).Select(MarkdownHelpReader.ReadFile).ToList()
            : new List<CommandHelp>();

    public static string Generate(string docsFolder)
    {
        var commands = ReadFolder(docsFolder);
        foreach (var command in commands)
        {
            var expected = Path.GetFileNameWithoutExtension(command.SourceFile);
            if (!string.Equals(command.Name, expected, StringComparison.OrdinalIgnoreCase))
                throw new HelpFormatException(command.SourceFile, 1, $"the title '# {command.Name}' does not match the file name");
        }
        return MamlWriter.Write(commands);
    }
}
