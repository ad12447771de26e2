using System.Net.Http.Headers;
using System.Text;
using AdobeExportJobs.Emulator;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Benchmarks;

/// <summary>
/// The baseline: what a careful script would do with a bare HttpClient — one token, the same headers the module sends,
/// Newtonsoft to parse. Also fills the emulator with jobs over plain HTTP (no module involved).
/// </summary>
public sealed class RawApi : IDisposable
{
    public const string JobsPath = "/data/core/ups/export/jobs";
    private const string ServicePath = "/data/core/ups";

    private readonly HttpClient _http;
    private readonly EmulatorOptions _options;
    private string _token;

    public RawApi(EmulatorEndpoint server, string sandbox = "prod")
    {
        _options = server.Options;
        Sandbox = sandbox;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = server.BaseUrl,
            Timeout = TimeSpan.FromSeconds(100),
        };
    }

    public string Sandbox { get; }

    public async Task ConnectAsync()
    {
        using var response = await _http.PostAsync("/ims/token/v3", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = _options.ClientId,
            ["client_secret"] = _options.ClientSecret,
            ["scope"] = "openid,AdobeID,read_organizations",
        }));
        response.EnsureSuccessStatusCode();
        _token = (string)JObject.Parse(await response.Content.ReadAsStringAsync())["access_token"];
    }

    /// <summary>GET one job and parse it, as the baseline of Get-ExportJob -Id.</summary>
    public async Task<JObject> GetJobAsync(long id)
    {
        using var request = NewRequest(HttpMethod.Get, JobsPath + "/" + id);
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"GET job {id}: {(int)response.StatusCode} {body}");
        return JObject.Parse(body);
    }

    /// <summary>Pages through the whole list following link.next; returns how many records came.</summary>
    public async Task<int> CountAllAsync(int pageSize)
    {
        int count = 0;
        string next = $"{JobsPath}?limit={pageSize}";
        while (next != null)
        {
            using var request = NewRequest(HttpMethod.Get, next);
            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"GET {next}: {(int)response.StatusCode} {body}");
            var page = JObject.Parse(body);
            foreach (var record in (JArray)page["records"])
            {
                if (record is JObject) count++;
            }
            var link = (string)page["link"]?["next"];
            next = string.IsNullOrEmpty(link) ? null : ServicePath + link;
        }
        return count;
    }

    /// <summary>Every job of the sandbox, page by page.</summary>
    public async Task<List<JObject>> ListAllAsync(int pageSize = 500)
    {
        var jobs = new List<JObject>();
        string next = $"{JobsPath}?limit={pageSize}";
        while (next != null)
        {
            using var request = NewRequest(HttpMethod.Get, next);
            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"GET {next}: {(int)response.StatusCode} {body}");
            var page = JObject.Parse(body);
            jobs.AddRange(((JArray)page["records"]).OfType<JObject>());
            var link = (string)page["link"]?["next"];
            next = string.IsNullOrEmpty(link) ? null : ServicePath + link;
        }
        return jobs;
    }

    /// <summary>Creates one job (with <paramref name="body"/>, or the benchmark's usual one); returns its id.</summary>
    public async Task<long> CreateJobAsync(string datasetId, string requestId = null, string body = null)
    {
        using var request = NewRequest(HttpMethod.Post, JobsPath, requestId);
        request.Content = new StringContent(body ?? CreateBody(datasetId), Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"POST job: {(int)response.StatusCode} {answer}");
        return (long)JObject.Parse(answer)["id"];
    }

    /// <summary>Creates <paramref name="count"/> jobs with a few requests in flight; returns their ids.</summary>
    public async Task<long[]> CreateJobsAsync(int count, string datasetId, int concurrency = 8, string body = null)
    {
        var ids = new long[count];
        int next = -1;
        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count) ids[i] = await CreateJobAsync(datasetId, body: body);
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, Math.Max(1, count))).Select(_ => Task.Run(Worker)));
        return ids;
    }

    public static string CreateBody(string datasetId) => new JObject
    {
        ["fields"] = "identities.id,personalEmail.address",
        ["mergePolicy"] = new JObject { ["id"] = "timestampOrdered-none-mp", ["version"] = 1 },
        ["filter"] = new JObject
        {
            ["segments"] = new JArray(new JObject { ["segmentId"] = "52c26d0d-45f2-47a2-ab30-ed06abc981ff", ["segmentNs"] = "ups", ["status"] = new JArray("realized") }),
        },
        ["destination"] = new JObject { ["datasetId"] = datasetId, ["segmentPerBatch"] = false },
        ["schema"] = new JObject { ["name"] = "_xdm.context.profile" },
    }.ToString(Newtonsoft.Json.Formatting.None);

    /// <summary>The platform headers (no request id) for a PowerShell baseline: Invoke-RestMethod -Headers.</summary>
    public System.Collections.Hashtable HeadersForPowerShell() => new()
    {
        ["Authorization"] = "Bearer " + (_token ?? throw new InvalidOperationException("ConnectAsync first.")),
        ["x-api-key"] = _options.ClientId,
        ["x-gw-ims-org-id"] = _options.OrgId,
        ["x-sandbox-name"] = Sandbox,
        ["Accept"] = "application/json",
    };

    /// <summary>The headers the module sends on every platform call.</summary>
    private HttpRequestMessage NewRequest(HttpMethod method, string path, string requestId = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token ?? throw new InvalidOperationException("ConnectAsync first."));
        request.Headers.TryAddWithoutValidation("x-api-key", _options.ClientId);
        request.Headers.TryAddWithoutValidation("x-gw-ims-org-id", _options.OrgId);
        request.Headers.TryAddWithoutValidation("x-sandbox-name", Sandbox);
        request.Headers.TryAddWithoutValidation("x-request-id", requestId ?? Guid.NewGuid().ToString());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("User-Agent", "AdobeExportJobs.Benchmarks/raw");
        return request;
    }

    public void Dispose() => _http.Dispose();
}
