using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Completes a parameter from what the module already knows, without a server call: the candidates whose word starts
    /// with what was typed (in any case, quotes left out), in the order given.
    /// </summary>
    internal abstract class Completer : IArgumentCompleter
    {
        /// <summary>Each candidate: the word matched against what was typed, and how it is offered.</summary>
        protected abstract IEnumerable<(string Word, CompletionResult Result)> Candidates(IDictionary fakeBoundParameters);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return Candidates(fakeBoundParameters)
                .Where(candidate => candidate.Word.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(candidate => candidate.Result);
        }
    }
}
