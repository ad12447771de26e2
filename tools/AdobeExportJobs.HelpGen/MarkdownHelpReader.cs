using System.Text.RegularExpressions;

namespace AdobeExportJobs.HelpGen;

/// <summary>
/// Reads one cmdlet's help from markdown in the platyPS schema 2.0.0 (what New-MarkdownHelp writes).
/// Strict on purpose: a missing section or yaml field is an error naming the file and line, so the
/// help cannot silently lose a part.
/// </summary>
public static class MarkdownHelpReader
{
    private static readonly string[] Sections =
        { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

    private static readonly string[] YamlKeys =
    {
        "Type", "Parameter Sets", "Aliases", "Accepted values", "Required", "Position", "Default value",
        "Accept pipeline input", "Accept wildcard characters",
    };

    public static CommandHelp ReadFile(string path) => Read(File.ReadAllText(path), Path.GetFileName(path));

    public static CommandHelp Read(string markdown, string fileName)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var help = new CommandHelp { SourceFile = fileName };
        var start = ReadFrontMatter(lines, help, fileName);
        var blocks = MarkdownBlocks.Parse(lines, start, fileName);

        var title = blocks.FirstOrDefault();
        if (title is not Heading { Level: 1 } h1) throw new HelpFormatException(fileName, title?.Line ?? lines.Length, "expected '# <Cmdlet-Name>' as the first heading");
        help.Name = h1.Text;

        var sections = SplitByHeading(blocks.Skip(1).ToList(), level: 2, fileName);
        var names = sections.Select(s => s.Heading.Text).ToList();
        if (!names.SequenceEqual(Sections))
            throw new HelpFormatException(fileName, sections.FirstOrDefault().Heading?.Line ?? h1.Line,
                $"sections must be exactly: {string.Join(", ", Sections)}; found: {string.Join(", ", names)}");

        foreach (var (heading, body) in sections)
        {
            switch (heading.Text)
            {
                case "SYNOPSIS": help.Synopsis.AddRange(Paragraphs(body, fileName, allowCode: false)); break;
                case "SYNTAX": ReadSyntax(help, heading, body, fileName); break;
                case "DESCRIPTION": help.Description.AddRange(Paragraphs(body, fileName, allowCode: true)); break;
                case "EXAMPLES": ReadExamples(help, body, fileName); break;
                case "PARAMETERS": ReadParameters(help, body, fileName); break;
                case "INPUTS": help.Inputs.AddRange(ReadTypes(body, fileName)); break;
                case "OUTPUTS": help.Outputs.AddRange(ReadTypes(body, fileName)); break;
                case "NOTES": help.Notes.AddRange(Paragraphs(body, fileName, allowCode: true)); break;
                case "RELATED LINKS": help.RelatedLinks.AddRange(ReadLinks(body, fileName)); break;
            }
        }
        if (help.Synopsis.Count == 0) throw new HelpFormatException(fileName, sections[0].Heading.Line, "SYNOPSIS is empty");
        return help;
    }

    private static int ReadFrontMatter(string[] lines, CommandHelp help, string fileName)
    {
        if (lines.Length == 0 || lines[0].Trim() != "---") return 0;
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim() == "---")
            {
                help.Metadata = metadata;
                return i + 1;
            }
            var colon = lines[i].IndexOf(':');
            if (colon < 0) throw new HelpFormatException(fileName, i + 1, "front matter lines are 'key: value'");
            metadata[lines[i].Substring(0, colon).Trim()] = lines[i].Substring(colon + 1).Trim();
        }
        throw new HelpFormatException(fileName, 1, "front matter is not closed by '---'");
    }

    private static void ReadSyntax(CommandHelp help, Heading section, List<Block> body, string fileName)
    {
        var sets = SplitByHeading(body, level: 3, fileName, allowLeadingBlocks: true);
        if (sets.Count == 0)
        {
            var only = body.OfType<CodeBlock>().SingleOrDefault()
                ?? throw new HelpFormatException(fileName, section.Line, "SYNTAX needs one code block, or one '### SetName' with a code block per parameter set");
            help.Syntax.Add(Syntax("__AllParameterSets", true, only));
            return;
        }
        foreach (var (heading, setBody) in sets)
        {
            var code = setBody.OfType<CodeBlock>().SingleOrDefault()
                ?? throw new HelpFormatException(fileName, heading.Line, $"parameter set '{heading.Text}' needs exactly one code block");
            var isDefault = heading.Text.EndsWith("(Default)", StringComparison.Ordinal);
            var name = isDefault ? heading.Text.Substring(0, heading.Text.Length - "(Default)".Length).Trim() : heading.Text;
            help.Syntax.Add(Syntax(name, isDefault, code));
        }
    }

    private static SyntaxHelp Syntax(string setName, bool isDefault, CodeBlock code)
    {
        var syntax = new SyntaxHelp { SetName = setName, IsDefault = isDefault, Text = code.Text.Trim() };
        foreach (Match m in Regex.Matches(code.Text, @"(?<![\w-])-(?<name>[A-Za-z][A-Za-z0-9]*)\b"))
        {
            if (!syntax.ParameterNames.Contains(m.Groups["name"].Value, StringComparer.OrdinalIgnoreCase))
                syntax.ParameterNames.Add(m.Groups["name"].Value);
        }
        return syntax;
    }

    private static void ReadExamples(CommandHelp help, List<Block> body, string fileName)
    {
        foreach (var (heading, exampleBody) in SplitByHeading(body, level: 3, fileName))
        {
            var example = new ExampleHelp { Title = heading.Text };
            foreach (var block in exampleBody)
            {
                switch (block)
                {
                    case CodeBlock code when example.Code is null:
                        example.Code = code.Text.TrimEnd();
                        example.FenceInfo = code.Info;
                        break;
                    case CodeBlock output:
                        // A second fence is sample output.
                        example.Outputs.Add(output.Text.TrimEnd());
                        break;
                    case Paragraph p:
                        example.Remarks.Add(p.Text);
                        break;
                    default:
                        throw new HelpFormatException(fileName, block.Line, "unexpected heading inside an example");
                }
            }
            if (example.Code is null) throw new HelpFormatException(fileName, heading.Line, $"example '{heading.Text}' has no code block");
            help.Examples.Add(example);
        }
    }

    private static void ReadParameters(CommandHelp help, List<Block> body, string fileName)
    {
        foreach (var (heading, parameterBody) in SplitByHeading(body, level: 3, fileName))
        {
            if (heading.Text == "CommonParameters")
            {
                help.SupportsCommonParameters = true;
                continue;
            }
            if (!heading.Text.StartsWith("-", StringComparison.Ordinal))
                throw new HelpFormatException(fileName, heading.Line, "parameter headings are '### -Name' or '### CommonParameters'");

            var parameter = new ParameterHelp { Name = heading.Text.Substring(1) };
            foreach (var block in parameterBody)
            {
                switch (block)
                {
                    case CodeBlock { Info: "yaml" } yaml: parameter.Facts.Add(ReadYaml(yaml, fileName)); break;
                    case Paragraph p when parameter.Facts.Count == 0: parameter.Description.Add(p.Text); break;
                    default: throw new HelpFormatException(fileName, block.Line, $"-{parameter.Name}: description first, then ```yaml blocks");
                }
            }
            if (parameter.Facts.Count == 0) throw new HelpFormatException(fileName, heading.Line, $"-{parameter.Name} has no ```yaml block");
            help.Parameters.Add(parameter);
        }
    }

    private static ParameterSetFacts ReadYaml(CodeBlock yaml, string fileName)
    {
        var values = new Dictionary<string, string>();
        var lineNumber = yaml.Line;
        foreach (var line in yaml.Text.Split('\n'))
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var colon = line.IndexOf(':');
            var key = colon < 0 ? line.Trim() : line.Substring(0, colon).Trim();
            if (colon < 0 || !YamlKeys.Contains(key)) throw new HelpFormatException(fileName, lineNumber, $"unknown parameter field '{key}'");
            values[key] = line.Substring(colon + 1).Trim();
        }
        var missing = YamlKeys.Where(k => k != "Accepted values" && !values.ContainsKey(k)).ToList();
        if (missing.Count > 0) throw new HelpFormatException(fileName, yaml.Line, "parameter fields missing: " + string.Join(", ", missing));

        var facts = new ParameterSetFacts
        {
            Type = values["Type"],
            Required = Bool(values["Required"], fileName, yaml.Line),
            Position = values["Position"],
            DefaultValue = values["Default value"],
            PipelineInput = values["Accept pipeline input"],
            AcceptsWildcards = Bool(values["Accept wildcard characters"], fileName, yaml.Line),
        };
        facts.ParameterSets.AddRange(List(values["Parameter Sets"]));
        facts.Aliases.AddRange(List(values["Aliases"]));
        if (values.TryGetValue("Accepted values", out var accepted)) facts.AcceptedValues.AddRange(List(accepted));
        if (facts.Type.Length == 0) throw new HelpFormatException(fileName, yaml.Line, "Type is empty");
        if (facts.Position != "Named" && !int.TryParse(facts.Position, out _)) throw new HelpFormatException(fileName, yaml.Line, "Position is 'Named' or a number");
        if (!Regex.IsMatch(facts.PipelineInput, @"^(False|True \((ByValue|ByPropertyName|ByPropertyName, ByValue|ByValue, ByPropertyName)\))$"))
            throw new HelpFormatException(fileName, yaml.Line, "Accept pipeline input is False, True (ByValue), True (ByPropertyName) or True (ByPropertyName, ByValue)");
        return facts;
    }

    private static IEnumerable<string> List(string value) =>
        value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0);

    private static bool Bool(string value, string fileName, int line) => value switch
    {
        "True" => true,
        "False" => false,
        _ => throw new HelpFormatException(fileName, line, $"'{value}' is not True or False"),
    };

    private static IEnumerable<TypeHelp> ReadTypes(List<Block> body, string fileName)
    {
        foreach (var (heading, typeBody) in SplitByHeading(body, level: 3, fileName))
        {
            var type = new TypeHelp { TypeName = heading.Text };
            type.Description.AddRange(Paragraphs(typeBody, fileName, allowCode: false));
            yield return type;
        }
    }

    private static IEnumerable<LinkHelp> ReadLinks(List<Block> body, string fileName)
    {
        foreach (var block in body)
        {
            if (block is not Paragraph p) throw new HelpFormatException(fileName, block.Line, "RELATED LINKS holds only [text](uri) lines");
            foreach (var line in p.Lines)
            {
                var m = Regex.Match(line.Trim(), @"^\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)$");
                if (!m.Success) throw new HelpFormatException(fileName, p.Line, $"'{line}' is not a [text](uri) link");
                yield return new LinkHelp { Text = m.Groups["text"].Value, Uri = m.Groups["uri"].Value };
            }
        }
    }

    private static IEnumerable<string> Paragraphs(List<Block> body, string fileName, bool allowCode)
    {
        foreach (var block in body)
        {
            switch (block)
            {
                case Paragraph p: yield return p.Text; break;
                case CodeBlock c when allowCode: yield return c.Text.TrimEnd(); break;
                default: throw new HelpFormatException(fileName, block.Line, "only text is allowed here");
            }
        }
    }

    private static List<(Heading Heading, List<Block> Body)> SplitByHeading(List<Block> blocks, int level, string fileName, bool allowLeadingBlocks = false)
    {
        var result = new List<(Heading, List<Block>)>();
        foreach (var block in blocks)
        {
            if (block is Heading h && h.Level == level) result.Add((h, new List<Block>()));
            else if (block is Heading deeper && deeper.Level < level) throw new HelpFormatException(fileName, deeper.Line, $"unexpected heading '{deeper.Text}'");
            else if (result.Count > 0) result[^1].Item2.Add(block);
            else if (!allowLeadingBlocks && !(block is Paragraph { Text.Length: 0 })) throw new HelpFormatException(fileName, block.Line, $"expected a level-{level} heading here");
        }
        if (allowLeadingBlocks && result.Count > 0 && blocks.First() is not Heading)
            throw new HelpFormatException(fileName, blocks.First().Line, "text before the first parameter set heading");
        return result;
    }
}
