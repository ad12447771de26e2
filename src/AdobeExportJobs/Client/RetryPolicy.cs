using System;
using System.Net.Http.Headers;

namespace AdobeExportJobs.Client
{
    /// <summary>Exponential backoff with jitter, honouring Retry-After, within a retry count and a total time.</summary>
    internal sealed class RetryPolicy
    {
        private readonly Random _random = new Random();
        private readonly object _randomLock = new object();

        public RetryPolicy(int maxRetries, TimeSpan maxRetryTime, TimeSpan baseDelay, TimeSpan maxDelay)
        {
            MaxRetries = Math.Max(0, maxRetries);
            MaxRetryTime = maxRetryTime;
            BaseDelay = baseDelay;
            MaxDelay = maxDelay;
        }

        public int MaxRetries { get; }
        public TimeSpan MaxRetryTime { get; }
        public TimeSpan BaseDelay { get; }
        public TimeSpan MaxDelay { get; }

        public static bool IsRetryableStatus(int status) => status == 429 || status == 502 || status == 503 || status == 504;

        /// <summary>Statuses that say the request was not processed, so even a create may be sent again.</summary>
        public static bool SaysNotProcessed(int status) => status == 429 || status == 503;

        /// <summary>
        /// The wait before retry number <paramref name="retry"/> (1-based), or null when the budget is spent:
        /// too many retries, or the wait would end past the total retry time.
        /// </summary>
        public TimeSpan? NextDelay(int retry, TimeSpan elapsed, TimeSpan? retryAfter)
        {
            if (retry > MaxRetries) return null;
            var delay = retryAfter ?? Backoff(retry);
            if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
            if (elapsed + delay > MaxRetryTime) return null;
            return delay;
        }

        /// <summary>base * 2^(retry-1), capped, with "equal jitter": a random point in the upper half, so retries of many clients spread out.</summary>
        private TimeSpan Backoff(int retry)
        {
            var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30));
            var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
            double factor;
            lock (_randomLock) factor = 0.5 + _random.NextDouble() / 2;
            return TimeSpan.FromMilliseconds(capped * factor);
        }

        /// <summary>Retry-After as seconds or as an HTTP date; null when absent or unreadable.</summary>
        public static TimeSpan? ReadRetryAfter(RetryConditionHeaderValue header, DateTimeOffset now)
        {
            if (header == null) return null;
            if (header.Delta.HasValue) return header.Delta.Value;
            if (header.Date.HasValue)
            {
                var wait = header.Date.Value - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
            return null;
        }
    }
}
