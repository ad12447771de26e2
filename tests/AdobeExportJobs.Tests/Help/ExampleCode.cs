using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;

namespace AdobeExportJobs.Tests.Help;

/// <summary>What an example's code means to PowerShell: the script without prompts, its parse errors, and the module parameters it names.</summary>
internal static class ExampleCode
{
    /// <summary>Examples may show a prompt ("PS C:\&gt; ", "PS&gt; "); a user types what follows it.</summary>
    public static string WithoutPrompts(string code) =>
        string.Join("\n", code.Replace("\r\n", "\n").Split('\n').Select(l => Regex.Replace(l, @"^PS( [A-Za-z]:[^>]*)?> ", "")));

    public static ParseError[] ParseErrors(string code)
    {
        Parser.ParseInput(WithoutPrompts(code), out _, out var errors);
        return errors;
    }

    /// <summary>
    /// "-Name" uses in the example that no parameter of the named module cmdlet answers to, by name, alias or
    /// unambiguous prefix, as the binder would resolve them.
    /// </summary>
    public static IEnumerable<string> UnknownParameters(string code, IEnumerable<CommandInfo> cmdlets)
    {
        var ast = Parser.ParseInput(WithoutPrompts(code), out _, out _);
        foreach (CommandAst command in ast.FindAll(a => a is CommandAst, searchNestedScriptBlocks: true))
        {
            var cmdlet = cmdlets.FirstOrDefault(c => string.Equals(c.Name, command.GetCommandName(), StringComparison.OrdinalIgnoreCase));
            if (cmdlet is null) continue;
            var names = cmdlet.Parameters.Values.SelectMany(p => p.Aliases.Prepend(p.Name)).ToList();
            foreach (var parameter in command.CommandElements.OfType<CommandParameterAst>())
            {
                var given = parameter.ParameterName;
                var exact = names.Any(n => string.Equals(n, given, StringComparison.OrdinalIgnoreCase));
                var byPrefix = cmdlet.Parameters.Values.Count(p => p.Aliases.Prepend(p.Name).Any(n => n.StartsWith(given, StringComparison.OrdinalIgnoreCase)));
                if (!exact && byPrefix != 1) yield return $"{cmdlet.Name} -{given}";
            }
        }
    }
}
