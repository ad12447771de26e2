namespace AdobeExportJobs.Tests.Module;

/// <summary>One JSON example of a seed document: a ```json block or a curl <c>-d '...'</c> body.</summary>
public sealed record SeedExample(string File, int Index, string Kind, string Json)
{
    public override string ToString() => $"{File}#{Index} ({Kind})";
}

/// <summary>
/// The JSON examples of Adobe's five "export jobs" guides (two API versions, five languages), kept as fixtures in the
/// repository: Fixtures/Seeds/&lt;guide&gt;.&lt;index&gt;.&lt;kind&gt;.json, extracted once from the guides' ```json blocks and
/// curl <c>-d '...'</c> bodies, byte for byte (v1's literal <c>"next": "string"</c>, <c>batches</c> as object and as
/// array, <c>dataSetId</c>, the FAILED job with a Spark stack).
/// </summary>
internal static class SeedExamples
{
    public static IReadOnlyList<SeedExample> All { get; } = Load();

    public static IEnumerable<object[]> OfKind(string kind) =>
        All.Where(e => e.Kind == kind).Select(e => new object[] { e });

    private static List<SeedExample> Load()
    {
        var examples = new List<SeedExample>();
        foreach (var path in Directory.GetFiles(RepoPaths.SeedFixtures, "*.json").OrderBy(p => p, StringComparer.Ordinal))
        {
            // <guide>.<index>.<kind>.json
            var parts = Path.GetFileNameWithoutExtension(path).Split('.');
            examples.Add(new SeedExample(parts[0] + ".txt", int.Parse(parts[1]), parts[2], File.ReadAllText(path)));
        }
        return examples;
    }
}
