using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// The sessions of each runspace: the default one (Connect-Aep's) and those Connect-Aep and New-AepSession made there,
    /// newest first, whose sandboxes complete -Sandbox and whose recent jobs complete -Id. Keyed by runspace, so two hosts
    /// (or two test runspaces) in one process each have their own, as they would have their own module import. Sessions
    /// made here are held weakly: forgetting a variable frees them.
    /// </summary>
    internal static class RunspaceSessions
    {
        public const int Capacity = 20;

        private static readonly ConditionalWeakTable<Runspace, State> ByRunspace = new ConditionalWeakTable<Runspace, State>();
        private static readonly State NoRunspace = new State();

        /// <summary>The default session, or null. Read and set on the pipeline thread, where <see cref="Runspace.DefaultRunspace"/> is the user's.</summary>
        public static AepSession Default
        {
            get
            {
                var state = Current;
                lock (state) return state.Default;
            }
            set
            {
                var state = Current;
                lock (state) state.Default = value;
            }
        }

        /// <summary>Clears the default if it is <paramref name="session"/>.</summary>
        public static void Forget(AepSession session)
        {
            var state = Current;
            lock (state)
            {
                if (ReferenceEquals(state.Default, session)) state.Default = null;
            }
        }

        /// <summary>A session made in this runspace, and its sandbox.</summary>
        public static void Remember(AepSession session)
        {
            var state = Current;
            lock (state)
            {
                state.Made.RemoveAll(s => !s.TryGetTarget(out var alive) || ReferenceEquals(alive, session));
                state.Made.Insert(0, new WeakReference<AepSession>(session));
                if (state.Made.Count > Capacity) state.Made.RemoveRange(Capacity, state.Made.Count - Capacity);

                state.Sandboxes.RemoveAll(s => string.Equals(s, session.Sandbox, StringComparison.OrdinalIgnoreCase));
                state.Sandboxes.Insert(0, session.Sandbox);
                if (state.Sandboxes.Count > Capacity) state.Sandboxes.RemoveRange(Capacity, state.Sandboxes.Count - Capacity);
            }
        }

        /// <summary>The sessions made in this runspace that are still alive, newest first.</summary>
        public static IReadOnlyList<AepSession> Made()
        {
            var state = Current;
            lock (state)
            {
                var alive = new List<AepSession>();
                foreach (var reference in state.Made)
                {
                    if (reference.TryGetTarget(out var session)) alive.Add(session);
                }
                return alive;
            }
        }

        /// <summary>Every sandbox a session of this runspace was made for, newest first, even if the session is gone.</summary>
        public static IReadOnlyList<string> Sandboxes()
        {
            var state = Current;
            lock (state) return state.Sandboxes.ToList();
        }

        private static State Current
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                return runspace == null ? NoRunspace : ByRunspace.GetValue(runspace, _ => new State());
            }
        }

        private sealed class State
        {
            public AepSession Default;
            public readonly List<WeakReference<AepSession>> Made = new List<WeakReference<AepSession>>();
            public readonly List<string> Sandboxes = new List<string>();
        }
    }
}
