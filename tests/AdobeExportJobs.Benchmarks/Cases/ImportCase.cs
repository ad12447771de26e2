using System.Diagnostics;
using System.Globalization;
using AdobeExportJobs.Runner;

namespace AdobeExportJobs.Benchmarks.Cases;

/// <summary>
/// Cold Import-Module: each measurement is a fresh process (so no assembly of the module is loaded yet) that opens a
/// hosted engine, then times only Import-Module. The baseline imports a manifest module with nothing in it, so the
/// cost of the engine and of Import-Module itself cancels out; the difference is what the module adds.
/// </summary>
public static class ImportCase
{
    public const string ProbeFlag = "--import-probe";
    private const double TargetExtraMs = 150;

    public static async Task<CaseResult> RunAsync(BenchmarkContext context)
    {
        var moduleManifest = ModuleEngine.ManifestPath ?? HostedPowerShell.FindModuleManifest();
        var emptyManifest = WriteEmptyModule();
        try
        {
            // One unmeasured round of each warms the OS file cache, as it would be on a machine that has run pwsh before.
            await ProbeAsync(moduleManifest);
            await ProbeAsync(emptyManifest);
            var module = new List<double>();
            var empty = new List<double>();
            for (int round = 0; round < context.Scale.ImportRounds; round++)
            {
                module.Add(await ProbeAsync(moduleManifest));
                empty.Add(await ProbeAsync(emptyManifest));
            }
            double value = Stats.Median(module), baseline = Stats.Median(empty);
            context.Say($"import: module {string.Join(", ", module.Select(Ms))} ms; empty {string.Join(", ", empty.Select(Ms))} ms");
            return new CaseResult
            {
                Name = "import",
                Value = value,
                Baseline = baseline,
                Ratio = value / baseline,
                Unit = "ms",
                Target = $"value - baseline < {TargetExtraMs} ms",
                Met = value - baseline < TargetExtraMs,
                Notes = $"module adds {value - baseline:F0} ms (median of {module.Count} fresh processes each)",
                Details = { ["extraMs"] = value - baseline, ["moduleMinMs"] = module.Min(), ["moduleMaxMs"] = module.Max(), ["emptyMinMs"] = empty.Min() },
            };
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(emptyManifest)!, recursive: true);
        }
    }

    /// <summary>Child-process side: open an engine, import the manifest, print the milliseconds Import-Module took.</summary>
    public static int Probe(string manifest)
    {
        using var engine = new HostedPowerShell(moduleManifestPath: manifest, importModule: false);
        // The engine is warm (its first script has run); only the import is timed.
        engine.Run("$null = 1");
        var clock = Stopwatch.StartNew();
        var result = engine.Run("Import-Module -Name $args[0] -ErrorAction Stop", arguments: new object[] { manifest });
        clock.Stop();
        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"Import of {manifest} failed: {result.TerminatingError?.Message ?? result.Errors[0].ToString()}");
            return 1;
        }
        Console.WriteLine(clock.Elapsed.TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture));
        return 0;
    }

    private static async Task<double> ProbeAsync(string manifest)
    {
        var start = SelfProcess.StartInfo();
        start.ArgumentList.Add(ProbeFlag);
        start.ArgumentList.Add(manifest);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"Import probe failed ({process.ExitCode}): {await errors}");
        return double.Parse((await output).Trim(), CultureInfo.InvariantCulture);
    }

    private static string WriteEmptyModule()
    {
        var folder = Path.Combine(Path.GetTempPath(), "aej-bench-" + Guid.NewGuid().ToString("N"), "EmptyModule");
        Directory.CreateDirectory(folder);
        var manifest = Path.Combine(folder, "EmptyModule.psd1");
        File.WriteAllText(manifest, """
            @{
                ModuleVersion     = '1.0.0'
                GUID              = '0b7e1f0e-2d55-4d7e-9a3c-3c1d2b7a9f00'
                CmdletsToExport   = @()
                FunctionsToExport = @()
                VariablesToExport = @()
                AliasesToExport   = @()
            }
            """);
        return manifest;
    }

    private static string Ms(double value) => value.ToString("F0", CultureInfo.InvariantCulture);
}
