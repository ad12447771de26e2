namespace AdobeExportJobs.Emulator;

/// <summary>
/// Settings of one emulator instance; every default is the documented demo value.
/// Faults, job durations, token lifetime and the delete answer are read at request time,
/// so they can be changed on a running server (e.g. <c>server.Options.Faults.RateLimitShare = 0.3</c>).
/// </summary>
public sealed class EmulatorOptions
{
    public string Urls { get; set; } = "http://127.0.0.1:0";
    public string ClientId { get; set; } = "emulator-client";
    public string ClientSecret { get; set; } = "emulator-secret";
    public string OrgId { get; set; } = "EMULATOR0000000000000000@AdobeOrg";
    public List<string> Sandboxes { get; set; } = new() { "prod", "dev" };

    /// <summary>More clients, each bound to its own org (for isolation tests). They share <see cref="Sandboxes"/>.</summary>
    public List<RegisteredClient> AdditionalClients { get; set; } = new();

    /// <summary>Lifetime of issued access tokens; IMS answers it as <c>expires_in</c> in whole seconds.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a job takes from NEW to its final state; each job gets a duration spread uniformly
    /// (deterministically from <see cref="Seed"/> and the job id) between the two.</summary>
    public TimeSpan MinJobDuration { get; set; } = TimeSpan.FromSeconds(1.5);
    public TimeSpan MaxJobDuration { get; set; } = TimeSpan.FromSeconds(2.5);

    /// <summary>Largest request body accepted, in bytes; a larger one is answered 413 without being read to the end.
    /// Create bodies are a few hundred bytes in practice; the real API gateway caps bodies as well.</summary>
    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Most records on one list page: a larger <c>limit</c> is lowered to it, and a list without <c>limit</c>
    /// gets pages of this size (Adobe's reference names no maximum; this one is the emulator's).</summary>
    public int MaxListLimit { get; set; } = 1000;

    /// <summary>A request body must arrive at least this fast (bytes per second) once <see cref="RequestBodyGracePeriod"/>
    /// has passed; a slower one is answered 408. Read when a request starts.</summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    public TimeSpan RequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The shape of the errors the API gateway answers in front of the service: authentication (401),
    /// authorization (403), unreadable or missing Adobe headers (400) and throttling (429). The real platform's gateway
    /// uses <see cref="ErrorShape.Gateway"/>; <see cref="ErrorShape.Service"/> is for testing a client against the other shape.</summary>
    public ErrorShape GatewayErrors { get; set; } = ErrorShape.Gateway;

    /// <summary>A secret the token-signing key is derived from. Null: derived from the registered clients' secrets.
    /// Either way the key itself is never stored; see README.md "Storage".</summary>
    public string TokenSigningSecret { get; set; }

    /// <summary>Answer DELETE the v1 way: 200 with {"status":true,"message":...} instead of 204.</summary>
    public bool DeleteAnswerV1 { get; set; }

    /// <summary>Null: jobs live in memory only. Otherwise a folder for a SQLite store; jobs survive a restart.</summary>
    public string DataDirectory { get; set; }

    /// <summary>Where exported batches go (&lt;root&gt;/&lt;datasetId&gt;/part-NNNNN-&lt;batchId&gt;-c000.snappy.parquet). Null: &lt;DataDirectory&gt;/datasets
    /// when there is a data directory (kept with the jobs), otherwise a fresh temp folder that is deleted when the server
    /// is disposed, and by the next emulator to start if its process died without cleaning up.</summary>
    public string DatasetRoot { get; set; }

    /// <summary>Most rows in one Parquet part file; a larger batch is split into several parts (part-00000, part-00001, …).</summary>
    public int ParquetRowsPerFile { get; set; } = 100_000;

    /// <summary>Size of the synthetic profile store.</summary>
    public int ProfileCount { get; set; } = 10_000;

    /// <summary>Seeds the profile store, the job durations and the fault dice.</summary>
    public int Seed { get; set; } = 42;

    public FaultOptions Faults { get; set; } = new();

    /// <summary>Serve the control API under /_emulator (statistics, faults, job durations at run time). Off by default.</summary>
    public bool ControlApi { get; set; }

    internal IEnumerable<RegisteredClient> AllClients()
    {
        yield return new RegisteredClient { ClientId = ClientId, ClientSecret = ClientSecret, OrgId = OrgId };
        foreach (var client in AdditionalClients) yield return client;
    }
}

/// <summary>The two error shapes of Adobe Experience Platform: the API gateway's {"error_code","message"} and the
/// service's {"type","title","status","detail","report"}.</summary>
public enum ErrorShape
{
    Gateway,
    Service,
}

/// <summary>A client the IMS endpoint accepts, and the one org its tokens may act for.</summary>
public sealed class RegisteredClient
{
    public string ClientId { get; set; }
    public string ClientSecret { get; set; }
    public string OrgId { get; set; }

    public override string ToString() => $"{ClientId} ({OrgId})";
}

/// <summary>
/// Fault injection for tests; everything is off by default. Shares are probabilities in [0,1] per request,
/// drawn from a random generator seeded by <see cref="EmulatorOptions.Seed"/>. Faults hit the platform paths
/// (/data/core/ups/... and the Data Access API's /data/foundation/export/...) and, only when <see cref="IncludeTokenEndpoint"/>
/// is set, the IMS token path. Faults other than <see cref="DropAfterCreateShare"/> and the download faults strike before the
/// request is processed: nothing is created. The download faults strike while a file's bytes are sent.
/// </summary>
public sealed class FaultOptions
{
    /// <summary>Share of requests answered 429 Too Many Requests.</summary>
    public double RateLimitShare { get; set; }

    /// <summary>Retry-After seconds sent with injected 429 and 503 answers; null sends no Retry-After header.</summary>
    public int? RetryAfterSeconds { get; set; } = 1;

    /// <summary>Share of requests answered with one of <see cref="ServerErrorStatuses"/>.</summary>
    public double ServerErrorShare { get; set; }

    public List<int> ServerErrorStatuses { get; set; } = new() { 500, 502, 503 };

    /// <summary>Share of requests held for <see cref="SlowDelay"/> before they are processed normally.</summary>
    public double SlowShare { get; set; }

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Share of requests whose connection is aborted without an answer, before processing.</summary>
    public double DropShare { get; set; }

    /// <summary>Share of job creations whose connection is aborted AFTER the job was created and stored.</summary>
    public double DropAfterCreateShare { get; set; }

    /// <summary>When set, tokens really expire after this time although <c>expires_in</c> still announces
    /// <see cref="EmulatorOptions.TokenLifetime"/> (a token revoked early).</summary>
    public TimeSpan? TokenEarlyExpiry { get; set; }

    /// <summary>Share of file downloads (GET /data/foundation/export/files/{id}?path=...) whose connection is aborted after
    /// <see cref="CutDownloadAfterBytes"/> bytes of the body, although Content-Length promised more.</summary>
    public double CutDownloadShare { get; set; }

    public long CutDownloadAfterBytes { get; set; } = 64 * 1024;

    /// <summary>Share of file downloads sent at only <see cref="SlowDownloadBytesPerSecond"/>.</summary>
    public double SlowDownloadShare { get; set; }

    public long SlowDownloadBytesPerSecond { get; set; } = 256 * 1024;

    /// <summary>Let the share-based faults hit POST /ims/token/v3 and /v2 as well.</summary>
    public bool IncludeTokenEndpoint { get; set; }

    public void Clear()
    {
        RateLimitShare = ServerErrorShare = SlowShare = DropShare = DropAfterCreateShare = CutDownloadShare = SlowDownloadShare = 0;
        TokenEarlyExpiry = null;
        IncludeTokenEndpoint = false;
    }
}
