using System.Collections;
using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    /// <summary>Completes a parameter from a fixed list of words.</summary>
    internal abstract class FixedValuesCompleter : Completer
    {
        protected abstract IEnumerable<string> Values { get; }

        protected override IEnumerable<(string Word, CompletionResult Result)> Candidates(IDictionary fakeBoundParameters) =>
            Values.Select(value => (value, new CompletionResult(value, value, CompletionResultType.ParameterValue, value)));
    }
}
