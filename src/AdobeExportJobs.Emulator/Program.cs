using AdobeExportJobs.Emulator;

var options = new EmulatorOptions();
for (int i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--urls") options.Urls = args[i + 1];
}
await using var server = await EmulatorServer.StartAsync(options);
Console.WriteLine($"AdobeExportJobs emulator listening on {server.BaseUrl}");
var done = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; done.TrySetResult(); };
await done.Task;
