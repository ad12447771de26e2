using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AdobeExportJobs.Commands
{
    /// <summary>Completes a parameter from a fixed list of words, matching the typed prefix in any case.</summary>
    internal abstract class FixedValuesCompleter : IArgumentCompleter
    {
        protected abstract IEnumerable<string> Values { get; }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return Values
                .Where(value => value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(value => new CompletionResult(value, value, CompletionResultType.ParameterValue, value));
        }
    }
}
