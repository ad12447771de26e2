using System.Xml.Linq;
using AdobeExportJobs.HelpGen;
using AdobeExportJobs.Runner;
using Xunit;

namespace AdobeExportJobs.Tests.Help;

/// <summary>The markdown→MAML generator on a fixture that uses every part of the platyPS schema.</summary>
public class GeneratorTests
{
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private static string FixturePath => Path.Combine(RepoPaths.Root, "tests", "AdobeExportJobs.Tests", "Help", "Fixtures", "Get-Widget.md");

    private static string Fixture => File.ReadAllText(FixturePath);

    [Fact]
    public void Reads_every_section_of_the_platyPS_schema()
    {
        var help = MarkdownHelpReader.Read(Fixture, "Get-Widget.md");

        Assert.Equal("Get-Widget", help.Name);
        Assert.Equal("https://example.invalid/Get-Widget", help.OnlineVersion);
        Assert.Equal(new[] { "Gets widgets." }, help.Synopsis);
        Assert.Equal("The Get-Widget cmdlet gets widgets from the widget store.", help.Description[0]);
        Assert.Equal("It knows these colours:\n- red\n- blue", help.Description[1]);

        Assert.Equal(new[] { "List", "ById" }, help.Syntax.Select(s => s.SetName));
        Assert.True(help.Syntax[0].IsDefault);
        Assert.False(help.Syntax[1].IsDefault);
        Assert.Equal(new[] { "Color", "Limit", "Force" }, help.Syntax[0].ParameterNames);
        Assert.Equal(new[] { "Id" }, help.Syntax[1].ParameterNames);

        Assert.Equal(new[] { "Color", "Force", "Id", "Limit" }, help.Parameters.Select(p => p.Name));
        var id = help.Parameters.Single(p => p.Name == "Id").Main;
        Assert.Equal("Int64[]", id.Type);
        Assert.True(id.Required);
        Assert.Equal("0", id.Position);
        Assert.Equal("True (ByPropertyName, ByValue)", id.PipelineInput);
        Assert.Equal(new[] { "WidgetId" }, id.Aliases);
        Assert.Equal(new[] { "ById" }, id.ParameterSets);
        Assert.Equal(new[] { "red", "blue" }, help.Parameters.Single(p => p.Name == "Color").Main.AcceptedValues);
        Assert.Equal("0 (no limit)", help.Parameters.Single(p => p.Name == "Limit").Main.DefaultValue);
        Assert.True(help.SupportsCommonParameters);

        Assert.Equal("System.Int64[]", help.Inputs.Single().TypeName);
        Assert.Equal("Widgets.Widget", help.Outputs.Single().TypeName);
        Assert.Equal(new[] { "Widgets are cached for a minute." }, help.Notes);
        Assert.Equal(new[] { "https://example.invalid/Get-Widget", "about_Widgets" }, help.RelatedLinks.Select(l => l.Uri));
    }

    [Fact]
    public void Examples_keep_comments_in_code_and_carry_the_emulator_mark()
    {
        var help = MarkdownHelpReader.Read(Fixture, "Get-Widget.md");

        Assert.Equal(2, help.Examples.Count);
        Assert.Equal("Example 1: Get all widgets", help.Examples[0].Title);
        Assert.Equal("# every widget, newest first\nGet-Widget", help.Examples[0].Code);
        Assert.True(help.Examples[0].RunsOnEmulator);
        Assert.Equal(new[] { "This lists every widget." }, help.Examples[0].Remarks);

        Assert.False(help.Examples[1].RunsOnEmulator);
        Assert.Equal(@"PS C:\> Get-Widget -Id 42", help.Examples[1].Code);
        Assert.Equal(new[] { "Id Color\n-- -----\n42 red" }, help.Examples[1].Outputs);
        Assert.Empty(help.Examples[0].Outputs);
    }

    [Fact]
    public void Prose_loses_the_backticks_of_inline_code_and_code_keeps_them()
    {
        var help = MarkdownHelpReader.Read(Fixture, "Get-Widget.md");

        // `42` is code in markdown; the console shows 42. A span fenced by two backticks may hold one, as PowerShell's escape.
        Assert.Equal(new[] { "Gets widget 42; -Id `42 works too." }, help.Examples[1].Remarks);
        var withCode = MarkdownHelpReader.Read(Fixture.Replace("Get-Widget -Id 42\n```", "Get-Widget -Id `\n    42\n```"), "Get-Widget.md");
        Assert.Equal("PS C:\\> Get-Widget -Id `\n    42", withCode.Examples[1].Code);
    }

    [Fact]
    public void Sample_output_follows_the_code_so_Get_Help_keeps_its_columns()
    {
        var xml = XDocument.Parse(MamlWriter.Write(new[] { MarkdownHelpReader.Read(Fixture, "Get-Widget.md") }));
        var examples = xml.Root.Element(Command + "command").Element(Command + "examples").Elements(Command + "example").ToList();

        Assert.Equal("# every widget, newest first\nGet-Widget", examples[0].Element(Dev + "code").Value);
        Assert.Equal("PS C:\\> Get-Widget -Id 42\n\nId Color\n-- -----\n42 red", examples[1].Element(Dev + "code").Value);
        // The remarks are prose only: Get-Help trims each paragraph, which would shift a table's first line.
        Assert.Equal(new[] { "Gets widget 42; -Id `42 works too." }, examples[1].Element(Dev + "remarks").Elements(Maml + "para").Select(p => p.Value));
    }

    [Theory]
    [InlineData("## NOTES\n", "", "sections must be exactly")]
    [InlineData("Accept wildcard characters: False\n```\n\n### -Force", "Accept wildcard characters: False\nColour: red\n```\n\n### -Force", "unknown parameter field 'Colour'")]
    [InlineData("Position: 0", "Position: first", "Position is 'Named' or a number")]
    [InlineData("Required: True", "Required: yes", "'yes' is not True or False")]
    [InlineData("```powershell emulator\n# every widget, newest first\nGet-Widget\n```", "Just prose.", "has no code block")]
    [InlineData("[about_Widgets](about_Widgets)", "see about_Widgets", "is not a [text](uri) link")]
    public void Broken_markdown_is_refused_with_file_and_line(string find, string replace, string expectedMessage)
    {
        Assert.Contains(find, Fixture);
        var broken = Fixture.Replace(find, replace);

        var error = Assert.Throws<HelpFormatException>(() => MarkdownHelpReader.Read(broken, "Get-Widget.md"));
        Assert.Contains(expectedMessage, error.Message);
        Assert.Matches(@"^Get-Widget\.md:\d+: ", error.Message);
    }

    [Fact]
    public void Maml_has_the_structure_Get_Help_reads()
    {
        var xml = XDocument.Parse(MamlWriter.Write(new[] { MarkdownHelpReader.Read(Fixture, "Get-Widget.md") }));
        var command = xml.Root.Element(Command + "command");

        Assert.Equal("Get-Widget", command.Element(Command + "details").Element(Command + "name").Value);
        Assert.Equal("Get", command.Element(Command + "details").Element(Command + "verb").Value);
        Assert.Equal("Widget", command.Element(Command + "details").Element(Command + "noun").Value);

        var syntaxItems = command.Element(Command + "syntax").Elements(Command + "syntaxItem").ToList();
        Assert.Equal(2, syntaxItems.Count);
        var forceInSyntax = syntaxItems[0].Elements(Command + "parameter").Single(p => p.Element(Maml + "name").Value == "Force");
        Assert.Null(forceInSyntax.Element(Command + "parameterValue"));

        var id = command.Element(Command + "parameters").Elements(Command + "parameter").Single(p => p.Element(Maml + "name").Value == "Id");
        Assert.Equal("true", (string)id.Attribute("required"));
        Assert.Equal("0", (string)id.Attribute("position"));
        Assert.Equal("True (ByPropertyName, ByValue)", (string)id.Attribute("pipelineInput"));
        Assert.Equal("WidgetId", (string)id.Attribute("aliases"));
        Assert.Equal("Int64[]", id.Element(Dev + "type").Element(Maml + "name").Value);

        var color = command.Element(Command + "parameters").Elements(Command + "parameter").Single(p => p.Element(Maml + "name").Value == "Color");
        Assert.Equal(new[] { "red", "blue" }, color.Element(Command + "parameterValueGroup").Elements().Select(e => e.Value));
        Assert.Equal("named", (string)color.Attribute("position"));

        Assert.Equal(2, command.Element(Command + "examples").Elements().Count());
        Assert.Equal("System.Int64[]", command.Element(Command + "inputTypes").Descendants(Maml + "name").Single().Value);

        // Absolute links are kept for Get-Help -Online; relative ones are only text in the console.
        var links = command.Element(Command + "relatedLinks").Elements(Maml + "navigationLink").ToList();
        Assert.Equal(new[] { "https://example.invalid/Get-Widget", "" }, links.Select(l => l.Element(Maml + "uri").Value));
        Assert.Equal(new[] { "Online Version:", "about_Widgets" }, links.Select(l => l.Element(Maml + "linkText").Value));
    }

    [Theory]
    [InlineData("Example 1")]
    [InlineData("Example 2: End sessions made with New-AepSession")]
    [InlineData("Example 9: A title far too long to fit on one line of an eighty column console whatever we do")]
    public void Example_banners_fit_an_80_column_console_when_the_title_does(string title)
    {
        var banner = MamlWriter.ExampleTitle(title);
        Assert.Matches(@"^-{2,26} " + System.Text.RegularExpressions.Regex.Escape(title) + " -{2,26}$", banner);
        if (title.Length <= 70) Assert.True(4 + banner.Length <= 80, $"{banner.Length} columns");
    }

    [Fact]
    public void Output_is_deterministic_and_independent_of_file_order()
    {
        var widget = MarkdownHelpReader.Read(Fixture, "Get-Widget.md");
        var other = MarkdownHelpReader.Read(Fixture.Replace("# Get-Widget\n", "# Set-Widget\n"), "Set-Widget.md");

        Assert.Equal(MamlWriter.Write(new[] { widget, other }), MamlWriter.Write(new[] { other, widget }));
    }

    /// <summary>
    /// The real reader of the MAML: a function whose help comes from the generated file via .EXTERNALHELP,
    /// which Get-Help resolves through the same MAML provider as a binary cmdlet's dll-Help.xml.
    /// </summary>
    [Fact]
    public void Get_Help_in_the_hosted_engine_reads_the_generated_maml()
    {
        var folder = Directory.CreateTempSubdirectory("aej-helpgen-");
        try
        {
            var file = Path.Combine(folder.FullName, "Widgets-Help.xml");
            File.WriteAllText(file, MamlWriter.Write(new[] { MarkdownHelpReader.Read(Fixture, "Get-Widget.md") }));
            using var engine = new HostedPowerShell(importModule: false);
            var script =
                "function Get-Widget {\n    # .EXTERNALHELP " + file + "\n" +
                "    [CmdletBinding(DefaultParameterSetName='List')]\n    param([Parameter(ParameterSetName='List')][string]$Color, [Parameter(ParameterSetName='List')][int]$Limit, [Parameter(ParameterSetName='List')][switch]$Force,\n" +
                "          [Parameter(ParameterSetName='ById', Mandatory, Position=0, ValueFromPipeline, ValueFromPipelineByPropertyName)][Alias('WidgetId')][long[]]$Id)\n}\n" +
                "Get-Help Get-Widget -Full";
            var r = engine.Run(script);

            Assert.True(r.Succeeded, r.AllText());
            var help = r.Output.Single();
            Assert.Equal("Gets widgets.", PSObjects.Text(help, "Synopsis"));
            Assert.Equal(2, PSObjects.Items(PSObjects.Get(help, "examples"), "example").Count);
            var parameters = PSObjects.Items(PSObjects.Get(help, "parameters"), "parameter");
            Assert.Equal(new[] { "Color", "Force", "Id", "Limit" }, parameters.Select(p => PSObjects.Text(p, "name")));
            Assert.Equal("The widget ids.", PSObjects.DescriptionText(parameters[2]));
            Assert.Equal("true", PSObjects.Text(parameters[2], "required"));
            Assert.Equal("0", PSObjects.Text(parameters[2], "position"));
            Assert.Equal("WidgetId", PSObjects.Text(parameters[2], "aliases"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
