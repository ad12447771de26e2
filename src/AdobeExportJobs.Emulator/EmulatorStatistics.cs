using System.Collections.Concurrent;

namespace AdobeExportJobs.Emulator;

/// <summary>The kinds of injected faults, as counted in <see cref="EmulatorStatistics.FaultsInjected"/>.</summary>
public static class FaultKind
{
    public const string RateLimit = "429";
    public const string InternalServerError = "500";
    public const string BadGateway = "502";
    public const string ServiceUnavailable = "503";
    public const string Slow = "slow";
    public const string Drop = "drop";
    public const string DropAfterCreate = "dropAfterCreate";
    public const string CutDownload = "cutDownload";
    public const string SlowDownload = "slowDownload";

    public static string ForStatus(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// What the emulator has seen since start (or the last <see cref="Reset"/>): thread-safe counters that fault suites
/// and benchmarks read, e.g. "every job was created exactly once" via <see cref="JobsCreatedByRequestId"/>.
/// </summary>
public sealed class EmulatorStatistics
{
    private long _totalRequests;
    private long _tokensIssued;
    private long _downloads;
    private long _downloadedBytes;
    private long _downloadsInProgress;
    private readonly ConcurrentDictionary<string, long> _byMethod = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<int, long> _byStatus = new();
    private readonly ConcurrentDictionary<string, long> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _jobsByOrg = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _jobsByRequestId = new(StringComparer.Ordinal);

    /// <summary>Every HTTP request received, on every path.</summary>
    public long TotalRequests => Interlocked.Read(ref _totalRequests);

    public IReadOnlyDictionary<string, long> RequestsByMethod => Snapshot(_byMethod);

    /// <summary>Answers by HTTP status; aborted connections are not answers and are counted as faults only.</summary>
    public IReadOnlyDictionary<int, long> ResponsesByStatus => Snapshot(_byStatus);

    /// <summary>Injected faults by <see cref="FaultKind"/>.</summary>
    public IReadOnlyDictionary<string, long> FaultsInjected => Snapshot(_faults);

    public long TotalFaultsInjected => _faults.Values.Sum();

    /// <summary>Jobs created, by IMS org id.</summary>
    public IReadOnlyDictionary<string, long> JobsCreatedByOrg => Snapshot(_jobsByOrg);

    /// <summary>Jobs created, by the x-request-id of the creating request (a generated id when the client sent none).
    /// A value above 1 means a client created the same job twice.</summary>
    public IReadOnlyDictionary<string, int> JobsCreatedByRequestId => Snapshot(_jobsByRequestId);

    public long JobsCreated => _jobsByOrg.Values.Sum();

    public long TokensIssued => Interlocked.Read(ref _tokensIssued);

    /// <summary>File answers of the Data Access API that carried bytes (200 or 206 to a GET with ?path=).</summary>
    public long Downloads => Interlocked.Read(ref _downloads);

    /// <summary>File bytes sent by those answers, cut ones included: a client that resumes with Range adds only what it missed.</summary>
    public long DownloadedBytes => Interlocked.Read(ref _downloadedBytes);

    /// <summary>File answers still being written. Not a counter, so <see cref="Reset"/> leaves it: a client that stopped
    /// a download may leave the emulator writing into the dead connection for a moment, and a test that resets the counters
    /// waits for this to reach 0 first, or it counts those last bytes against the next run.</summary>
    public long DownloadsInProgress => Interlocked.Read(ref _downloadsInProgress);

    public void Reset()
    {
        Interlocked.Exchange(ref _totalRequests, 0);
        Interlocked.Exchange(ref _tokensIssued, 0);
        Interlocked.Exchange(ref _downloads, 0);
        Interlocked.Exchange(ref _downloadedBytes, 0);
        _byMethod.Clear();
        _byStatus.Clear();
        _faults.Clear();
        _jobsByOrg.Clear();
        _jobsByRequestId.Clear();
    }

    public override string ToString() =>
        $"requests={TotalRequests} jobsCreated={JobsCreated} faults={TotalFaultsInjected} tokens={TokensIssued} downloads={Downloads} downloadedBytes={DownloadedBytes}";

    internal void CountRequest(string method)
    {
        Interlocked.Increment(ref _totalRequests);
        _byMethod.AddOrUpdate(method, 1, (_, n) => n + 1);
    }

    internal void CountResponse(int status) => _byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);

    internal void CountFault(string kind) => _faults.AddOrUpdate(kind, 1, (_, n) => n + 1);

    internal void CountToken() => Interlocked.Increment(ref _tokensIssued);

    internal void CountDownload() => Interlocked.Increment(ref _downloads);

    internal void CountDownloadedBytes(long count) => Interlocked.Add(ref _downloadedBytes, count);

    /// <summary>Marks a file answer as in progress until the returned handle is disposed.</summary>
    internal IDisposable DownloadInProgress()
    {
        Interlocked.Increment(ref _downloadsInProgress);
        return new EndOfDownload(this);
    }

    private sealed class EndOfDownload(EmulatorStatistics statistics) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref statistics._downloadsInProgress);
        }
    }

    internal void CountJobCreated(string orgId, string requestId)
    {
        _jobsByOrg.AddOrUpdate(orgId, 1, (_, n) => n + 1);
        _jobsByRequestId.AddOrUpdate(requestId, 1, (_, n) => n + 1);
    }

    private static IReadOnlyDictionary<TKey, TValue> Snapshot<TKey, TValue>(ConcurrentDictionary<TKey, TValue> source) =>
        new Dictionary<TKey, TValue>(source, source.Comparer);
}
