using System;
using System.Threading;

namespace AdobeExportJobs.Client
{
    public enum HttpLogLevel
    {
        /// <summary>One line per HTTP call: method, URL, status, time, retries.</summary>
        Verbose,
        /// <summary>Headers and bodies (redacted).</summary>
        Debug,
    }

    /// <summary>A log line about HTTP traffic; its text is already redacted.</summary>
    public sealed class HttpLogEntry
    {
        public HttpLogEntry(HttpLogLevel level, string message)
        {
            Level = level;
            Message = message;
        }

        public HttpLogLevel Level { get; }

        public string Message { get; }

        public override string ToString() => Message;
    }

    /// <summary>
    /// Where a client's log lines go for the current logical call. A session's client is shared by every cmdlet that
    /// uses it, so each cmdlet invocation sets its own sink for the async flow it starts, and lines of one invocation
    /// never reach another.
    /// </summary>
    public static class HttpLogScope
    {
        private static readonly AsyncLocal<Action<HttpLogEntry>> Current = new AsyncLocal<Action<HttpLogEntry>>();

        public static IDisposable Begin(Action<HttpLogEntry> sink)
        {
            var previous = Current.Value;
            Current.Value = sink;
            return new Restore(previous);
        }

        internal static void Write(HttpLogEntry entry, Action<HttpLogEntry> fallback)
        {
            var sink = Current.Value ?? fallback;
            if (sink == null) return;
            try { sink(entry); }
            catch (Exception) { /* a failing log sink must never fail the call it describes */ }
        }

        private sealed class Restore : IDisposable
        {
            private readonly Action<HttpLogEntry> _previous;
            public Restore(Action<HttpLogEntry> previous) { _previous = previous; }
            public void Dispose() => Current.Value = _previous;
        }
    }
}
