using System.Text.RegularExpressions;

namespace AdobeExportJobs.Tests.Module;

/// <summary>One JSON example of a seed document: a ```json block or a curl <c>-d '...'</c> body.</summary>
public sealed record SeedExample(string File, int Index, string Kind, string Json)
{
    public override string ToString() => $"{File}#{Index} ({Kind})";
}

internal static class SeedExamples
{
    private static readonly Regex JsonBlock = new(@"```json\s*\n(.*?)\n\s*```", RegexOptions.Singleline);
    private static readonly Regex CurlBody = new(@"-d\s+'(.*?)'", RegexOptions.Singleline);

    public static IReadOnlyList<SeedExample> All { get; } = Load();

    public static IEnumerable<object[]> OfKind(string kind) =>
        All.Where(e => e.Kind == kind).Select(e => new object[] { e });

    private static List<SeedExample> Load()
    {
        var examples = new List<SeedExample>();
        foreach (var path in Directory.GetFiles(RepoPaths.Seeds, "*.txt").OrderBy(p => p, StringComparer.Ordinal))
        {
            var text = File.ReadAllText(path);
            var name = Path.GetFileName(path);
            int index = 0;
            foreach (Match m in JsonBlock.Matches(text)) examples.Add(Classify(name, index++, m.Groups[1].Value, fromCurl: false));
            foreach (Match m in CurlBody.Matches(text)) examples.Add(Classify(name, index++, m.Groups[1].Value, fromCurl: true));
        }
        return examples;
    }

    private static SeedExample Classify(string file, int index, string json, bool fromCurl)
    {
        var trimmed = json.Trim();
        // The v2 guide shows the segment-per-batch destination as a bare "destination": {...} member.
        if (trimmed.StartsWith("\"destination\"")) return new SeedExample(file, index, "jobFragment", "{" + trimmed + "}");
        if (fromCurl) return new SeedExample(file, index, "request", trimmed);
        if (trimmed.Contains("\"records\"")) return new SeedExample(file, index, "page", trimmed);
        if (trimmed.Contains("\"jobType\"")) return new SeedExample(file, index, "job", trimmed);
        if (trimmed.Contains("\"message\"")) return new SeedExample(file, index, "cancel", trimmed);
        return new SeedExample(file, index, "unknown", trimmed);
    }
}
