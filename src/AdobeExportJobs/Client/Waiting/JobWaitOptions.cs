namespace AdobeExportJobs.Client
{
    /// <summary>How <see cref="JobWaiter"/> waits.</summary>
    internal sealed class JobWaitOptions
    {
        /// <summary>Give up after this long; null waits until every job has finished.</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>A fixed time between polls; null adapts it to how long the wait has lasted (see <see cref="JobWaiter.AdaptiveInterval"/>).</summary>
        public TimeSpan? PollInterval { get; set; }

        /// <summary>
        /// Stop as soon as one job has finished, and report that one alone: of several found finished in the same round,
        /// the one with the earliest update time (then the lower id).
        /// </summary>
        public bool Any { get; set; }

        /// <summary>At most this many GETs in flight in one round, so a wait on hundreds of jobs stays polite.</summary>
        public int MaxConcurrentRequests { get; set; } = 8;
    }
}
