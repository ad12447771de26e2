namespace AdobeExportJobs.Client
{
    /// <summary>Where a wait stands after a polling round, for progress displays.</summary>
    /// <param name="Pending">The jobs still waited on, in the order given, with their last known status (null before the first answer).</param>
    internal sealed record JobWaitProgress(int Total, int Finished, int Lost, TimeSpan Elapsed, int Round, IReadOnlyList<KeyValuePair<long, string>> Pending);
}
