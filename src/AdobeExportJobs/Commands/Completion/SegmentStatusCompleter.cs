using AdobeExportJobs.Requests;

namespace AdobeExportJobs.Commands
{
    /// <summary>Tab completion for -SegmentStatus: realized, existing, exited.</summary>
    internal sealed class SegmentStatusCompleter : FixedValuesCompleter
    {
        protected override IEnumerable<string> Values => SegmentSelection.Statuses;
    }
}
