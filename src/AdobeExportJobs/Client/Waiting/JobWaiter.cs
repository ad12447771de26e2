using System.Diagnostics;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// Waits for many export jobs at once in one polling loop: each round reads every unfinished job (a few GETs in
    /// flight at a time), reports the ones that finished, then sleeps on the cancellation token until the next round.
    /// No thread per job and no blocking sleep, so cancellation ends the wait at once.
    /// </summary>
    internal sealed class JobWaiter
    {
        public static readonly TimeSpan MinAdaptiveInterval = TimeSpan.FromMilliseconds(250);
        public static readonly TimeSpan MaxAdaptiveInterval = TimeSpan.FromSeconds(10);

        /// <summary>The longest pause a failed poll's Retry-After can add between rounds.</summary>
        public static readonly TimeSpan MaxServerRequestedPause = TimeSpan.FromMinutes(1);

        private readonly Func<long, CancellationToken, Task<ExportJobRecord>> _getJob;
        private readonly JobWaitOptions _options;

        /// <summary>How the waiter pauses and tells time; tests swap in a fake clock.</summary>
        internal Func<TimeSpan, CancellationToken, Task> Pause { get; set; } = (pause, token) => Task.Delay(RetryPolicy.Bounded(pause), token);
        internal Func<Func<TimeSpan>> StartClock { get; set; } = () =>
        {
            var stopwatch = Stopwatch.StartNew();
            return () => stopwatch.Elapsed;
        };

        public JobWaiter(Func<long, CancellationToken, Task<ExportJobRecord>> getJob, JobWaitOptions options = null)
        {
            _getJob = getJob ?? throw new ArgumentNullException(nameof(getJob));
            _options = options ?? new JobWaitOptions();
            if (_options.MaxConcurrentRequests < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxConcurrentRequests must be at least 1.");
        }

        public JobWaiter(ExportJobsClient client, JobWaitOptions options = null)
            : this((id, token) => client.GetAsync(id, token), options)
        {
        }

        /// <summary>
        /// The pause before the next round when no interval is fixed: a fifth of the time waited so far, between 250 ms
        /// and 10 s. A job that takes a second is seen to finish within about 250 ms of it; an hour-long one costs a
        /// request every 10 s, and is seen at most 10 s late.
        /// </summary>
        public static TimeSpan AdaptiveInterval(TimeSpan elapsed)
        {
            var share = TimeSpan.FromTicks(elapsed.Ticks / 5);
            if (share < MinAdaptiveInterval) return MinAdaptiveInterval;
            return share > MaxAdaptiveInterval ? MaxAdaptiveInterval : share;
        }

        /// <summary>True for failures that may pass: throttling, server errors, network trouble, timeouts.</summary>
        public static bool IsPassing(AepApiException error) =>
            error.Kind == AepErrorKind.ConnectionFailed
            || error.Kind == AepErrorKind.Timeout
            || (error.Kind == AepErrorKind.HttpError && (error.StatusCode == 429 || error.StatusCode >= 500));

        public async Task<JobWaitResult> WaitAsync(IEnumerable<long> jobIds, IJobWaitObserver observer, CancellationToken cancellationToken)
        {
            if (observer == null) throw new ArgumentNullException(nameof(observer));
            var ids = jobIds.Distinct().ToList();
            var lastSeen = ids.ToDictionary(id => id, id => (ExportJobRecord)null);
            var pending = new List<long>(ids);
            var result = new JobWaitResult();
            var clock = StartClock();

            while (pending.Count > 0)
            {
                result.Rounds++;
                var answers = await PollAsync(pending, RoundLimit(clock()), cancellationToken).ConfigureAwait(false);
                result.Requests += answers.Length;
                TimeSpan? serverAskedToWait = null;
                var finishedThisRound = new List<ExportJobRecord>();
                foreach (var (id, job, error) in answers)
                {
                    // Cut off at the deadline: nothing new is known about this job.
                    if (job == null && error == null) continue;
                    if (error != null)
                    {
                        if (IsPassing(error))
                        {
                            if (error.RetryAfter.HasValue && (serverAskedToWait == null || error.RetryAfter > serverAskedToWait)) serverAskedToWait = error.RetryAfter;
                            observer.OnPollFailed(id, error);
                        }
                        else
                        {
                            pending.Remove(id);
                            result.Lost.Add(id);
                            observer.OnLost(id, error);
                        }
                        continue;
                    }
                    lastSeen[id] = job;
                    if (ExportJobStatus.IsFinal(job.Status)) finishedThisRound.Add(job);
                }
                foreach (var job in _options.Any ? FirstToFinish(finishedThisRound) : finishedThisRound)
                {
                    pending.Remove(job.Id);
                    result.Finished.Add(job);
                    observer.OnFinished(job);
                }

                if (pending.Count == 0 || (_options.Any && result.Finished.Count > 0)) break;
                var elapsed = clock();
                if (_options.Timeout.HasValue && elapsed >= _options.Timeout.Value)
                {
                    result.TimedOut = true;
                    break;
                }

                var stillPending = pending.Select(id => new KeyValuePair<long, string>(id, lastSeen[id]?.Status)).ToList();
                observer.OnRound(new JobWaitProgress(ids.Count, result.Finished.Count, result.Lost.Count, elapsed, result.Rounds, stillPending));

                var pause = _options.PollInterval ?? AdaptiveInterval(elapsed);
                // The read behind a failed poll has already waited out its retry budget; a server's wish to wait longer
                // (Retry-After: an hour, or 5,000,000 s) is honoured only up to a minute, so a wait cannot stall or throw on it.
                if (serverAskedToWait > MaxServerRequestedPause) serverAskedToWait = MaxServerRequestedPause;
                if (serverAskedToWait > pause) pause = serverAskedToWait.Value;
                // The last round happens at the deadline, so a job finishing just before it is still seen.
                if (_options.Timeout.HasValue && elapsed + pause > _options.Timeout.Value) pause = _options.Timeout.Value - elapsed;
                await Pause(pause, cancellationToken).ConfigureAwait(false);
            }

            result.Elapsed = clock();
            foreach (var id in pending) result.Unfinished.Add(new KeyValuePair<long, ExportJobRecord>(id, lastSeen[id]));
            return result;
        }

        /// <summary>
        /// What -Any reports of the jobs one round found finished: the one that finished first, by its update time (then the
        /// lower id). The others are not reported; they stay among the jobs the wait ended without.
        /// </summary>
        private static IEnumerable<ExportJobRecord> FirstToFinish(List<ExportJobRecord> finished) =>
            finished.OrderBy(job => job, ExportJobOrder.FirstUpdated).Take(1);

        /// <summary>
        /// How long a polling round may take: no later than the wait's deadline (with a second's grace, so a wait with
        /// -Timeout 0 still polls once), whatever the per-request timeout and retries of the reads would allow.
        /// </summary>
        private TimeSpan? RoundLimit(TimeSpan elapsed)
        {
            if (!_options.Timeout.HasValue) return null;
            var remaining = _options.Timeout.Value - elapsed;
            return remaining > MinRoundTime ? remaining : MinRoundTime;
        }

        private static readonly TimeSpan MinRoundTime = TimeSpan.FromSeconds(1);

        /// <summary>Reads the jobs; a read cut off by <paramref name="limit"/> answers (id, null, null).</summary>
        private async Task<(long Id, ExportJobRecord Job, AepApiException Error)[]> PollAsync(IReadOnlyList<long> ids, TimeSpan? limit, CancellationToken cancellationToken)
        {
            using (var round = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (var gate = new SemaphoreSlim(_options.MaxConcurrentRequests))
            {
                if (limit.HasValue) round.CancelAfter(limit.Value);
                var reads = ids.Select(async id =>
                {
                    try
                    {
                        await gate.WaitAsync(round.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        return (id, (ExportJobRecord)null, (AepApiException)null);
                    }
                    try
                    {
                        return (id, await _getJob(id, round.Token).ConfigureAwait(false), (AepApiException)null);
                    }
                    catch (AepApiException error)
                    {
                        return (id, (ExportJobRecord)null, error);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        return (id, (ExportJobRecord)null, (AepApiException)null);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }).ToList();
                return await Task.WhenAll(reads).ConfigureAwait(false);
            }
        }
    }
}
