using System;
using System.Net.Http.Headers;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// Exponential backoff with jitter, honouring Retry-After, within a total retry time (the budget that normally
    /// decides) and a retry count (a safety cap with room to spare).
    /// </summary>
    internal sealed class RetryPolicy
    {
        private readonly Random _random = new Random();
        private readonly object _randomLock = new object();

        public RetryPolicy(int maxRetries, TimeSpan maxRetryTime, TimeSpan baseDelay, TimeSpan maxDelay)
        {
            MaxRetries = Math.Max(0, maxRetries);
            MaxRetryTime = maxRetryTime < TimeSpan.Zero ? TimeSpan.Zero : maxRetryTime;
            BaseDelay = baseDelay;
            MaxDelay = maxDelay;
        }

        public int MaxRetries { get; }
        public TimeSpan MaxRetryTime { get; }
        public TimeSpan BaseDelay { get; }
        public TimeSpan MaxDelay { get; }

        /// <summary>
        /// Answers worth asking again: throttling (429), the gateway's 502/503/504, and 500, which Azure's and AWS's SDKs
        /// retry too. Reads and cancels are repeated on all of them; a create only on those that say it was not processed,
        /// the others go through the request-id lookup.
        /// </summary>
        public static bool IsRetryableStatus(int status) => status == 429 || status == 500 || status == 502 || status == 503 || status == 504;

        /// <summary>Statuses that say the request was not processed, so even a create may be sent again.</summary>
        public static bool SaysNotProcessed(int status) => status == 429 || status == 503;

        /// <summary>
        /// The wait before retry number <paramref name="retry"/> (1-based), or null when the budget is spent: the retry
        /// count is reached, or no time is left. A Retry-After (or backoff) longer than the time left is cut to it, so
        /// the last retry happens at the end of the budget; nothing a server says makes a wait throw or outlast the budget.
        /// A Retry-After of zero is no advice on how long to wait: the backoff is used, so a server saying "now" again
        /// and again does not make a busy loop.
        /// </summary>
        public TimeSpan? NextDelay(int retry, TimeSpan elapsed, TimeSpan? retryAfter) => NextDelay(retry, elapsed, retryAfter, out _);

        /// <param name="endsBudget">True when the wait was cut to what is left: the retry after it is the last one, however
        /// the clock reads then (a timer may wake a hair early).</param>
        public TimeSpan? NextDelay(int retry, TimeSpan elapsed, TimeSpan? retryAfter, out bool endsBudget)
        {
            endsBudget = false;
            if (retry > MaxRetries) return null;
            var left = MaxRetryTime - elapsed;
            if (left <= TimeSpan.Zero) return null;
            var delay = retryAfter.HasValue && retryAfter.Value > TimeSpan.Zero ? retryAfter.Value : Backoff(retry);
            if (delay < left) return delay;
            endsBudget = true;
            return left;
        }

        /// <summary>Why retries ended, for the error message: the count or the time.</summary>
        public string WhyStopped(int retries, TimeSpan elapsed, bool budgetEnded = false) =>
            retries >= MaxRetries && !budgetEnded && elapsed < MaxRetryTime
                ? $"the retry limit of {MaxRetries} {(MaxRetries == 1 ? "retry" : "retries")} (-MaxRetries) is reached"
                : $"the retry time budget of {MaxRetryTime.TotalSeconds:0.###} s (-MaxRetryTimeSec) is spent";

        /// <summary>base * 2^(retry-1), capped, with "equal jitter": a random point in the upper half, so retries of many clients spread out.</summary>
        private TimeSpan Backoff(int retry)
        {
            var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30));
            var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
            double factor;
            lock (_randomLock) factor = 0.5 + _random.NextDouble() / 2;
            return TimeSpan.FromMilliseconds(capped * factor);
        }

        /// <summary>The longest wait Task.Delay takes; a server's Retry-After may ask for far more.</summary>
        private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(int.MaxValue - 1);

        /// <summary>Retry-After as seconds or as an HTTP date; null when absent or unreadable. Never throws, whatever the value.</summary>
        public static TimeSpan? ReadRetryAfter(RetryConditionHeaderValue header, DateTimeOffset now)
        {
            if (header == null) return null;
            if (header.Delta.HasValue) return header.Delta.Value < TimeSpan.Zero ? TimeSpan.Zero : header.Delta.Value;
            if (header.Date.HasValue)
            {
                var wait = header.Date.Value - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
            return null;
        }

        /// <summary>A wait that Task.Delay accepts, whatever it was asked to be (it throws past about 24.8 days).</summary>
        public static TimeSpan Bounded(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestWait ? LongestWait : wait;
    }
}
