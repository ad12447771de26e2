using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// A create that lost its answer after it may have reached the server is not sent again: the newest jobs are searched
    /// for its request id. Found, that job is the answer; not found, the outcome is unknown and the error says so.
    /// </summary>
    internal static class LostCreates
    {
        /// <summary>How many of the newest jobs the search looks through.</summary>
        internal const int ScanSize = 200;

        public static async Task<ExportJobRecord> FindAsync(ExportJobsClient client, string requestId, AepApiException lost, CancellationToken cancellationToken)
        {
            client.Log($"The create with request id {requestId} lost its answer; looking for a job made by it among the newest {ScanSize} jobs");
            try
            {
                var pager = client.ListPages(pageSize: 100);
                int seen = 0;
                ExportJobPage page;
                while (seen < ScanSize && (page = await pager.NextAsync(cancellationToken).ConfigureAwait(false)) != null)
                {
                    foreach (var job in page.Records)
                    {
                        seen++;
                        if (job != null && string.Equals(job.RequestId, requestId, StringComparison.OrdinalIgnoreCase))
                        {
                            client.Log($"The create with request id {requestId} did make job {job.Id}; returning it");
                            return job;
                        }
                    }
                }
            }
            catch (AepApiException lookupError)
            {
                throw AepApiErrors.CreateOutcomeUnknown(lost, requestId,
                    $"{lost.Message} The create may have made a job, and looking for it failed too ({lookupError.Message}). "
                    + $"Check with Get-ExportJob for a job with requestId {requestId} before creating it again.");
            }
            throw AepApiErrors.CreateOutcomeUnknown(lost, requestId,
                $"{lost.Message} No job with requestId {requestId} exists among the newest jobs, so the create was most likely not processed; "
                + "it was not sent again because it might still be. Check with Get-ExportJob before creating it again.");
        }
    }
}
