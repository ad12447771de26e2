namespace AdobeExportJobs.HelpGen;

/// <summary>The help of one cmdlet as the platyPS markdown states it.</summary>
public sealed class CommandHelp
{
    public string Name { get; set; }
    public string SourceFile { get; set; }
    public IReadOnlyDictionary<string, string> Metadata { get; set; } = new Dictionary<string, string>();
    public string OnlineVersion => Metadata.TryGetValue("online version", out var uri) ? uri : "";
    public List<string> Synopsis { get; } = new();
    public List<SyntaxHelp> Syntax { get; } = new();
    public List<string> Description { get; } = new();
    public List<ExampleHelp> Examples { get; } = new();
    public List<ParameterHelp> Parameters { get; } = new();
    public bool SupportsCommonParameters { get; set; }
    public List<TypeHelp> Inputs { get; } = new();
    public List<TypeHelp> Outputs { get; } = new();
    public List<string> Notes { get; } = new();
    public List<LinkHelp> RelatedLinks { get; } = new();

    public string Verb => Name.Split('-')[0];
    public string Noun => Name.Contains('-') ? Name.Substring(Name.IndexOf('-') + 1) : "";
}

/// <summary>One parameter set as written in the SYNTAX section.</summary>
public sealed class SyntaxHelp
{
    /// <summary>The H3 title without "(Default)"; "__AllParameterSets" when the section has a single untitled block.</summary>
    public string SetName { get; set; }
    public bool IsDefault { get; set; }
    public string Text { get; set; }
    /// <summary>Parameter names in the order the syntax line shows them (without the dash).</summary>
    public List<string> ParameterNames { get; } = new();
}

public sealed class ExampleHelp
{
    public string Title { get; set; }
    public string Code { get; set; }
    /// <summary>The language word of the code fence and anything after it, e.g. "powershell emulator".</summary>
    public string FenceInfo { get; set; }
    public List<string> Remarks { get; } = new();

    /// <summary>The sample output of the example: the fences after its code (```output), as written.</summary>
    public List<string> Outputs { get; } = new();

    /// <summary>
    /// Convention: an example whose code fence reads <c>```powershell emulator</c> can run as written against the
    /// emulator, once the AEP_* variables point at it and Connect-Aep has made a default session.
    /// platyPS and GitHub read only the first word of the fence, so the mark is invisible to readers.
    /// </summary>
    public bool RunsOnEmulator => FenceInfo.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Contains("emulator");
}

public sealed class ParameterHelp
{
    public string Name { get; set; }
    public List<string> Description { get; } = new();
    /// <summary>One per yaml block: platyPS writes several when the parameter differs between sets.</summary>
    public List<ParameterSetFacts> Facts { get; } = new();

    public ParameterSetFacts Main => Facts[0];
}

/// <summary>The yaml block under a parameter.</summary>
public sealed class ParameterSetFacts
{
    public string Type { get; set; }
    public List<string> ParameterSets { get; } = new();
    public List<string> Aliases { get; } = new();
    public List<string> AcceptedValues { get; } = new();
    public bool Required { get; set; }
    /// <summary>"Named" or a number.</summary>
    public string Position { get; set; }
    public string DefaultValue { get; set; }
    /// <summary>As platyPS writes it: "False", "True (ByValue)", "True (ByPropertyName)", "True (ByPropertyName, ByValue)".</summary>
    public string PipelineInput { get; set; }
    public bool AcceptsWildcards { get; set; }

    public bool AppliesTo(string setName) =>
        ParameterSets.Contains("(All)") || ParameterSets.Contains(setName, StringComparer.OrdinalIgnoreCase);
}

public sealed class TypeHelp
{
    public string TypeName { get; set; }
    public List<string> Description { get; } = new();
}

public sealed class LinkHelp
{
    public string Text { get; set; }
    public string Uri { get; set; }
}

/// <summary>A markdown file that does not follow the schema; the message names the file and line.</summary>
public sealed class HelpFormatException : Exception
{
    public HelpFormatException(string file, int line, string message)
        : base($"{file}:{line}: {message}") { }
}
