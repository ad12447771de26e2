using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>What a wait ended with.</summary>
    internal sealed class JobWaitResult
    {
        /// <summary>Jobs that reached a final state, in the order they were seen to finish.</summary>
        public List<ExportJobRecord> Finished { get; } = new List<ExportJobRecord>();

        /// <summary>Jobs given up on because they could not be read (not found, access denied...).</summary>
        public List<long> Lost { get; } = new List<long>();

        /// <summary>
        /// Jobs not reported as finished when the wait ended, with their last known state (null if never read): still
        /// running at a timeout or after -Any, or, with -Any, found finished in the same round as the one reported.
        /// </summary>
        public List<KeyValuePair<long, ExportJobRecord>> Unfinished { get; } = new List<KeyValuePair<long, ExportJobRecord>>();

        public bool TimedOut { get; internal set; }
        public TimeSpan Elapsed { get; internal set; }
        public int Rounds { get; internal set; }
        public int Requests { get; internal set; }
    }
}
