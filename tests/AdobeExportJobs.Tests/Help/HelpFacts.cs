using System.Management.Automation;
using AdobeExportJobs.HelpGen;

namespace AdobeExportJobs.Tests.Help;

/// <summary>Compares one cmdlet's markdown with what the engine knows about the cmdlet.</summary>
internal static class HelpFacts
{
    private const string AllSets = "__AllParameterSets";

    public static IEnumerable<string> Compare(CommandInfo cmdlet, CommandHelp doc)
    {
        var required = ModuleHelpFixture.OwnParameters(cmdlet).ToList();
        // platyPS documents -WhatIf and -Confirm like the cmdlet's own parameters; they are welcome but not required.
        var own = required.Concat(cmdlet.Parameters.Values.Where(p => Cmdlet.OptionalCommonParameters.Contains(p.Name)))
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

        foreach (var parameter in required.Where(p => doc.Parameters.All(d => !Same(d.Name, p.Name))))
            yield return $"{cmdlet.Name}: the markdown has no '### -{parameter.Name}'";
        foreach (var documented in doc.Parameters)
        {
            if (!own.TryGetValue(documented.Name, out var actual))
            {
                yield return $"{cmdlet.Name}: the markdown documents -{documented.Name}, which the cmdlet does not have";
                continue;
            }
            foreach (var problem in CompareParameter(cmdlet, actual, documented)) yield return $"{cmdlet.Name} -{documented.Name}: {problem}";
        }

        var sets = RealSets(cmdlet);
        var syntaxSets = doc.Syntax.Select(s => s.SetName).ToList();
        if (sets.Count == 1 ? syntaxSets.Count != 1 : !sets.Select(s => s.Name).OrderBy(n => n).SequenceEqual(syntaxSets.OrderBy(n => n)))
            yield return $"{cmdlet.Name}: SYNTAX shows sets [{string.Join(", ", syntaxSets)}], the cmdlet has [{string.Join(", ", sets.Select(s => s.Name))}]";
        else if (sets.Count > 1 && doc.Syntax.SingleOrDefault(s => s.IsDefault)?.SetName != sets.Single(s => s.IsDefault).Name)
            yield return $"{cmdlet.Name}: SYNTAX marks the wrong set (Default); the cmdlet's default is {sets.Single(s => s.IsDefault).Name}";
        foreach (var syntax in doc.Syntax)
        {
            var set = sets.Count == 1 ? sets[0] : sets.FirstOrDefault(s => Same(s.Name, syntax.SetName));
            if (set is null) continue;
            bool Expected(string name) => required.Any(p => Same(p.Name, name)) || (own.ContainsKey(name) && doc.Parameters.Any(d => Same(d.Name, name)));
            var expected = set.Parameters.Select(p => p.Name).Where(Expected).OrderBy(n => n, StringComparer.OrdinalIgnoreCase);
            var shown = syntax.ParameterNames.Where(Expected).OrderBy(n => n, StringComparer.OrdinalIgnoreCase);
            if (!expected.SequenceEqual(shown, StringComparer.OrdinalIgnoreCase))
                yield return $"{cmdlet.Name}: syntax of set {syntax.SetName} shows [{string.Join(", ", shown)}], the set has [{string.Join(", ", expected)}]";
        }

        var outputs = cmdlet.OutputType.Select(t => t.Name).ToList();
        if (outputs.Count == 0) yield return $"{cmdlet.Name}: the cmdlet declares no [OutputType]";
        foreach (var output in outputs.Where(o => doc.Outputs.All(d => !SameOutput(d.TypeName, o))))
            yield return $"{cmdlet.Name}: OUTPUTS does not name {output}, which [OutputType] declares";
        foreach (var documented in doc.Outputs.Where(d => outputs.All(o => !SameOutput(d.TypeName, o))))
            yield return $"{cmdlet.Name}: OUTPUTS names {documented.TypeName}, which [OutputType] does not declare";
    }

    private static IEnumerable<string> CompareParameter(CommandInfo cmdlet, ParameterMetadata actual, ParameterHelp documented)
    {
        if (documented.Description.Count == 0) yield return "no description";

        var typeNames = TypeNames(actual.ParameterType);
        foreach (var facts in documented.Facts.Where(f => !typeNames.Contains(f.Type, StringComparer.OrdinalIgnoreCase)))
            yield return $"Type is {facts.Type}, the code says {typeNames[0]}";

        var aliases = actual.Aliases.OrderBy(a => a, StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var facts in documented.Facts.Where(f => !f.Aliases.OrderBy(a => a, StringComparer.OrdinalIgnoreCase).SequenceEqual(aliases, StringComparer.OrdinalIgnoreCase)))
            yield return $"Aliases are [{string.Join(", ", facts.Aliases)}], the code has [{string.Join(", ", aliases)}]";

        var validateSet = actual.Attributes.OfType<ValidateSetAttribute>().SelectMany(v => v.ValidValues).ToList();
        foreach (var facts in documented.Facts.Where(f => !f.AcceptedValues.OrderBy(v => v).SequenceEqual(validateSet.OrderBy(v => v), StringComparer.OrdinalIgnoreCase)))
            yield return $"Accepted values are [{string.Join(", ", facts.AcceptedValues)}], the code's ValidateSet is [{string.Join(", ", validateSet)}]" +
                         (validateSet.Count == 0 ? " (values that only tab-complete belong in the description)" : "");

        // Which sets each yaml block speaks for, as the code has them.
        var realSets = RealSets(cmdlet).Select(s => s.Name).ToList();
        var codeSets = actual.ParameterSets.Keys.Contains(AllSets) ? realSets : actual.ParameterSets.Keys.ToList();
        var documentedSets = new List<string>();
        foreach (var facts in documented.Facts)
        {
            var covered = facts.ParameterSets.Contains("(All)") ? realSets : facts.ParameterSets;
            if (facts.ParameterSets.Contains("(All)") && codeSets.Count != realSets.Count)
                yield return $"Parameter Sets is (All), the parameter is only in [{string.Join(", ", codeSets)}]";
            documentedSets.AddRange(covered);
            foreach (var set in covered)
            {
                var meta = SetMetadata(actual, set);
                if (meta is null) { yield return $"is not in parameter set {set}"; continue; }
                if (meta.IsMandatory != facts.Required) yield return $"Required: {facts.Required} in set {set}, the code says {meta.IsMandatory}";
                var position = meta.Position == int.MinValue ? "Named" : meta.Position.ToString();
                if (!Same(position, facts.Position)) yield return $"Position: {facts.Position} in set {set}, the code says {position}";
                var pipeline = PipelineInput(meta);
                if (pipeline != facts.PipelineInput.Replace("ByValue, ByPropertyName", "ByPropertyName, ByValue"))
                    yield return $"Accept pipeline input: {facts.PipelineInput} in set {set}, the code says {pipeline}";
            }
        }
        foreach (var missing in codeSets.Where(s => !documentedSets.Contains(s, StringComparer.OrdinalIgnoreCase)))
            yield return $"no yaml block covers parameter set {missing}";
    }

    /// <summary>The sets a user sees; a cmdlet with no named set has one, called __AllParameterSets.</summary>
    private static List<CommandParameterSetInfo> RealSets(CommandInfo cmdlet) => cmdlet.ParameterSets.ToList();

    private static ParameterSetMetadata SetMetadata(ParameterMetadata parameter, string set) =>
        parameter.ParameterSets.TryGetValue(set, out var meta) ? meta
        : parameter.ParameterSets.TryGetValue(AllSets, out var all) ? all
        : null;

    private static string PipelineInput(ParameterSetMetadata meta) => (meta.ValueFromPipelineByPropertyName, meta.ValueFromPipeline) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByPropertyName)",
        (false, true) => "True (ByValue)",
        _ => "False",
    };

    /// <summary>platyPS writes a type's short name (String, Int32[], SwitchParameter); a full name is fine too.</summary>
    private static List<string> TypeNames(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying != null) return new List<string> { underlying.Name, underlying.FullName, $"Nullable`1[{underlying.Name}]" };
        return new List<string> { type.Name, type.FullName };
    }

    /// <summary>[OutputType(typeof(void))] is what platyPS and Get-Help call "None".</summary>
    private static bool SameOutput(string documented, string declared) =>
        Same(documented, declared) || (Same(documented, "None") && Same(declared, "System.Void"));

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
