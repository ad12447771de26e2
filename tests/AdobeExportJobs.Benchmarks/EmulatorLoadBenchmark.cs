using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator;

namespace AdobeExportJobs.Benchmarks;

/// <summary>
/// Many concurrent clients against one in-process emulator: each gets its own IMS token and connection, then loops
/// listing (limit=20) and, every third round, creating a job, until the time or round budget is spent. Jobs really run
/// in the background meanwhile (short durations, small store). Errors are any non-2xx answer or failed request.
/// </summary>
public static class EmulatorLoadBenchmark
{
    public sealed record Result(
        int Clients,
        long Requests,
        long Errors,
        double Seconds,
        double RequestsPerSecond,
        long JobsCreated,
        long DuplicateCreates,
        double P50Milliseconds,
        double P99Milliseconds)
    {
        public override string ToString() =>
            $"emulator-load: {Clients} clients, {Requests} requests in {Seconds:F1} s = {RequestsPerSecond:F0} req/s, " +
            $"errors {Errors}, jobs created {JobsCreated} (duplicates {DuplicateCreates}), latency p50 {P50Milliseconds:F1} ms p99 {P99Milliseconds:F1} ms";
    }

    public static async Task<Result> RunAsync(int clients = 200, TimeSpan? duration = null, int maxRoundsPerClient = int.MaxValue,
        CancellationToken cancellationToken = default)
    {
        var budget = duration ?? TimeSpan.FromSeconds(10);
        var options = new EmulatorOptions
        {
            ProfileCount = 500,
            MinJobDuration = TimeSpan.FromMilliseconds(500),
            MaxJobDuration = TimeSpan.FromMilliseconds(1500),
        };
        await using var server = await EmulatorServer.StartAsync(options, cancellationToken);

        var callers = new List<HttpClient>();
        try
        {
            for (int i = 0; i < clients; i++)
            {
                var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
                callers.Add(http);
            }
            var tokens = await Task.WhenAll(callers.Select(http => RequestTokenAsync(http, options)));

            long requests = 0, errors = 0, creates = 0;
            var latencies = new List<double>[clients];
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var clock = Stopwatch.StartNew();
            stop.CancelAfter(budget);

            async Task ClientLoopAsync(int index)
            {
                var http = callers[index];
                var own = latencies[index] = new List<double>();
                var body = new JsonObject
                {
                    ["fields"] = "identities.id",
                    ["filter"] = new JsonObject { ["segments"] = new JsonArray(new JsonObject { ["segmentId"] = "52c26d0d-45f2-47a2-ab30-ed06abc981ff" }) },
                    ["destination"] = new JsonObject { ["datasetId"] = $"bench-{index % 10}" },
                    ["schema"] = new JsonObject { ["name"] = "_xdm.context.profile" },
                }.ToJsonString();
                for (int round = 0; round < maxRoundsPerClient && !stop.IsCancellationRequested; round++)
                {
                    bool create = round % 3 == 2;
                    using var request = new HttpRequestMessage(create ? HttpMethod.Post : HttpMethod.Get,
                        create ? "/data/core/ups/export/jobs" : "/data/core/ups/export/jobs?limit=20");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[index]);
                    request.Headers.Add("x-api-key", options.ClientId);
                    request.Headers.Add("x-gw-ims-org-id", options.OrgId);
                    request.Headers.Add("x-sandbox-name", index % 2 == 0 ? "prod" : "dev");
                    request.Headers.Add("x-request-id", $"bench-{index}-{round}");
                    if (create) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await http.SendAsync(request, cancellationToken);
                        await response.Content.ReadAsByteArrayAsync(cancellationToken);
                        if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                        else if (create) Interlocked.Increment(ref creates);
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref errors);
                    }
                    own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Increment(ref requests);
                }
            }

            await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(() => ClientLoopAsync(i))));
            clock.Stop();

            var sorted = latencies.Where(l => l != null).SelectMany(l => l).OrderBy(x => x).ToArray();
            var created = server.Statistics.JobsCreatedByRequestId;
            long duplicates = created.Values.Count(n => n > 1);
            // Every answered create must have made exactly one job.
            if (server.Statistics.JobsCreated != creates) errors += Math.Abs(server.Statistics.JobsCreated - creates);
            return new Result(clients, requests, errors, clock.Elapsed.TotalSeconds, requests / clock.Elapsed.TotalSeconds,
                server.Statistics.JobsCreated, duplicates, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
        }
        finally
        {
            foreach (var http in callers) http.Dispose();
        }
    }

    private static async Task<string> RequestTokenAsync(HttpClient http, EmulatorOptions options)
    {
        using var response = await http.PostAsync("/ims/token/v3", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = options.ClientId,
            ["client_secret"] = options.ClientSecret,
            ["scope"] = "openid,AdobeID",
        }));
        response.EnsureSuccessStatusCode();
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"];
    }

    private static double Percentile(double[] sorted, double share) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(share * sorted.Length))];
}
