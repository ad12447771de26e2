using System.Diagnostics;
using System.Globalization;
using AdobeExportJobs.Runner;

namespace AdobeExportJobs.Benchmarks.Cases;

/// <summary>
/// Cold Import-Module: each measurement is a fresh process (so no assembly of the module is loaded yet) that opens a
/// hosted engine, then times only Import-Module. The baseline imports a manifest module with nothing in it, so the
/// cost of the engine and of Import-Module itself cancels out; the difference is what the module adds. The same pair is
/// measured in real pwsh 7.6.9 (the repository's dotnet tool, restored on first use), a fresh pwsh process each.
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
            var (pwshModule, pwshEmpty, pwshNote) = await MeasureInPwshAsync(context, moduleManifest, emptyManifest);
            return new CaseResult
            {
                Name = "import",
                Value = value,
                Baseline = baseline,
                Ratio = value / baseline,
                Unit = "ms",
                Target = $"value - baseline < {TargetExtraMs} ms",
                Met = value - baseline < TargetExtraMs,
                Notes = $"hosted engine: module adds {value - baseline:F0} ms (median of {module.Count} fresh processes each); {pwshNote}",
                Details =
                {
                    ["extraMs"] = value - baseline, ["moduleMinMs"] = module.Min(), ["moduleMaxMs"] = module.Max(), ["emptyMinMs"] = empty.Min(),
                    ["pwshModuleMs"] = pwshModule, ["pwshEmptyMs"] = pwshEmpty, ["pwshExtraMs"] = pwshModule - pwshEmpty,
                },
            };
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(emptyManifest)!, recursive: true);
        }
    }

    /// <summary>Median cold Import-Module in real pwsh (dotnet pwsh, a fresh process each), module and empty.</summary>
    private static async Task<(double Module, double Empty, string Note)> MeasureInPwshAsync(BenchmarkContext context, string moduleManifest, string emptyManifest)
    {
        var root = RepoPaths.RootOrNull;
        if (root is null || await DotnetAsync(root, "tool", "restore") is null)
            return (double.NaN, double.NaN, "real pwsh: not measured (dotnet tool restore failed)");
        await PwshProbeAsync(root, moduleManifest);
        await PwshProbeAsync(root, emptyManifest);
        var module = new List<double>();
        var empty = new List<double>();
        for (int round = 0; round < context.Scale.ImportRounds; round++)
        {
            module.Add(await PwshProbeAsync(root, moduleManifest));
            empty.Add(await PwshProbeAsync(root, emptyManifest));
        }
        context.Say($"import (pwsh): module {string.Join(", ", module.Select(Ms))} ms; empty {string.Join(", ", empty.Select(Ms))} ms");
        double m = Stats.Median(module), e = Stats.Median(empty);
        return (m, e, $"real pwsh 7.6.9: {m:F0} ms vs empty module {e:F0} ms, module adds {m - e:F0} ms");
    }

    private static async Task<double> PwshProbeAsync(string root, string manifest)
    {
        var script = "$null = 1; $c = [Diagnostics.Stopwatch]::StartNew(); Import-Module '" + manifest.Replace("'", "''") +
                     "' -ErrorAction Stop; $c.Stop(); $c.Elapsed.TotalMilliseconds.ToString('F3', [cultureinfo]::InvariantCulture)";
        var output = await DotnetAsync(root, "pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", script)
                     ?? throw new InvalidOperationException("pwsh import probe failed for " + manifest);
        return double.Parse(output.Trim().Split('\n').Last(), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs dotnet with the arguments in <paramref name="root"/>; its stdout, or null when it failed.</summary>
    private static async Task<string> DotnetAsync(string root, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await errors;
        return process.ExitCode == 0 ? await output : null;
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
