using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using AdobeExportJobs.Client;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// What Save-ExportJobFile shows while it downloads: bytes of all files together, the rate over the last seconds, the
    /// time left and the files in flight. Counted from the download threads; each record is built fresh for the pipeline
    /// thread to write.
    /// </summary>
    internal sealed class SaveProgress
    {
        private const int ProgressId = 1;
        private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);

        private readonly string _activity;
        private readonly long _total;
        private readonly int _files;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly ConcurrentDictionary<string, byte> _active = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        private readonly Queue<KeyValuePair<TimeSpan, long>> _samples = new Queue<KeyValuePair<TimeSpan, long>>();
        private long _done;
        private int _finished;
        private int _failed;
        private long _resumedBytes;

        public SaveProgress(string root, IReadOnlyCollection<ExportFileTarget> targets, bool force)
        {
            _activity = "Saving export files to " + root;
            _files = targets.Count;
            _total = targets.Sum(t => Math.Max(0, t.BytesToFetch(force) ?? 0));
        }

        /// <summary>Whether a record has been written, so a Completed one must follow.</summary>
        public bool Shown { get; private set; }

        public long BytesDone => Interlocked.Read(ref _done);

        public int Finished => Volatile.Read(ref _finished);

        public int Failed => Volatile.Read(ref _failed);

        public long ResumedBytes => Interlocked.Read(ref _resumedBytes);

        public TimeSpan Elapsed => _clock.Elapsed;

        public void Add(long bytes) => Interlocked.Add(ref _done, bytes);

        public void Started(ExportFileTarget target) => _active[Describe(target)] = 0;

        public void Saved(ExportFileTarget target, ExportFileSaveResult result)
        {
            _active.TryRemove(Describe(target), out _);
            Interlocked.Increment(ref _finished);
            Interlocked.Add(ref _resumedBytes, result.ResumedFrom);
        }

        public void NotSaved(ExportFileTarget target)
        {
            _active.TryRemove(Describe(target), out _);
            Interlocked.Increment(ref _failed);
        }

        /// <summary>The record to show now (called from one thread at a time: the download loop's ticks).</summary>
        public ProgressRecord Record()
        {
            var now = _clock.Elapsed;
            long done = BytesDone;
            _samples.Enqueue(new KeyValuePair<TimeSpan, long>(now, done));
            while (_samples.Count > 2 && now - _samples.Peek().Key > RateWindow) _samples.Dequeue();
            var first = _samples.Peek();
            double seconds = (now - first.Key).TotalSeconds;
            double rate = seconds > 0.1 ? (done - first.Value) / seconds : done / Math.Max(0.001, now.TotalSeconds);

            var status = new List<string>
            {
                _total > 0 ? $"{Bytes(done)} of {Bytes(_total)}" : Bytes(done),
                $"{Bytes((long)rate)}/s",
                $"{Finished + Failed} of {_files} files",
            };
            var record = new ProgressRecord(ProgressId, _activity, string.Join(", ", status));
            if (_total > 0) record.PercentComplete = (int)Math.Min(100, done * 100 / _total);
            if (_total > 0 && rate > 0) record.SecondsRemaining = (int)Math.Min(int.MaxValue, Math.Max(0, (_total - done) / rate));
            var active = _active.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
            if (active.Count > 0) record.CurrentOperation = string.Join(", ", active.Take(3)) + (active.Count > 3 ? $" (+{active.Count - 3} more)" : string.Empty);
            Shown = true;
            return record;
        }

        public ProgressRecord Completed() =>
            new ProgressRecord(ProgressId, _activity, "Done") { RecordType = ProgressRecordType.Completed };

        /// <summary>A byte count as people read it: 512 B, 1.5 KiB, 64.0 MiB, 1.25 GiB.</summary>
        public static string Bytes(long bytes)
        {
            const double KiB = 1024, MiB = KiB * 1024, GiB = MiB * 1024;
            if (bytes < KiB) return bytes.ToString(CultureInfo.InvariantCulture) + " B";
            if (bytes < MiB) return (bytes / KiB).ToString("0.0", CultureInfo.InvariantCulture) + " KiB";
            if (bytes < GiB) return (bytes / MiB).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
            return (bytes / GiB).ToString("0.00", CultureInfo.InvariantCulture) + " GiB";
        }

        private static string Describe(ExportFileTarget target) => target.File.Name + " (job " + target.File.JobId.ToString(CultureInfo.InvariantCulture) + ")";
    }
}
