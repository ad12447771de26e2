namespace AdobeExportJobs.Client
{
    /// <summary>
    /// Where a client's log lines go for the current logical call. A session's client is shared by every cmdlet that
    /// uses it, so each cmdlet invocation sets its own sink for the async flow it starts, and lines of one invocation
    /// never reach another.
    /// </summary>
    internal static class HttpLogScope
    {
        private static readonly AsyncLocal<Scope> Current = new AsyncLocal<Scope>();

        public static IDisposable Begin(Action<HttpLogEntry> sink) => Begin(sink, verbose: true, debug: true);

        /// <summary>
        /// A sink that takes only some levels: lines of the others are not even formatted (a cmdlet run without -Verbose
        /// or -Debug would throw them away; formatting and redacting headers and bodies costs more than the call's parsing).
        /// </summary>
        public static IDisposable Begin(Action<HttpLogEntry> sink, bool verbose, bool debug)
        {
            var previous = Current.Value;
            Current.Value = new Scope(sink, verbose, debug);
            return new Restore(previous);
        }

        /// <summary>Whether a line of <paramref name="level"/> would go anywhere; false means: do not bother formatting it.</summary>
        internal static bool IsEnabled(HttpLogLevel level)
        {
            var scope = Current.Value;
            if (scope?.Sink == null) return false;
            return level == HttpLogLevel.Verbose ? scope.Verbose : scope.Debug;
        }

        internal static void Write(HttpLogEntry entry)
        {
            var sink = Current.Value?.Sink;
            if (sink == null) return;
            try { sink(entry); }
            catch (Exception) { /* a failing log sink must never fail the call it describes */ }
        }

        private sealed class Scope
        {
            public Scope(Action<HttpLogEntry> sink, bool verbose, bool debug)
            {
                Sink = sink;
                Verbose = verbose;
                Debug = debug;
            }

            public Action<HttpLogEntry> Sink { get; }
            public bool Verbose { get; }
            public bool Debug { get; }
        }

        private sealed class Restore : IDisposable
        {
            private readonly Scope _previous;
            public Restore(Scope previous) { _previous = previous; }
            public void Dispose() => Current.Value = _previous;
        }
    }
}
