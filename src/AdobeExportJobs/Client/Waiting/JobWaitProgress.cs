namespace AdobeExportJobs.Client
{
    /// <summary>Where a wait stands after a polling round, for progress displays.</summary>
    internal sealed class JobWaitProgress
    {
        public int Total { get; internal set; }
        public int Finished { get; internal set; }
        public int Lost { get; internal set; }
        public TimeSpan Elapsed { get; internal set; }
        public int Round { get; internal set; }

        /// <summary>The jobs still waited on, in the order given, with their last known status (null before the first answer).</summary>
        public IReadOnlyList<KeyValuePair<long, string>> Pending { get; internal set; }
    }
}
