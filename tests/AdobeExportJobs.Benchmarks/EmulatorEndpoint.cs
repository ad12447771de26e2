using System.Diagnostics;
using AdobeExportJobs.Emulator;

namespace AdobeExportJobs.Benchmarks;

/// <summary>Where an emulator answers and the credentials it accepts, wherever it runs.</summary>
public sealed record EmulatorEndpoint(Uri BaseUrl, EmulatorOptions Options)
{
    public string BaseAddress => BaseUrl.GetLeftPart(UriPartial.Authority);

    public static implicit operator EmulatorEndpoint(EmulatorServer server) => new(server.BaseUrl, server.Options);
}

/// <summary>
/// An emulator in a child process (this program with <see cref="ServeFlag"/>), for the memory case: there the measured
/// heap must hold only the client, not the emulator's store of 110,000 jobs (which also makes every forced full
/// collection slow). The child stops when its standard input closes, so it never outlives the harness.
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    public const string ServeFlag = "--serve-emulator";
    private const string ReadyPrefix = "EMULATOR READY ";

    private readonly Process _process;

    private EmulatorProcess(Process process, EmulatorEndpoint endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public EmulatorEndpoint Endpoint { get; }

    /// <param name="emulatorArguments">Emulator command-line options (as the emulator's own command line takes them); none: <see cref="BenchmarkContext.EmulatorSettings"/>.</param>
    public static async Task<EmulatorProcess> StartAsync(params string[] emulatorArguments)
    {
        var start = SelfProcess.StartInfo();
        start.ArgumentList.Add(ServeFlag);
        foreach (var argument in emulatorArguments) start.ArgumentList.Add(argument);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        var process = Process.Start(start)!;
        string line;
        while ((line = await process.StandardOutput.ReadLineAsync()) != null && !line.StartsWith(ReadyPrefix, StringComparison.Ordinal)) { }
        if (line == null)
        {
            await process.WaitForExitAsync();
            throw new InvalidOperationException($"The emulator child process ended ({process.ExitCode}) before it was ready.");
        }
        return new EmulatorProcess(process, new EmulatorEndpoint(new Uri(line[ReadyPrefix.Length..].Trim()), Settings(emulatorArguments)));
    }

    private static EmulatorOptions Settings(IReadOnlyList<string> emulatorArguments) =>
        emulatorArguments.Count == 0 ? BenchmarkContext.EmulatorSettings() : EmulatorCommandLine.Parse(emulatorArguments);

    /// <summary>Child side: serve until standard input closes.</summary>
    public static async Task<int> ServeAsync(IReadOnlyList<string> emulatorArguments)
    {
        await using var server = await EmulatorServer.StartAsync(Settings(emulatorArguments));
        Console.WriteLine(ReadyPrefix + server.BaseAddress);
        await Console.In.ReadToEndAsync();
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }
}

/// <summary>Starting this benchmark program again, whether it runs through its apphost or as "dotnet X.dll".</summary>
internal static class SelfProcess
{
    public static ProcessStartInfo StartInfo()
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        return start;
    }
}
