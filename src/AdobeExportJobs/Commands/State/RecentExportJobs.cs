using System.Runtime.CompilerServices;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// The export jobs the cmdlets of one session wrote lately, so that -Id can complete them without a server call.
    /// Ordered by the command that wrote them (latest command first) and, within one command, newest job first: after
    /// a long listing the newest jobs stay, and a job just created or waited on comes first. Small and bounded: a
    /// completion list is for picking, not for browsing.
    /// </summary>
    internal static class RecentExportJobs
    {
        public const int Capacity = 50;

        private static readonly ConditionalWeakTable<AepSession, List<RecentExportJob>> BySession = new ConditionalWeakTable<AepSession, List<RecentExportJob>>();
        private static long _lastSighting;

        /// <summary>A stamp for one command's writes; later commands get higher stamps.</summary>
        public static long NextSighting() => Interlocked.Increment(ref _lastSighting);

        /// <summary>Called from any thread (jobs are written from the client's continuations too).</summary>
        public static void Remember(AepSession session, ExportJobRecord job, long sighting)
        {
            if (session == null || job == null || job.Id <= 0) return;
            var entries = BySession.GetValue(session, _ => new List<RecentExportJob>());
            var entry = new RecentExportJob(job, sighting);
            lock (entries)
            {
                entries.RemoveAll(e => e.Id == job.Id);
                int at = entries.FindIndex(e => Ranks(entry, before: e));
                entries.Insert(at < 0 ? entries.Count : at, entry);
                if (entries.Count > Capacity) entries.RemoveRange(Capacity, entries.Count - Capacity);
            }
        }

        /// <summary>The job with this id as the session's cmdlets last wrote it; null when none did (or it was forgotten).</summary>
        public static RecentExportJob Find(AepSession session, long id)
        {
            if (session == null || !BySession.TryGetValue(session, out var entries)) return null;
            lock (entries) return entries.Find(e => e.Id == id);
        }

        /// <summary>The job is gone from the service (deleted, or not found): no longer offered.</summary>
        public static void Forget(AepSession session, long id)
        {
            if (session == null || !BySession.TryGetValue(session, out var entries)) return;
            lock (entries) entries.RemoveAll(e => e.Id == id);
        }

        /// <summary>The job was cancelled: still offered, in its place, with its new status.</summary>
        public static void Cancelled(AepSession session, long id)
        {
            if (session == null || !BySession.TryGetValue(session, out var entries)) return;
            lock (entries)
            {
                int at = entries.FindIndex(e => e.Id == id);
                if (at >= 0) entries[at] = entries[at].WithStatus(ExportJobStatus.Cancelled);
            }
        }

        /// <summary>The remembered jobs, first to offer first.</summary>
        public static IReadOnlyList<RecentExportJob> Of(AepSession session)
        {
            if (session == null || !BySession.TryGetValue(session, out var entries)) return new RecentExportJob[0];
            lock (entries) return entries.ToList();
        }

        private static bool Ranks(RecentExportJob entry, RecentExportJob before)
        {
            if (entry.Sighting != before.Sighting) return entry.Sighting > before.Sighting;
            var created = Nullable.Compare(entry.CreationTime, before.CreationTime);
            return created != 0 ? created > 0 : entry.Id > before.Id;
        }
    }
}
