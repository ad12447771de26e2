using Microsoft.AspNetCore.Http;

namespace AdobeExportJobs.Emulator.Http;

/// <summary>
/// Rolls the fault dice for each request (seeded, so a run can be repeated) and acts on the faults that strike
/// before processing: drop, 429, 5xx, slow. The drop-after-create and download faults are rolled here and acted on by
/// the create and download handlers.
/// </summary>
internal sealed class FaultInjector
{
    private readonly EmulatorOptions _options;
    private readonly EmulatorStatistics _statistics;
    private readonly Random _random;

    public FaultInjector(EmulatorOptions options, EmulatorStatistics statistics)
    {
        _options = options;
        _statistics = statistics;
        _random = new Random(options.Seed);
    }

    /// <summary>True when the request may go on to be processed.</summary>
    public async Task<bool> BeforeProcessingAsync(HttpContext context)
    {
        var faults = _options.Faults;
        var path = context.Request.Path;
        bool targeted = Routes.IsPlatform(path) || (faults.IncludeTokenEndpoint && Routes.IsImsToken(path));
        if (!targeted) return true;

        if (Roll(faults.DropShare))
        {
            _statistics.CountFault(FaultKind.Drop);
            context.Abort();
            return false;
        }
        if (Roll(faults.RateLimitShare))
        {
            _statistics.CountFault(FaultKind.RateLimit);
            SetRetryAfter(context, faults);
            await ApiErrors.WriteAsync(context, 429, "Too many requests: the request was not processed; retry later.", ApiErrors.Gateway.TooManyRequests);
            return false;
        }
        if (faults.ServerErrorStatuses.Count > 0 && Roll(faults.ServerErrorShare))
        {
            int status = faults.ServerErrorStatuses[Next(faults.ServerErrorStatuses.Count)];
            _statistics.CountFault(FaultKind.ForStatus(status));
            if (status == 503) SetRetryAfter(context, faults);
            await ApiErrors.WriteAsync(context, status, "Injected server error: the request was not processed.");
            return false;
        }
        if (Roll(faults.SlowShare))
        {
            _statistics.CountFault(FaultKind.Slow);
            await Task.Delay(faults.SlowDelay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        return !context.RequestAborted.IsCancellationRequested;
    }

    /// <summary>Rolled by the create handler once the job is stored: true means abort the connection instead of answering.</summary>
    public bool ShouldDropAfterCreate()
    {
        if (!Roll(_options.Faults.DropAfterCreateShare)) return false;
        _statistics.CountFault(FaultKind.DropAfterCreate);
        return true;
    }

    /// <summary>Rolled once per file answer that carries bytes: where to cut the body and how fast to send it (null: not at all).</summary>
    public DownloadFaults RollDownload()
    {
        var faults = _options.Faults;
        long? cutAfter = null, bytesPerSecond = null;
        if (Roll(faults.CutDownloadShare)) cutAfter = Math.Max(0, faults.CutDownloadAfterBytes);
        if (Roll(faults.SlowDownloadShare)) bytesPerSecond = Math.Max(1, faults.SlowDownloadBytesPerSecond);
        return new DownloadFaults(cutAfter, bytesPerSecond);
    }

    private static void SetRetryAfter(HttpContext context, FaultOptions faults)
    {
        if (faults.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private bool Roll(double share)
    {
        if (share <= 0) return false;
        if (share >= 1) return true;
        lock (_random) return _random.NextDouble() < share;
    }

    private int Next(int maxExclusive)
    {
        lock (_random) return _random.Next(maxExclusive);
    }
}

/// <summary>What the dice chose for one download: cut the body after <see cref="CutAfterBytes"/>, send it at
/// <see cref="BytesPerSecond"/>; null for each fault that did not strike.</summary>
internal readonly record struct DownloadFaults(long? CutAfterBytes, long? BytesPerSecond);
