using System.Diagnostics;

namespace AdobeExportJobs.Benchmarks;

/// <summary>
/// CPU time this process used since <see cref="Start"/> (all threads, client and in-process emulator alike). Unlike wall
/// time it hardly moves when other programs compete for the cores, so it backs up wall-clock figures on a busy machine.
/// </summary>
public readonly struct CpuClock
{
    private readonly TimeSpan _start;

    private CpuClock(TimeSpan start) => _start = start;

    public static CpuClock Start() => new(Now());

    public TimeSpan Elapsed => Now() - _start;

    private static TimeSpan Now()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
