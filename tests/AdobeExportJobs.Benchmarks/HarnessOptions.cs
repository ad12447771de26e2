using System.Globalization;

namespace AdobeExportJobs.Benchmarks;

/// <summary>
/// The sizes of every case. <see cref="Full"/> is what the issue asks for; <see cref="Quick"/> proves the harness works
/// in seconds (CI smoke test) and its figures mean nothing.
/// </summary>
public sealed record Scale
{
    public int ImportRounds { get; init; }
    public int GetCalls { get; init; }
    public int ListJobs { get; init; }
    public int ListRounds { get; init; }
    public int PageSize { get; init; } = 100;
    public int MemorySmallJobs { get; init; }
    public int MemoryLargeJobs { get; init; }
    public int MemoryRounds { get; init; }
    public int WaitJobs { get; init; }
    public TimeSpan WaitMinDuration { get; init; }
    public TimeSpan WaitMaxDuration { get; init; }
    public int EmulatorClients { get; init; }
    public TimeSpan EmulatorTime { get; init; }
    public int SoakJobs { get; init; }
    public int SoakWorkers { get; init; }
    public int SoakBatch { get; init; }

    /// <summary>Synthetic profiles of the download case's emulator; an export of all of them with every field is about 110 bytes of Parquet a profile.</summary>
    public int DownloadProfiles { get; init; }

    /// <summary>Rows per Parquet part file, so each job writes a few files.</summary>
    public int DownloadRowsPerFile { get; init; }

    /// <summary>Jobs of the small and the large export (the large ten times the small, for the memory comparison).</summary>
    public int DownloadSmallJobs { get; init; }
    public int DownloadLargeJobs { get; init; }

    /// <summary>Timed rounds of Save-ExportJobFile and of the raw copy, alternating.</summary>
    public int DownloadRounds { get; init; }

    /// <summary>Multiplies the soak's fault shares (1 = 30 % 429, 10 % 503, 5 % drops); quick runs use less so they stay short.</summary>
    public double SoakFaultScale { get; init; } = 1;

    public static Scale Full { get; } = new()
    {
        ImportRounds = 7,
        GetCalls = 400,
        ListJobs = 10_000,
        ListRounds = 5,
        MemorySmallJobs = 10_000,
        MemoryLargeJobs = 100_000,
        MemoryRounds = 3,
        WaitJobs = 500,
        WaitMinDuration = TimeSpan.FromSeconds(2),
        WaitMaxDuration = TimeSpan.FromSeconds(10),
        EmulatorClients = 200,
        EmulatorTime = TimeSpan.FromSeconds(10),
        SoakJobs = 1_000,
        SoakWorkers = 40,
        SoakBatch = 13,
        DownloadProfiles = 60_000,
        DownloadRowsPerFile = 20_000,
        DownloadSmallJobs = 2,
        DownloadLargeJobs = 20,
        DownloadRounds = 9,
    };

    public static Scale Quick { get; } = new()
    {
        ImportRounds = 1,
        GetCalls = 20,
        ListJobs = 300,
        ListRounds = 1,
        MemorySmallJobs = 200,
        MemoryLargeJobs = 1_000,
        MemoryRounds = 1,
        WaitJobs = 10,
        WaitMinDuration = TimeSpan.FromMilliseconds(300),
        WaitMaxDuration = TimeSpan.FromMilliseconds(800),
        EmulatorClients = 10,
        EmulatorTime = TimeSpan.FromSeconds(1),
        SoakJobs = 12,
        SoakWorkers = 2,
        SoakBatch = 3,
        SoakFaultScale = 0.3,
        DownloadProfiles = 1_000,
        DownloadRowsPerFile = 400,
        DownloadSmallJobs = 1,
        DownloadLargeJobs = 10,
        DownloadRounds = 1,
    };
}

/// <summary>The command line: --json FILE, --case NAME (repeatable or comma-separated), --quick.</summary>
public sealed class HarnessOptions
{
    public static readonly string[] AllCases = { "import", "get", "list", "list-memory", "wait", "emulator", "soak", "download" };

    public string JsonPath { get; private set; }
    public List<string> Cases { get; } = new();
    public bool Quick { get; private set; }
    public string ModuleManifest { get; private set; }
    public Scale Scale => Quick ? Scale.Quick : Scale.Full;

    public static HarnessOptions Parse(string[] args)
    {
        var options = new HarnessOptions();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json":
                    options.JsonPath = Value(args, ref i);
                    break;
                case "--case":
                    foreach (var name in Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!AllCases.Contains(name)) throw new ArgumentException($"Unknown case '{name}'. Cases: {string.Join(", ", AllCases)}.");
                        options.Cases.Add(name);
                    }
                    break;
                case "--module":
                    options.ModuleManifest = Path.GetFullPath(Value(args, ref i));
                    break;
                case "--quick":
                    options.Quick = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        if (options.Cases.Count == 0) options.Cases.AddRange(AllCases);
        // Run in the documented order whatever order they were given in: the emulator case compares with the others' demand.
        var chosen = AllCases.Where(options.Cases.Contains).ToList();
        options.Cases.Clear();
        options.Cases.AddRange(chosen);
        return options;
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value.");
        return args[++i];
    }

    public static string Usage =>
        "Usage: dotnet run -c Release --project tests/AdobeExportJobs.Benchmarks -- [--json FILE] [--case NAME[,NAME...]] [--quick] [--module PSD1]\n" +
        "Cases: " + string.Join(", ", AllCases) + "\n" +
        "--module: measure another build of the module (default: out/AdobeExportJobs/AdobeExportJobs.psd1 above this program).\n" +
        "Build first (the module is imported from out/AdobeExportJobs): dotnet build AdobeExportJobs.sln -c Release";

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
