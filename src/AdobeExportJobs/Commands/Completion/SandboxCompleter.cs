using System.Collections;
using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Tab completion for -Sandbox from what this process already knows, without a server call: the default session's
    /// sandbox, then the sandboxes of the other sessions made in any runspace of the process (newest first), then $env:AEP_SANDBOX.
    /// </summary>
    internal sealed class SandboxCompleter : Completer
    {
        protected override IEnumerable<(string Word, CompletionResult Result)> Candidates(IDictionary fakeBoundParameters) =>
            KnownSandboxes().Select(sandbox => (sandbox, new CompletionResult(Quoted(sandbox), sandbox, CompletionResultType.ParameterValue, ToolTip(sandbox))));

        private static IEnumerable<string> KnownSandboxes()
        {
            var known = new List<string>();
            var fromDefault = SessionStore.Default?.Sandbox;
            if (fromDefault != null) known.Add(fromDefault);
            known.AddRange(SessionStore.Sandboxes());
            var fromEnvironment = Environment.GetEnvironmentVariable(NewAepSessionCommand.SandboxVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment)) known.Add(fromEnvironment.Trim());
            return known.Distinct(StringComparer.OrdinalIgnoreCase);
        }

        private static string ToolTip(string sandbox) =>
            string.Equals(sandbox, SessionStore.Default?.Sandbox, StringComparison.OrdinalIgnoreCase)
                ? $"{sandbox} (the default session's sandbox)"
                : sandbox;

        /// <summary>Sandbox names are letters, digits and dashes; anything else is quoted so the line still parses.</summary>
        private static string Quoted(string sandbox) =>
            sandbox.All(c => char.IsLetterOrDigit(c) || c == '-' || c == '_') ? sandbox : "'" + sandbox.Replace("'", "''") + "'";
    }
}
