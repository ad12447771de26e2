namespace AdobeExportJobs.Benchmarks;

internal static class Stats
{
    public static double Median(IEnumerable<double> values) => Percentile(values, 0.5);

    public static double Percentile(IEnumerable<double> values, double share)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        var position = share * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(sorted.Length - 1, below + 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }

    public static double Megabytes(double bytes) => bytes / (1024.0 * 1024.0);
}
