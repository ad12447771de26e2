using System.Collections;
using System.Management.Automation;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Tab completion for -Sandbox from what this runspace already knows, without a server call: the default session's
    /// sandbox, then the sandboxes of the other sessions made here (newest first), then $env:AEP_SANDBOX.
    /// </summary>
    internal sealed class SandboxCompleter : Completer
    {
        protected override IEnumerable<(string Word, CompletionResult Result)> Candidates(IDictionary fakeBoundParameters) =>
            KnownSandboxes().Select(sandbox => (sandbox, new CompletionResult(Quoted(sandbox), sandbox, CompletionResultType.ParameterValue, ToolTip(sandbox))));

        private static IEnumerable<string> KnownSandboxes()
        {
            var known = new List<string>();
            var fromDefault = RunspaceSessions.Default?.Sandbox;
            if (fromDefault != null) known.Add(fromDefault);
            known.AddRange(RunspaceSessions.Sandboxes());
            var fromEnvironment = Environment.GetEnvironmentVariable(NewAepSessionCommand.SandboxVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment)) known.Add(fromEnvironment.Trim());
            return known.Distinct(StringComparer.OrdinalIgnoreCase);
        }

        private static string ToolTip(string sandbox) =>
            string.Equals(sandbox, RunspaceSessions.Default?.Sandbox, StringComparison.OrdinalIgnoreCase)
                ? $"{sandbox} (the default session's sandbox)"
                : sandbox;

        /// <summary>Sandbox names are letters, digits and dashes; anything else is quoted so the line still parses.</summary>
        private static string Quoted(string sandbox) =>
            sandbox.All(c => char.IsLetterOrDigit(c) || c == '-' || c == '_') ? sandbox : "'" + sandbox.Replace("'", "''") + "'";
    }
}
