using System.Management.Automation;
using AdobeExportJobs.HelpGen;
using Xunit;

namespace AdobeExportJobs.Tests.Help;

/// <summary>
/// The help users get from Get-Help against the cmdlets the built module really exports. Each test gathers every
/// problem it finds and fails with the whole list, so one run shows all the work left.
/// </summary>
public class ModuleHelpTests : IClassFixture<ModuleHelpFixture>
{
    private readonly ModuleHelpFixture _module;

    public ModuleHelpTests(ModuleHelpFixture module) => _module = module;

    [Fact]
    public void Every_exported_cmdlet_has_a_markdown_source_and_every_markdown_file_an_exported_cmdlet()
    {
        var exported = _module.Cmdlets.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // The fixed names of DESIGN.md: without them every check below would pass on an empty module.
        Assert.Subset(exported, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Connect-Aep", "New-AepSession", "Get-AepSession", "Disconnect-Aep", "Get-ExportJob" });
        Assert.Empty(exported.Where(name => !_module.Docs.ContainsKey(name)).Select(name => $"no docs/en-US/{name}.md"));
        Assert.Empty(_module.Docs.Keys.Where(name => !exported.Contains(name)).Select(name => $"docs/en-US/{name}.md documents a cmdlet the module does not export"));
    }

    [Fact]
    public void Get_Help_gives_every_cmdlet_a_synopsis_a_description_and_at_least_three_examples()
    {
        var problems = new List<string>();
        foreach (var cmdlet in _module.Cmdlets)
        {
            var help = _module.GetHelp(cmdlet.Name);
            var synopsis = PSObjects.Text(help, "Synopsis")?.Trim() ?? "";
            // Without MAML, PowerShell makes the synopsis up from the syntax, which starts with the cmdlet's name.
            if (synopsis.Length == 0 || synopsis.StartsWith(cmdlet.Name, StringComparison.OrdinalIgnoreCase))
                problems.Add($"{cmdlet.Name}: no synopsis (Get-Help shows '{synopsis}')");
            if (PSObjects.DescriptionText(help).Length == 0) problems.Add($"{cmdlet.Name}: no description");
            var examples = PSObjects.Items(PSObjects.Get(help, "examples"), "example");
            if (examples.Count < 3) problems.Add($"{cmdlet.Name}: {examples.Count} examples, at least 3 wanted");
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void Get_Help_describes_every_parameter_and_names_no_parameter_the_cmdlet_lacks()
    {
        var problems = new List<string>();
        foreach (var cmdlet in _module.Cmdlets)
        {
            var help = _module.GetHelp(cmdlet.Name);
            var helpParameters = PSObjects.Items(PSObjects.Get(help, "parameters"), "parameter")
                .ToDictionary(p => PSObjects.Text(p, "name"), StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in ModuleHelpFixture.OwnParameters(cmdlet))
            {
                if (!helpParameters.TryGetValue(parameter.Name, out var documented)) problems.Add($"{cmdlet.Name} -{parameter.Name}: no help");
                else if (PSObjects.DescriptionText(documented).Length == 0) problems.Add($"{cmdlet.Name} -{parameter.Name}: empty description");
            }
            foreach (var name in helpParameters.Keys.Where(n => !cmdlet.Parameters.ContainsKey(n)))
                problems.Add($"{cmdlet.Name}: help names -{name}, which the cmdlet does not have");
        }
        Assert.Empty(problems);
    }

    [Fact]
    public void Every_example_parses_and_uses_only_parameters_the_cmdlets_have()
    {
        var problems = new List<string>();
        foreach (var cmdlet in _module.Cmdlets)
        {
            var examples = PSObjects.Items(PSObjects.Get(_module.GetHelp(cmdlet.Name), "examples"), "example");
            foreach (var example in examples)
            {
                var title = PSObjects.Text(example, "title")?.Trim('-', ' ');
                var code = PSObjects.Text(example, "code") ?? "";
                foreach (var error in ExampleCode.ParseErrors(code))
                    problems.Add($"{cmdlet.Name} '{title}': line {error.Extent.StartLineNumber}: {error.Message}");
                foreach (var unknown in ExampleCode.UnknownParameters(code, _module.Cmdlets))
                    problems.Add($"{cmdlet.Name} '{title}': {unknown} is not a parameter");
            }
        }
        Assert.Empty(problems);
    }

    /// <summary>The facts platyPS takes from the code (type, sets, required, position, pipeline, aliases, ValidateSet) must still be true.</summary>
    [Fact]
    public void Markdown_parameter_facts_match_the_cmdlet_metadata()
    {
        var problems = new List<string>();
        foreach (var cmdlet in _module.Cmdlets)
        {
            if (!_module.Docs.TryGetValue(cmdlet.Name, out var doc)) continue; // reported by the test above
            problems.AddRange(HelpFacts.Compare(cmdlet, doc));
        }
        Assert.Empty(problems);
    }
}
