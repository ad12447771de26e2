using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// The sessions Connect-Aep and New-AepSession made in each runspace, newest first, for completion: their sandboxes
    /// complete -Sandbox, their recent jobs complete -Id. Sessions are held weakly, so forgetting a variable frees them.
    /// </summary>
    public static class SessionHistory
    {
        public const int Capacity = 20;

        private static readonly ConditionalWeakTable<Runspace, History> ByRunspace = new ConditionalWeakTable<Runspace, History>();

        /// <summary>Called on the pipeline thread, where <see cref="Runspace.DefaultRunspace"/> is the user's runspace.</summary>
        public static void Remember(AepSession session)
        {
            var history = Current;
            if (history == null || session == null) return;
            lock (history)
            {
                history.Sessions.RemoveAll(s => !s.TryGetTarget(out var alive) || ReferenceEquals(alive, session));
                history.Sessions.Insert(0, new WeakReference<AepSession>(session));
                if (history.Sessions.Count > Capacity) history.Sessions.RemoveRange(Capacity, history.Sessions.Count - Capacity);

                history.Sandboxes.RemoveAll(s => string.Equals(s, session.Sandbox, StringComparison.OrdinalIgnoreCase));
                history.Sandboxes.Insert(0, session.Sandbox);
                if (history.Sandboxes.Count > Capacity) history.Sandboxes.RemoveRange(Capacity, history.Sandboxes.Count - Capacity);
            }
        }

        /// <summary>The sessions of this runspace still alive, newest first.</summary>
        public static IReadOnlyList<AepSession> Sessions()
        {
            var history = Current;
            if (history == null) return new AepSession[0];
            lock (history)
            {
                var alive = new List<AepSession>();
                foreach (var reference in history.Sessions)
                {
                    if (reference.TryGetTarget(out var session)) alive.Add(session);
                }
                return alive;
            }
        }

        /// <summary>Every sandbox a session of this runspace was made for, newest first, even if the session is gone.</summary>
        public static IReadOnlyList<string> Sandboxes()
        {
            var history = Current;
            if (history == null) return new string[0];
            lock (history) return history.Sandboxes.ToList();
        }

        private static History Current
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                return runspace == null ? null : ByRunspace.GetValue(runspace, _ => new History());
            }
        }

        private sealed class History
        {
            public readonly List<WeakReference<AepSession>> Sessions = new List<WeakReference<AepSession>>();
            public readonly List<string> Sandboxes = new List<string>();
        }
    }
}
