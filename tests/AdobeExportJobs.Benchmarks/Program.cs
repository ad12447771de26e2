using AdobeExportJobs.Benchmarks;

// Usage: dotnet run -c Release --project tests/AdobeExportJobs.Benchmarks -- [emulator-load] [--clients N] [--seconds S]
int clients = 200;
double seconds = 10;
for (int i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--clients") clients = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
    if (args[i] == "--seconds") seconds = double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
}

var result = await EmulatorLoadBenchmark.RunAsync(clients, TimeSpan.FromSeconds(seconds));
Console.WriteLine(result);
return result.Errors == 0 && result.DuplicateCreates == 0 ? 0 : 1;
