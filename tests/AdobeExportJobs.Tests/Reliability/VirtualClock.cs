using AdobeExportJobs.Client;

namespace AdobeExportJobs.Tests.Reliability;

/// <summary>
/// Virtual time for the client's retries: a wait moves the clock on at once, so minutes of throttling pass in
/// milliseconds. Scripted servers read the same clock to decide when a burst ends.
/// </summary>
internal sealed class VirtualClock : RetryClock
{
    private long _ticks;

    public TimeSpan Now => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    /// <summary>Every wait asked for, in order.</summary>
    public List<TimeSpan> Waits { get; } = new();

    public override Func<TimeSpan> StartTimer()
    {
        var start = Now;
        return () => Now - start;
    }

    public override Task Delay(TimeSpan wait, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (Waits) Waits.Add(wait);
        Interlocked.Add(ref _ticks, wait.Ticks);
        return Task.CompletedTask;
    }
}
