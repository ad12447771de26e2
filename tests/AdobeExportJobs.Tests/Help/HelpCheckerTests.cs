using System.Management.Automation;
using AdobeExportJobs.HelpGen;
using AdobeExportJobs.Runner;
using Xunit;

namespace AdobeExportJobs.Tests.Help;

/// <summary>
/// The checks that guard the module's help, tried on the Get-Widget fixture and a function defined to match it,
/// so they are known to catch drift before any real cmdlet relies on them.
/// </summary>
public class HelpCheckerTests : IDisposable
{
    private const string MatchingFunction = """
        function Get-Widget {
            [CmdletBinding(DefaultParameterSetName = 'List')]
            [OutputType('Widgets.Widget')]
            param(
                [Parameter(ParameterSetName = 'List')][ValidateSet('red', 'blue')][string]$Color,
                [Parameter(ParameterSetName = 'List')][int]$Limit,
                [Parameter(ParameterSetName = 'List')][switch]$Force,
                [Parameter(ParameterSetName = 'ById', Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
                [Alias('WidgetId')][long[]]$Id)
        }
        """;

    private readonly HostedPowerShell _engine = new(importModule: false);

    private static CommandHelp Doc => MarkdownHelpReader.ReadFile(Path.Combine(HelpPaths.RepoRoot, "tests", "AdobeExportJobs.Tests", "Help", "Fixtures", "Get-Widget.md"));

    private CommandInfo Define(string function)
    {
        var r = _engine.Run(function + "\nGet-Command Get-Widget");
        Assert.True(r.Succeeded, r.AllText());
        return (CommandInfo)r.Output.Single().BaseObject;
    }

    [Fact]
    public void Markdown_that_matches_the_code_has_no_problems()
    {
        Assert.Empty(HelpFacts.Compare(Define(MatchingFunction), Doc));
    }

    [Fact]
    public void WhatIf_and_Confirm_may_be_documented_when_the_cmdlet_supports_ShouldProcess()
    {
        var doc = Doc;
        var markdown = File.ReadAllText(Path.Combine(HelpPaths.RepoRoot, "tests", "AdobeExportJobs.Tests", "Help", "Fixtures", "Get-Widget.md"))
            .Replace("[<CommonParameters>]", "[-WhatIf] [-Confirm] [<CommonParameters>]")
            .Replace("### CommonParameters", WhatIfBlock + "\n### CommonParameters");
        var withWhatIf = MarkdownHelpReader.Read(markdown, "Get-Widget.md");
        var supports = Define(MatchingFunction.Replace("[CmdletBinding(DefaultParameterSetName = 'List')]", "[CmdletBinding(DefaultParameterSetName = 'List', SupportsShouldProcess)]"));

        Assert.Empty(HelpFacts.Compare(supports, withWhatIf));
        Assert.Empty(HelpFacts.Compare(supports, doc)); // not documenting them is fine too
        Assert.Contains(HelpFacts.Compare(Define(MatchingFunction), withWhatIf), p => p.Contains("documents -WhatIf, which the cmdlet does not have"));
    }

    private const string WhatIfBlock = """
        ### -WhatIf
        Shows what would happen.

        ```yaml
        Type: SwitchParameter
        Parameter Sets: (All)
        Aliases: wi

        Required: False
        Position: Named
        Default value: None
        Accept pipeline input: False
        Accept wildcard characters: False
        ```

        """;

    [Theory]
    [InlineData("[Parameter(ParameterSetName = 'List')][int]$Limit,", "[Parameter(ParameterSetName = 'List')][int]$Limit, [Parameter(ParameterSetName = 'List')][string]$Size,", "the markdown has no '### -Size'")]
    [InlineData("[Parameter(ParameterSetName = 'List')][int]$Limit,", "", "documents -Limit, which the cmdlet does not have")]
    [InlineData("[Parameter(ParameterSetName = 'List')][int]$Limit", "[Parameter(ParameterSetName = 'List')][long]$Limit", "Type is Int32, the code says Int64")]
    [InlineData("[Parameter(ParameterSetName = 'List')][int]$Limit", "[Parameter(ParameterSetName = 'List', Mandatory)][int]$Limit", "Required: False in set List, the code says True")]
    [InlineData("Position = 0, ", "Position = 1, ", "Position: 0 in set ById, the code says 1")]
    [InlineData("ValueFromPipeline, ValueFromPipelineByPropertyName", "ValueFromPipelineByPropertyName", "Accept pipeline input: True (ByPropertyName, ByValue) in set ById, the code says True (ByPropertyName)")]
    [InlineData("[Alias('WidgetId')]", "[Alias('WidgetId', 'Wid')]", "Aliases are [WidgetId], the code has [Wid, WidgetId]")]
    [InlineData("[ValidateSet('red', 'blue')]", "[ValidateSet('red', 'blue', 'green')]", "Accepted values are [red, blue], the code's ValidateSet is [red, blue, green]")]
    [InlineData("ParameterSetName = 'ById'", "ParameterSetName = 'ByKey'", "SYNTAX shows sets [List, ById], the cmdlet has")]
    [InlineData("DefaultParameterSetName = 'List'", "DefaultParameterSetName = 'ById'", "SYNTAX marks the wrong set (Default)")]
    [InlineData("[OutputType('Widgets.Widget')]", "[OutputType('Widgets.Gadget')]", "OUTPUTS does not name Widgets.Gadget")]
    public void Drift_between_code_and_markdown_is_reported(string find, string replace, string expected)
    {
        Assert.Contains(find, MatchingFunction);
        var problems = HelpFacts.Compare(Define(MatchingFunction.Replace(find, replace)), Doc).ToList();

        Assert.Contains(problems, p => p.Contains(expected));
    }

    [Theory]
    [InlineData("Get-Widget -Color red -Limit 3", 0, 0)]
    [InlineData("PS C:\\> Get-Widget -Col red | ForEach-Object { Get-Widget -WidgetId $_.Id }", 0, 0)]
    [InlineData("Get-Widget -Colour red", 0, 1)]
    [InlineData("Get-Widget -Id (1, 2", 1, 0)]
    [InlineData("Get-Widget -L 3", 0, 0)]
    public void Examples_are_parsed_and_their_parameters_resolved_as_the_binder_would(string code, int parseErrors, int unknownParameters)
    {
        var command = Define(MatchingFunction);

        Assert.Equal(parseErrors, ExampleCode.ParseErrors(code).Length);
        Assert.Equal(unknownParameters, ExampleCode.UnknownParameters(code, new[] { command }).Count());
    }

    public void Dispose() => _engine.Dispose();
}
