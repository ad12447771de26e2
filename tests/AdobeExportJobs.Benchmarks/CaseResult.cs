namespace AdobeExportJobs.Benchmarks;

/// <summary>
/// One measured case: the module's figure next to its baseline from the same run. <see cref="Ratio"/> is value/baseline;
/// <see cref="Met"/> is null when the case has no target (a figure that is only reported).
/// </summary>
public sealed class CaseResult
{
    public string Name { get; init; }
    public double Value { get; init; }
    public double? Baseline { get; init; }
    public double? Ratio { get; init; }
    public string Unit { get; init; }
    public string Target { get; init; }
    public bool? Met { get; init; }
    public string Notes { get; init; }
    public double Seconds { get; set; }

    /// <summary>Further figures of the case (request counts, percentiles, memory samples), by name.</summary>
    public Dictionary<string, double> Details { get; init; } = new();

    public static CaseResult Failed(string name, Exception error) => new()
    {
        Name = name,
        Value = double.NaN,
        Unit = "-",
        Met = false,
        Notes = "case failed: " + error.GetType().Name + ": " + error.Message,
    };
}
