using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AdobeExportJobs.Commands
{
    /// <summary>Tab completion for -SegmentStatus: realized, existing, exited.</summary>
    public sealed class SegmentStatusCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return ExportJobRequestBuilder.SegmentStatuses
                .Where(status => status.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(status => new CompletionResult(status, status, CompletionResultType.ParameterValue, status));
        }
    }
}
