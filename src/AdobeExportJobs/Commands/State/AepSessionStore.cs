using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace AdobeExportJobs
{
    /// <summary>
    /// The default session of each runspace. Keyed by runspace so two hosts (or two test runspaces) in one process each
    /// have their own default, as they would have their own module import.
    /// </summary>
    internal static class AepSessionStore
    {
        private static readonly ConditionalWeakTable<Runspace, Slot> ByRunspace = new ConditionalWeakTable<Runspace, Slot>();
        private static readonly Slot NoRunspace = new Slot();

        public static AepSession Default
        {
            get
            {
                var slot = CurrentSlot;
                lock (slot) return slot.Session;
            }
            set
            {
                var slot = CurrentSlot;
                lock (slot) slot.Session = value;
            }
        }

        /// <summary>Clears the default if it is <paramref name="session"/>.</summary>
        public static void Forget(AepSession session)
        {
            var slot = CurrentSlot;
            lock (slot)
            {
                if (ReferenceEquals(slot.Session, session)) slot.Session = null;
            }
        }

        private static Slot CurrentSlot
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                return runspace == null ? NoRunspace : ByRunspace.GetValue(runspace, _ => new Slot());
            }
        }

        private sealed class Slot
        {
            public AepSession Session;
        }
    }
}
