using AdobeExportJobs.Runner;
using Xunit;

namespace AdobeExportJobs.Tests.Help;

public class AboutTopicTests
{
    [Fact]
    public void Get_Help_finds_the_about_topic_shipped_in_the_module_folder()
    {
        using var engine = new HostedPowerShell();
        var r = engine.Run("Get-Help about_AdobeExportJobs");

        Assert.True(r.Succeeded, r.AllText());
        var text = string.Join("\n", r.Output.Select(o => o.ToString()));
        Assert.Contains("about_AdobeExportJobs", text);
        Assert.Contains("SHORT DESCRIPTION", text);
        // The copy in out/ is the one users get: it must be the committed source, not a stale build.
        Assert.Equal(Normalize(File.ReadAllText(HelpPaths.AboutTopic)), Normalize(text));
    }

    [Theory]
    [InlineData("SESSIONS AND AUTHENTICATION", "PSCredential", "AccessToken")]
    [InlineData("SANDBOXES", "x-sandbox-name", "New-AepSession")]
    [InlineData("JOB LIFECYCLE AND STATUSES", "PROCESSING", "CANCELLED")]
    [InlineData("PAGING", "-PageSize", "-Offset")]
    [InlineData("RETRIES AND THROTTLING", "429", "Retry-After")]
    [InlineData("THE EMULATOR", "emulator-secret", "src/AdobeExportJobs.Emulator")]
    [InlineData("ENVIRONMENT VARIABLES", "AEP_IMS_ENDPOINT", "AEP_ACCESS_TOKEN")]
    public void The_about_topic_explains_each_concept(string section, string mustMention1, string mustMention2)
    {
        var sections = AboutSections(File.ReadAllText(HelpPaths.AboutTopic));
        Assert.True(sections.ContainsKey(section), "missing section " + section);
        Assert.Contains(mustMention1, sections[section]);
        Assert.Contains(mustMention2, sections[section]);
    }

    [Fact]
    public void Every_AEP_environment_variable_of_the_design_is_documented()
    {
        var sections = AboutSections(File.ReadAllText(HelpPaths.AboutTopic));
        foreach (var name in new[] { "AEP_CLIENT_ID", "AEP_CLIENT_SECRET", "AEP_ORG_ID", "AEP_SANDBOX", "AEP_SCOPES",
                                     "AEP_ACCESS_TOKEN", "AEP_ENDPOINT", "AEP_IMS_ENDPOINT" })
            Assert.Contains(name, sections["ENVIRONMENT VARIABLES"]);
    }

    [Fact]
    public void The_about_topic_fits_an_80_column_console()
    {
        var lines = File.ReadAllLines(HelpPaths.AboutTopic);
        var tooLong = lines.Select((l, i) => (l, i)).Where(x => x.l.Length > 80 && !x.l.TrimStart().StartsWith("dotnet run") && !x.l.Contains("https://"));
        Assert.Empty(tooLong.Select(x => $"line {x.i + 1}: {x.l.Length} columns"));
    }

    /// <summary>Headings are the unindented upper-case lines.</summary>
    private static Dictionary<string, string> AboutSections(string text)
    {
        var sections = new Dictionary<string, string>();
        string current = null;
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && line == line.ToUpperInvariant()) { current = line.Trim(); sections[current] = ""; }
            else if (current != null) sections[current] += line + "\n";
        }
        return sections;
    }

    private static string Normalize(string s) => s.Replace("\r\n", "\n").Trim();
}
