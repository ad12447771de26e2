using System.Runtime.InteropServices;
using AdobeExportJobs.Emulator;

EmulatorOptions options;
try
{
    options = EmulatorCommandLine.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
if (options == null)
{
    Console.WriteLine(EmulatorCommandLine.HelpText);
    return 0;
}

await using var server = await EmulatorServer.StartAsync(options);
// The demo credentials are public defaults, printed on purpose so a user can connect.
Console.WriteLine($"AdobeExportJobs emulator listening on {server.BaseAddress}");
Console.WriteLine($"  export jobs: {server.BaseAddress}/data/core/ups/export/jobs");
Console.WriteLine($"  files:       {server.BaseAddress}/data/foundation/export (Data Access API)");
Console.WriteLine($"  IMS token:   {server.BaseAddress}/ims/token/v3 (and /ims/token/v2)");
Console.WriteLine($"  client id:     {options.ClientId}");
// Only the public demo secret is shown; one chosen with --client-secret stays private.
var demoSecret = new EmulatorOptions().ClientSecret;
Console.WriteLine($"  client secret: {(options.ClientSecret == demoSecret ? demoSecret : "(as given with --client-secret)")}");
Console.WriteLine($"  org id:        {options.OrgId}");
Console.WriteLine($"  sandboxes:     {string.Join(", ", options.Sandboxes)}");
foreach (var client in options.AdditionalClients) Console.WriteLine($"  also client:   {client}");
Console.WriteLine($"  storage: {options.DataDirectory ?? "in memory"}; datasets: {server.DatasetRoot}");
Console.WriteLine("Press Ctrl+C to stop.");

var stopped = new TaskCompletionSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopped.TrySetResult();
}
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
await stopped.Task;
Console.WriteLine("Stopping.");
return 0;
