using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    /// <summary>Tab completion for -Status with the known statuses; the parameter still takes any other status word.</summary>
    internal sealed class ExportJobStatusCompleter : FixedValuesCompleter
    {
        protected override IEnumerable<string> Values => ExportJobStatus.Known;
    }
}
