using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>The orders jobs are put in when the service's own order is not enough.</summary>
    internal static class ExportJobOrder
    {
        /// <summary>
        /// The service's list order: newest creation time first, then the higher id first (the <c>creationTime_id</c>
        /// cursor). A job without a creation time sorts as the oldest.
        /// </summary>
        public static readonly IComparer<ExportJobRecord> NewestFirst = Comparer<ExportJobRecord>.Create((a, b) =>
        {
            int byTime = Nullable.Compare(b.CreationTime, a.CreationTime);
            return byTime != 0 ? byTime : b.Id.CompareTo(a.Id);
        });

        /// <summary>
        /// Which of several jobs seen finished at once finished first: the earliest update time, then the lower id. A job
        /// without an update time sorts last.
        /// </summary>
        public static readonly IComparer<ExportJobRecord> FirstUpdated = Comparer<ExportJobRecord>.Create((a, b) =>
        {
            if (a.UpdateTime.HasValue != b.UpdateTime.HasValue) return a.UpdateTime.HasValue ? -1 : 1;
            int byTime = Nullable.Compare(a.UpdateTime, b.UpdateTime);
            return byTime != 0 ? byTime : a.Id.CompareTo(b.Id);
        });
    }
}
