using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdobeExportJobs.Benchmarks;

/// <summary>The table on the console and the JSON file: { "machine": {...}, "cases": [ { name, value, baseline, ratio, unit, ... } ] }.</summary>
public static class Report
{
    public static string Table(IReadOnlyList<CaseResult> results)
    {
        var rows = new List<string[]> { new[] { "case", "value", "baseline", "ratio", "unit", "target", "met", "time" } };
        foreach (var r in results)
        {
            rows.Add(new[]
            {
                r.Name, Format(r.Value), Format(r.Baseline), Format(r.Ratio), r.Unit, r.Target ?? "-",
                r.Met switch { true => "yes", false => "NO", null => "-" }, Format(r.Seconds) + " s",
            });
        }
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(row => row[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows) text.AppendLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        foreach (var r in results.Where(r => !string.IsNullOrEmpty(r.Notes))) text.AppendLine($"{r.Name}: {r.Notes}");
        return text.ToString();
    }

    public static string Json(IReadOnlyList<CaseResult> results, MachineInfo machine, double totalSeconds, bool quick)
    {
        var document = new
        {
            machine,
            loadAverageAtEnd = MachineInfo.ReadLoadAverage(),
            quick,
            totalSeconds = Round(totalSeconds),
            cases = results.Select(r => new
            {
                name = r.Name,
                value = Number(r.Value),
                baseline = Number(r.Baseline),
                ratio = Number(r.Ratio),
                unit = r.Unit,
                target = r.Target,
                met = r.Met,
                seconds = Round(r.Seconds),
                notes = r.Notes,
                details = r.Details.ToDictionary(p => p.Key, p => Number(p.Value)),
            }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        });
    }

    public static string Format(double? value)
    {
        if (value is null || double.IsNaN(value.Value)) return "-";
        var v = value.Value;
        var abs = Math.Abs(v);
        var format = abs >= 1000 ? "F0" : abs >= 100 ? "F1" : abs >= 10 ? "F2" : "F3";
        return v.ToString(format, CultureInfo.InvariantCulture);
    }

    // JSON has no NaN: an unmeasured figure is null.
    private static double? Number(double? value) => value is null || double.IsNaN(value.Value) || double.IsInfinity(value.Value) ? null : Round(value.Value);

    private static double Round(double value) => Math.Round(value, 4);
}

/// <summary>The machine the figures came from.</summary>
public sealed record MachineInfo(int Processors, double MemoryGiB, string Os, string Runtime, string PowerShell, string LoadAverage)
{
    /// <summary>The 1/5/15-minute load averages (Linux), to judge how busy the machine was while measuring.</summary>
    public static string ReadLoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public static MachineInfo Current()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return new MachineInfo(
            Environment.ProcessorCount,
            Math.Round(memory, 1),
            System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            typeof(System.Management.Automation.PowerShell).Assembly.GetName().Version?.ToString(),
            ReadLoadAverage());
    }

    public override string ToString() =>
        $"{Processors} cores, {MemoryGiB} GiB, {Os}, {Runtime}, System.Management.Automation {PowerShell}, load average {LoadAverage ?? "?"}";
}
