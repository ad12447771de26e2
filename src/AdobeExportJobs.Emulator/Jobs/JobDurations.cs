namespace AdobeExportJobs.Emulator.Jobs;

/// <summary>How long a job takes from NEW to its final state.</summary>
internal static class JobDurations
{
    /// <summary>Spread uniformly between the min and max job duration, fixed by seed and job id.</summary>
    public static long For(EmulatorOptions options, long id)
    {
        var min = options.MinJobDuration;
        var max = options.MaxJobDuration;
        if (max < min) (min, max) = (max, min);
        double share = UniformShare(options.Seed, id);
        return (long)(min.TotalMilliseconds + share * (max - min).TotalMilliseconds);
    }

    /// <summary>A SplitMix64 hash of (seed, id) mapped to [0,1): stable across processes, unlike HashCode.</summary>
    private static double UniformShare(int seed, long id)
    {
        unchecked
        {
            ulong z = (ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)id;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
