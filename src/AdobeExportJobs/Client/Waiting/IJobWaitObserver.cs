using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>Told about a wait as it goes; called from the waiting task, one call at a time.</summary>
    internal interface IJobWaitObserver
    {
        /// <summary>A job reached SUCCEEDED, FAILED or CANCELLED.</summary>
        void OnFinished(ExportJobRecord job);

        /// <summary>A job cannot be read (e.g. 404 after it was deleted); the wait stops polling it.</summary>
        void OnLost(long id, AepApiException error);

        /// <summary>Reading a job failed for a passing reason (throttling, 5xx, network); it is polled again.</summary>
        void OnPollFailed(long id, AepApiException error);

        /// <summary>A polling round ended and the wait goes on.</summary>
        void OnRound(JobWaitProgress progress);
    }
}
