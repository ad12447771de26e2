using AdobeExportJobs.HelpGen;
using Xunit;

namespace AdobeExportJobs.Tests.Help;

public class MamlInStepTests
{
    /// <summary>The MAML is committed (platyPS is not obtainable everywhere); the markdown is its source. They must agree.</summary>
    [Fact]
    public void Committed_maml_is_what_the_markdown_generates()
    {
        var generated = HelpGenerator.Generate(RepoPaths.DocsFolder);
        var committed = File.ReadAllText(RepoPaths.CommittedMaml).Replace("\r\n", "\n");

        Assert.True(generated == committed,
            "en-US/AdobeExportJobs.dll-Help.xml is out of step with docs/en-US: run " +
            "'dotnet run --project tools/AdobeExportJobs.HelpGen' (or ./build.ps1 -Task Help) and commit the result.");
    }
}
