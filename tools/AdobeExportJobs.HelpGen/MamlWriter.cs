using System.Text;
using System.Xml;

namespace AdobeExportJobs.HelpGen;

/// <summary>
/// Writes MAML the way platyPS's New-ExternalHelp does, which is what Get-Help reads for binary cmdlets
/// (&lt;module&gt;/en-US/&lt;dll&gt;-Help.xml). Output is deterministic: same input, same bytes.
/// </summary>
public static class MamlWriter
{
    private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private const string MsHelp = "http://msdn.microsoft.com/mshelp";

    public static string Write(IEnumerable<CommandHelp> commands)
    {
        var text = new StringBuilder();
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
            Encoding = new UTF8Encoding(false),
        };
        using (var xml = XmlWriter.Create(new StringWriterUtf8(text), settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("helpItems", "http://msh");
            xml.WriteAttributeString("schema", "maml");
            foreach (var command in commands.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)) WriteCommand(xml, command);
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return text.Append('\n').ToString();
    }

    private static void WriteCommand(XmlWriter xml, CommandHelp help)
    {
        xml.WriteStartElement("command", "command", Command);
        xml.WriteAttributeString("xmlns", "maml", null, Maml);
        xml.WriteAttributeString("xmlns", "command", null, Command);
        xml.WriteAttributeString("xmlns", "dev", null, Dev);
        xml.WriteAttributeString("xmlns", "MSHelp", null, MsHelp);

        xml.WriteStartElement("command", "details", Command);
        xml.WriteElementString("command", "name", Command, help.Name);
        xml.WriteElementString("command", "verb", Command, help.Verb);
        xml.WriteElementString("command", "noun", Command, help.Noun);
        Description(xml, help.Synopsis);
        xml.WriteEndElement();

        Description(xml, help.Description);

        xml.WriteStartElement("command", "syntax", Command);
        foreach (var set in help.Syntax)
        {
            xml.WriteStartElement("command", "syntaxItem", Command);
            xml.WriteElementString("maml", "name", Maml, help.Name);
            foreach (var name in set.ParameterNames)
            {
                var parameter = help.Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                if (parameter is null) continue; // e.g. a "-Confirm" in the text that is a common parameter
                var facts = parameter.Facts.FirstOrDefault(f => f.AppliesTo(set.SetName)) ?? parameter.Main;
                Parameter(xml, parameter, facts, inSyntax: true);
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();

        xml.WriteStartElement("command", "parameters", Command);
        foreach (var parameter in help.Parameters) Parameter(xml, parameter, parameter.Main, inSyntax: false);
        xml.WriteEndElement();

        Types(xml, "inputTypes", "inputType", help.Inputs);
        Types(xml, "returnValues", "returnValue", help.Outputs);

        xml.WriteStartElement("maml", "alertSet", Maml);
        xml.WriteStartElement("maml", "alert", Maml);
        Paras(xml, help.Notes);
        xml.WriteEndElement();
        xml.WriteEndElement();

        xml.WriteStartElement("command", "examples", Command);
        foreach (var example in help.Examples)
        {
            xml.WriteStartElement("command", "example", Command);
            xml.WriteElementString("maml", "title", Maml, ExampleTitle(example.Title));
            xml.WriteElementString("dev", "code", Dev, ExampleCode(example));
            xml.WriteStartElement("dev", "remarks", Dev);
            Paras(xml, example.Remarks);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        xml.WriteEndElement();

        xml.WriteStartElement("command", "relatedLinks", Command);
        foreach (var link in help.RelatedLinks)
        {
            xml.WriteStartElement("maml", "navigationLink", Maml);
            xml.WriteElementString("maml", "linkText", Maml, link.Text);
            // Relative links (Connect-Aep.md, about_X) serve the markdown on a web site; in the console only the text helps,
            // and Get-Help -Online must find a real address.
            var absolute = Uri.TryCreate(link.Uri, UriKind.Absolute, out var uri) && (uri.Scheme == "https" || uri.Scheme == "http");
            xml.WriteElementString("maml", "uri", Maml, absolute ? link.Uri : "");
            xml.WriteEndElement();
        }
        xml.WriteEndElement();

        xml.WriteEndElement();
    }

    private static void Parameter(XmlWriter xml, ParameterHelp parameter, ParameterSetFacts facts, bool inSyntax)
    {
        var isSwitch = facts.Type is "SwitchParameter" or "System.Management.Automation.SwitchParameter";
        xml.WriteStartElement("command", "parameter", Command);
        xml.WriteAttributeString("required", Lower(facts.Required));
        xml.WriteAttributeString("variableLength", "true");
        xml.WriteAttributeString("globbing", Lower(facts.AcceptsWildcards));
        xml.WriteAttributeString("pipelineInput", facts.PipelineInput);
        xml.WriteAttributeString("position", facts.Position == "Named" ? "named" : facts.Position);
        xml.WriteAttributeString("aliases", facts.Aliases.Count == 0 ? "none" : string.Join(", ", facts.Aliases));
        xml.WriteElementString("maml", "name", Maml, parameter.Name);
        Description(xml, parameter.Description);
        if (facts.AcceptedValues.Count > 0)
        {
            xml.WriteStartElement("command", "parameterValueGroup", Command);
            foreach (var value in facts.AcceptedValues)
            {
                xml.WriteStartElement("command", "parameterValue", Command);
                xml.WriteAttributeString("required", "false");
                xml.WriteAttributeString("command", "variableLength", Command, "false");
                xml.WriteString(value);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        // A switch takes no value on the command line, so the syntax shows none; the parameter list still names its type.
        if (!(inSyntax && isSwitch))
        {
            xml.WriteStartElement("command", "parameterValue", Command);
            xml.WriteAttributeString("required", Lower(!isSwitch));
            xml.WriteAttributeString("variableLength", "false");
            xml.WriteString(facts.Type);
            xml.WriteEndElement();
        }
        xml.WriteStartElement("dev", "type", Dev);
        xml.WriteElementString("maml", "name", Maml, facts.Type);
        xml.WriteElementString("maml", "uri", Maml, "");
        xml.WriteEndElement();
        xml.WriteElementString("dev", "defaultValue", Dev, facts.DefaultValue);
        xml.WriteEndElement();
    }

    private static void Types(XmlWriter xml, string listElement, string itemElement, List<TypeHelp> types)
    {
        xml.WriteStartElement("command", listElement, Command);
        foreach (var type in types)
        {
            xml.WriteStartElement("command", itemElement, Command);
            xml.WriteStartElement("dev", "type", Dev);
            xml.WriteElementString("maml", "name", Maml, type.TypeName);
            xml.WriteEndElement();
            Description(xml, type.Description);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void Description(XmlWriter xml, List<string> paragraphs)
    {
        xml.WriteStartElement("maml", "description", Maml);
        Paras(xml, paragraphs);
        xml.WriteEndElement();
    }

    private static void Paras(XmlWriter xml, List<string> paragraphs)
    {
        if (paragraphs.Count == 0) xml.WriteElementString("maml", "para", Maml, "");
        foreach (var paragraph in paragraphs) xml.WriteElementString("maml", "para", Maml, paragraph);
    }

    /// <summary>
    /// The example's code and, after a blank line, its sample output, as Microsoft's own help shows them. Get-Help prints
    /// a code element as it is (less the indentation all its lines share), while it trims each paragraph of the
    /// remarks: a table there would lose the indentation of its first line and with it the alignment of its columns.
    /// </summary>
    public static string ExampleCode(ExampleHelp example) =>
        string.Join("\n\n", new[] { example.Code }.Concat(example.Outputs));

    /// <summary>
    /// The dashed banner Get-Help prints over each example. platyPS always pads with 26 dashes a side; here the padding
    /// shrinks with the title so the banner stays on one line of an 80-column console (Get-Help indents it by 4).
    /// </summary>
    public static string ExampleTitle(string title)
    {
        var dashes = Math.Max(2, Math.Min(26, (76 - title.Length - 2) / 2));
        var side = new string('-', dashes);
        return $"{side} {title} {side}";
    }

    private static string Lower(bool value) => value ? "true" : "false";

    /// <summary>XmlWriter writes the encoding of its TextWriter into the declaration: say utf-8, not utf-16.</summary>
    private sealed class StringWriterUtf8 : StringWriter
    {
        public StringWriterUtf8(StringBuilder sb) : base(sb) { }
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
