namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// The sessions of this process: the default one (Connect-Aep's) and those Connect-Aep and New-AepSession made, whose
    /// sandboxes complete -Sandbox and whose recent jobs complete -Id. Process-wide, like Az's and Microsoft Graph's
    /// contexts: every runspace (ForEach-Object -Parallel, Start-ThreadJob, a hosted runspace) sees the same default, the
    /// last Connect-Aep of any runspace wins, and Disconnect-Aep in one ends it for all. Read and written from any thread,
    /// under one lock. The default is held here; the other sessions weakly, so forgetting a variable frees them.
    /// </summary>
    internal static class SessionStore
    {
        /// <summary>How many sandboxes -Sandbox completion remembers.</summary>
        public const int SandboxCapacity = 20;

        private static readonly object Lock = new object();
        private static readonly List<WeakReference<AepSession>> MadeSessions = new List<WeakReference<AepSession>>();
        private static readonly List<string> KnownSandboxes = new List<string>();
        private static AepSession _default;

        /// <summary>The default session, or null.</summary>
        public static AepSession Default
        {
            get { lock (Lock) return _default; }
        }

        /// <summary>Makes <paramref name="session"/> the default (remembering it) and returns the one it replaces, or null.</summary>
        public static AepSession MakeDefault(AepSession session)
        {
            lock (Lock)
            {
                Remember(session);
                var previous = _default;
                _default = session;
                return previous;
            }
        }

        /// <summary>
        /// Clears the default if it is still <paramref name="session"/>: a Connect-Aep of another runspace in between is
        /// not undone.
        /// </summary>
        public static void Forget(AepSession session)
        {
            lock (Lock)
            {
                if (ReferenceEquals(_default, session)) _default = null;
            }
        }

        /// <summary>A session made in this process, and its sandbox.</summary>
        public static void Remember(AepSession session)
        {
            lock (Lock)
            {
                MadeSessions.RemoveAll(s => !s.TryGetTarget(out var alive) || ReferenceEquals(alive, session));
                MadeSessions.Add(new WeakReference<AepSession>(session));

                KnownSandboxes.RemoveAll(s => string.Equals(s, session.Sandbox, StringComparison.OrdinalIgnoreCase));
                KnownSandboxes.Insert(0, session.Sandbox);
                if (KnownSandboxes.Count > SandboxCapacity) KnownSandboxes.RemoveRange(SandboxCapacity, KnownSandboxes.Count - SandboxCapacity);
            }
        }

        /// <summary>The sessions made in this process that are still alive (disconnected ones too), oldest first, by Number.</summary>
        public static IReadOnlyList<AepSession> All()
        {
            lock (Lock)
            {
                var alive = new List<AepSession>();
                foreach (var reference in MadeSessions)
                {
                    if (reference.TryGetTarget(out var session)) alive.Add(session);
                }
                if (_default != null && !alive.Contains(_default)) alive.Add(_default);
                return alive.OrderBy(s => s.Number).ToList();
            }
        }

        /// <summary>Every sandbox a session of this process was made for, newest first, even if the session is gone.</summary>
        public static IReadOnlyList<string> Sandboxes()
        {
            lock (Lock) return KnownSandboxes.ToList();
        }
    }
}
