using System.Text.RegularExpressions;
using AdobeExportJobs.Commands;
using Xunit;

namespace AdobeExportJobs.Tests.Module;

/// <summary>
/// The error ids scripts match: one catalogue (ErrorIds), each id with a category where ErrorRecords are made, and
/// README's troubleshooting table listing exactly the catalogue.
/// </summary>
public class ErrorCatalogTests
{
    [Fact]
    public void README_troubleshooting_table_lists_exactly_the_ids_of_the_catalogue()
    {
        var documented = TroubleshootingIds();
        var catalogue = ErrorIds.All.ToHashSet();
        Assert.True(documented.SetEquals(catalogue),
            "Not in README's table: " + string.Join(", ", catalogue.Except(documented)) +
            "; in the table but not in ErrorIds: " + string.Join(", ", documented.Except(catalogue)));
    }

    [Fact]
    public void Every_id_has_a_category_and_no_id_is_written_twice()
    {
        Assert.All(ErrorIds.All, id => Assert.True(ErrorRecords.Knows(id), id + " has no category in ErrorRecords"));
        Assert.Equal(ErrorIds.All.Count, ErrorIds.All.Distinct().Count());
    }

    [Fact]
    public void No_source_file_but_the_catalogue_spells_an_id()
    {
        var module = RepoPaths.Combine("src", "AdobeExportJobs");
        var spelled = Directory.GetFiles(module, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && Path.GetFileName(f) != "ErrorIds.cs")
            .SelectMany(f => ErrorIds.All.Where(id => File.ReadAllText(f).Contains('"' + id + '"')).Select(id => $"{Path.GetFileName(f)}: {id}"))
            .ToList();
        Assert.Empty(spelled);
    }

    /// <summary>The ids in the first column of the table under "## Troubleshooting": the backquoted words.</summary>
    private static HashSet<string> TroubleshootingIds()
    {
        var readme = File.ReadAllText(RepoPaths.Combine("README.md")).Replace("\r\n", "\n");
        var section = readme[readme.IndexOf("\n## Troubleshooting", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n\n**", StringComparison.Ordinal)];
        var firstColumns = section.Split('\n').Where(line => line.StartsWith("| ") && !line.StartsWith("| symptom")).Select(line => line.Split('|')[1]);
        return firstColumns.SelectMany(cell => Regex.Matches(cell, "`([A-Z][A-Za-z]+)`").Select(m => m.Groups[1].Value)).ToHashSet();
    }
}
