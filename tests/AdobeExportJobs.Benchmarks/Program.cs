using System.Diagnostics;
using AdobeExportJobs.Benchmarks;
using AdobeExportJobs.Benchmarks.Cases;

// dotnet run -c Release --project tests/AdobeExportJobs.Benchmarks -- --json results.json [--case get,list] [--quick]
if (args.Length == 2 && args[0] == ImportCase.ProbeFlag) return ImportCase.Probe(args[1]);
if (args.Length >= 1 && args[0] == EmulatorProcess.ServeFlag) return await EmulatorProcess.ServeAsync(args[1..]);
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(HarnessOptions.Usage);
    return 0;
}

HarnessOptions options;
try
{
    options = HarnessOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(HarnessOptions.Usage);
    return 2;
}

ModuleEngine.ManifestPath = options.ModuleManifest;
var machine = MachineInfo.Current();
Console.WriteLine($"AdobeExportJobs benchmarks{(options.Quick ? " (quick: sizes too small for the figures to mean anything)" : string.Empty)}");
Console.WriteLine($"Machine: {machine}");
Console.WriteLine($"Module: {options.ModuleManifest ?? AdobeExportJobs.Runner.HostedPowerShell.FindModuleManifest()}");
var context = new BenchmarkContext(options.Scale, Console.Out);
var cases = new Dictionary<string, Func<BenchmarkContext, Task<CaseResult>>>
{
    ["import"] = ImportCase.RunAsync,
    ["get"] = GetCase.RunAsync,
    ["list"] = ListCase.RunAsync,
    ["list-memory"] = ListMemoryCase.RunAsync,
    ["wait"] = WaitCase.RunAsync,
    ["emulator"] = EmulatorCase.RunAsync,
    ["soak"] = SoakCase.RunAsync,
    ["download"] = DownloadCase.RunAsync,
};

var results = new List<CaseResult>();
var total = Stopwatch.StartNew();
foreach (var name in options.Cases)
{
    Console.WriteLine($"[{total.Elapsed:mm\\:ss}] {name} ...");
    var clock = Stopwatch.StartNew();
    CaseResult result;
    try
    {
        result = await cases[name](context);
    }
    catch (Exception error)
    {
        Console.WriteLine($"  {name} failed: {error}");
        result = CaseResult.Failed(name, error);
    }
    result.Seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"  {name}: {Report.Format(result.Value)} {result.Unit} vs {Report.Format(result.Baseline)} (ratio {Report.Format(result.Ratio)}) in {result.Seconds:F1} s");
    results.Add(result);
}
total.Stop();

Console.WriteLine();
Console.Write(Report.Table(results));
Console.WriteLine($"Total: {total.Elapsed.TotalSeconds:F1} s on {machine}");
if (options.JsonPath != null)
{
    var folder = Path.GetDirectoryName(Path.GetFullPath(options.JsonPath));
    if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
    File.WriteAllText(options.JsonPath, Report.Json(results, machine, total.Elapsed.TotalSeconds, options.Quick));
    Console.WriteLine($"JSON: {Path.GetFullPath(options.JsonPath)}");
}
// A case that could not run is a failure of the harness; a missed target is a finding, reported in the table.
return results.Any(r => double.IsNaN(r.Value)) ? 1 : 0;
