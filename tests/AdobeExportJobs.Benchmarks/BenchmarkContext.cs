using AdobeExportJobs.Emulator;

namespace AdobeExportJobs.Benchmarks;

/// <summary>What the cases share: their sizes, and the request rates they drove the emulator at.</summary>
public sealed class BenchmarkContext
{
    public BenchmarkContext(Scale scale, TextWriter log)
    {
        Scale = scale;
        Log = log;
    }

    public Scale Scale { get; }

    public TextWriter Log { get; }

    /// <summary>Highest request rate (req/s) any case drove the emulator at, with the case's name.</summary>
    public (double Rate, string Case) PeakDemand { get; private set; }

    public void RecordDemand(string caseName, double requestsPerSecond)
    {
        if (requestsPerSecond > PeakDemand.Rate) PeakDemand = (requestsPerSecond, caseName);
    }

    public void Say(string text) => Log.WriteLine("  " + text);

    /// <summary>An emulator on a free loopback port with a small profile store (profiles do not matter to these cases).</summary>
    public static Task<EmulatorServer> StartEmulatorAsync(Action<EmulatorOptions> configure = null)
    {
        var options = EmulatorSettings();
        configure?.Invoke(options);
        return EmulatorServer.StartAsync(options);
    }

    public static EmulatorOptions EmulatorSettings() => new()
    {
        ProfileCount = 300,
        // Fill jobs stay NEW while they are listed: the list does not change under the measurement.
        MinJobDuration = TimeSpan.FromHours(1),
        MaxJobDuration = TimeSpan.FromHours(1),
    };
}
