namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// -First, -Skip (PowerShell's paging parameters) and -Limit over one command's jobs: which jobs are written, when
    /// enough are, and how many a request still needs to ask for. -Skip skips jobs, not pages.
    /// </summary>
    internal sealed class JobPaging
    {
        /// <summary>What -First is when it is not given.</summary>
        public const ulong Unbounded = ulong.MaxValue;

        private readonly ulong _first;
        private readonly ulong _skip;
        private ulong _skipped;

        /// <param name="first">-First (<see cref="Unbounded"/> when not given).</param>
        /// <param name="skip">-Skip.</param>
        /// <param name="limit">-Limit, the older name of -First; with both, the smaller applies.</param>
        public JobPaging(ulong first, ulong skip, int? limit = null)
        {
            _first = limit.HasValue && (ulong)limit.Value < first ? (ulong)limit.Value : first;
            _skip = skip;
        }

        public JobPaging(System.Management.Automation.PagingParameters paging, int? limit)
            : this(paging.First, paging.Skip, limit)
        {
        }

        /// <summary>Jobs taken so far: skipped and written.</summary>
        public long Consumed { get; private set; }

        public long Written { get; private set; }

        /// <summary>Jobs by id not read because -First was already satisfied.</summary>
        public long IdsNotRead { get; set; }

        /// <summary>True once -First jobs were written: no more are read.</summary>
        public bool IsSatisfied => _first != Unbounded && (ulong)Written >= _first;

        /// <summary>The jobs -First and -Skip need in all from the start, or null when -First is not given.</summary>
        private ulong? Needed => _first == Unbounded ? (ulong?)null : _skip > Unbounded - _first ? Unbounded : _skip + _first;

        /// <summary>Counts a job read; true when it is to be written, false when -Skip skips it.</summary>
        public bool Take()
        {
            Consumed++;
            if (_skipped < _skip)
            {
                _skipped++;
                return false;
            }
            Written++;
            return true;
        }

        /// <summary>The page size to ask for: <paramref name="pageSize"/>, or fewer when -First and -Skip need fewer jobs in all.</summary>
        public int PageSizeFor(int pageSize)
        {
            var needed = Needed;
            return needed.HasValue && needed.Value < (ulong)pageSize ? (int)Math.Max(1UL, needed.Value) : pageSize;
        }

        /// <summary>The most jobs the next request needs to ask for (at least 1), or null without -First.</summary>
        public int? MostJobsStillNeeded()
        {
            var needed = Needed;
            if (!needed.HasValue) return null;
            ulong left = needed.Value > (ulong)Consumed ? needed.Value - (ulong)Consumed : 1UL;
            return left >= int.MaxValue ? int.MaxValue : (int)Math.Max(1UL, left);
        }

        /// <summary>The total of jobs found by id, when every id given was read; null when -First left some unread.</summary>
        public long? TotalOfIds => IdsNotRead == 0 ? Consumed : (long?)null;
    }
}
