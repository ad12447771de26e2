using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    /// <summary>Tab completion for -Status with the known statuses; the parameter still takes any other string.</summary>
    public sealed class ExportJobStatusCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return ExportJobStatus.Known
                .Where(status => status.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(status => new CompletionResult(status, status, CompletionResultType.ParameterValue, status));
        }
    }
}
