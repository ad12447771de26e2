using AdobeExportJobs.Model;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// Several listings of the service (say, one per status, as the API filters on one status per request) as one stream,
    /// newest first (<see cref="ExportJobOrder.NewestFirst"/>), each job once. A k-way merge: it holds the next job of each
    /// listing and gives the newest of them, so a listing is read only as far as the merged stream is consumed. A job that
    /// changed status between two listings' requests, and so is in both, is given once.
    /// </summary>
    internal sealed class MergedJobStream : IExportJobStream
    {
        private readonly IReadOnlyList<IExportJobStream> _sources;
        private readonly ExportJobRecord[] _heads;
        private readonly bool[] _ended;
        private readonly HashSet<long> _given = new HashSet<long>();

        public MergedJobStream(IEnumerable<IExportJobStream> sources)
        {
            _sources = (sources ?? throw new ArgumentNullException(nameof(sources))).ToList();
            if (_sources.Count == 0) throw new ArgumentException("A merge needs at least one listing.", nameof(sources));
            _heads = new ExportJobRecord[_sources.Count];
            _ended = new bool[_sources.Count];
        }

        public IReadOnlyList<IExportJobStream> Sources => _sources;

        /// <summary>The listing whose read failed, once one has (the error is about it: its status, its page).</summary>
        public IExportJobStream Failed { get; private set; }

        public int PagesRead => _sources.Sum(source => source.PagesRead);

        public bool IsComplete => _sources.All(source => source.IsComplete);

        public bool IsReadyWithoutRequest =>
            Enumerable.Range(0, _sources.Count).All(i => _heads[i] != null || _ended[i] || _sources[i].IsReadyWithoutRequest);

        public async Task<ExportJobRecord> NextAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                for (int i = 0; i < _sources.Count; i++)
                {
                    if (_heads[i] != null || _ended[i]) continue;
                    ExportJobRecord job;
                    try
                    {
                        job = await _sources[i].NextAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException))
                    {
                        Failed = _sources[i];
                        throw;
                    }
                    if (job == null) _ended[i] = true;
                    else _heads[i] = job;
                }

                int newest = -1;
                for (int i = 0; i < _heads.Length; i++)
                {
                    if (_heads[i] != null && (newest < 0 || ExportJobOrder.NewestFirst.Compare(_heads[i], _heads[newest]) < 0)) newest = i;
                }
                if (newest < 0) return null;
                var next = _heads[newest];
                _heads[newest] = null;
                if (_given.Add(next.Id)) return next;
            }
        }
    }
}
