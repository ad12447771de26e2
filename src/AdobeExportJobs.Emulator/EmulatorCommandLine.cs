using System.Globalization;

namespace AdobeExportJobs.Emulator;

/// <summary>Turns command-line flags (--name value or --name=value) into <see cref="EmulatorOptions"/>.</summary>
public static class EmulatorCommandLine
{
    public const string HelpText = """
        AdobeExportJobs emulator: a local Adobe Experience Platform export jobs service, its Data Access API (the
        exported Parquet files) and an IMS token endpoint.

        Usage: dotnet run --project src/AdobeExportJobs.Emulator -- [options]
           or: aep-emulator [options]      (installed as a .NET tool)

        Options:
          --urls URL                      listen address (default http://127.0.0.1:0 = a free port)
          --client-id ID                  demo client id (default emulator-client)
          --client-secret SECRET          demo client secret (default emulator-secret)
          --org-id ORG                    IMS org of the demo client (default EMULATOR0000000000000000@AdobeOrg)
          --sandboxes A,B                 sandbox names (default prod,dev)
          --client ID:SECRET:ORG          register one more client in its own org (repeatable)
          --token-lifetime DURATION       access token lifetime (default 24h)
          --min-job-duration DURATION     shortest NEW→final time of a job (default 1.5s)
          --max-job-duration DURATION     longest NEW→final time of a job (default 2.5s)
          --delete-answer-v1              DELETE answers 200 {"status":true,"message":...} instead of 204
          --data-dir PATH                 keep jobs in SQLite under PATH (survive restarts); default in memory
          --dataset-root PATH             where exported batches (Parquet) are written (default DATA-DIR/datasets with
                                          --data-dir, else a temp folder removed on exit)
          --token-signing-secret SECRET   derive the token-signing key from this (default: the client secrets)
          --gateway-errors SHAPE          shape of auth, header and throttling errors: gateway (default,
                                          {"error_code","message"} as the real gateway) or service
          --max-body-bytes N              largest request body; larger ones answer 413 (default 262144)
          --max-list-limit N              most jobs on one list page (default 1000)
          --parquet-rows-per-file N       most rows in one Parquet part file of a batch (default 100000)
          --profile-count N               size of the synthetic profile store (default 10000)
          --seed N                        seed of profiles, job durations and fault dice (default 42)
        Faults (all off by default; SHARE is a probability 0..1 per request):
          --fault-rate-limit SHARE        answer 429 Too Many Requests
          --fault-retry-after SECONDS     Retry-After on injected 429/503 (default 1; "none" omits the header)
          --fault-server-error SHARE      answer 500, 502 or 503
          --fault-slow SHARE              delay answers by --fault-slow-delay (default 2s)
          --fault-slow-delay DURATION
          --fault-drop SHARE              abort the connection without an answer, before processing
          --fault-drop-after-create SHARE abort the connection after a job was created
          --fault-cut-download SHARE      abort file downloads after --fault-cut-download-after bytes
          --fault-cut-download-after BYTES  (default 65536)
          --fault-slow-download SHARE     send file downloads at --fault-slow-download-rate bytes/s
          --fault-slow-download-rate BYTES_PER_SECOND  (default 262144)
          --fault-token-early-expiry DURATION  tokens stop working after DURATION despite expires_in
          --fault-include-token-endpoint  let the share faults hit /ims/token/v3 and /v2 too
        Control:
          --control-api                   serve /_emulator/statistics, /_emulator/faults and /_emulator/job-duration
                                          (read counters, switch faults and job durations while running; for tests)
          -h, --help                      show this text

        DURATION: 250ms, 2s, 5m, 24h, 1d, a number of seconds, or hh:mm:ss.
        """;

    /// <summary>Parses flags; returns null when help was asked for. Throws <see cref="ArgumentException"/> on a bad flag.</summary>
    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        var options = new EmulatorOptions();
        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-?" or "/?") return null;
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument '{arg}'. See --help.");
            string name = arg, value = null;
            int equals = arg.IndexOf('=');
            if (equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }

            string Value()
            {
                if (value != null) return value;
                if (i + 1 >= args.Count) throw new ArgumentException($"{name} needs a value. See --help.");
                return args[++i];
            }

            var faults = options.Faults;
            switch (name)
            {
                case "--urls": options.Urls = Value(); break;
                case "--client-id": options.ClientId = Value(); break;
                case "--client-secret": options.ClientSecret = Value(); break;
                case "--org-id": options.OrgId = Value(); break;
                case "--sandboxes":
                    options.Sandboxes = Value().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
                    break;
                case "--client": options.AdditionalClients.Add(ParseClient(name, Value())); break;
                case "--token-lifetime": options.TokenLifetime = ParseDuration(name, Value()); break;
                case "--min-job-duration": options.MinJobDuration = ParseDuration(name, Value()); break;
                case "--max-job-duration": options.MaxJobDuration = ParseDuration(name, Value()); break;
                case "--delete-answer-v1": options.DeleteAnswerV1 = true; break;
                case "--data-dir": options.DataDirectory = Value(); break;
                case "--dataset-root": options.DatasetRoot = Value(); break;
                case "--token-signing-secret": options.TokenSigningSecret = Value(); break;
                case "--gateway-errors": options.GatewayErrors = ParseShape(name, Value()); break;
                case "--max-body-bytes": options.MaxRequestBodyBytes = ParseInt(name, Value(), 1); break;
                case "--max-list-limit": options.MaxListLimit = ParseInt(name, Value(), 1); break;
                case "--parquet-rows-per-file": options.ParquetRowsPerFile = ParseInt(name, Value(), 1); break;
                case "--profile-count": options.ProfileCount = ParseInt(name, Value(), 0); break;
                case "--seed": options.Seed = ParseInt(name, Value(), int.MinValue); break;
                case "--fault-rate-limit": faults.RateLimitShare = ParseShare(name, Value()); break;
                case "--fault-retry-after":
                    var retryAfter = Value();
                    faults.RetryAfterSeconds = retryAfter == "none" ? null : ParseInt(name, retryAfter, 0);
                    break;
                case "--fault-server-error": faults.ServerErrorShare = ParseShare(name, Value()); break;
                case "--fault-slow": faults.SlowShare = ParseShare(name, Value()); break;
                case "--fault-slow-delay": faults.SlowDelay = ParseDuration(name, Value()); break;
                case "--fault-drop": faults.DropShare = ParseShare(name, Value()); break;
                case "--fault-drop-after-create": faults.DropAfterCreateShare = ParseShare(name, Value()); break;
                case "--fault-cut-download": faults.CutDownloadShare = ParseShare(name, Value()); break;
                case "--fault-cut-download-after": faults.CutDownloadAfterBytes = ParseInt(name, Value(), 0); break;
                case "--fault-slow-download": faults.SlowDownloadShare = ParseShare(name, Value()); break;
                case "--fault-slow-download-rate": faults.SlowDownloadBytesPerSecond = ParseInt(name, Value(), 1); break;
                case "--fault-token-early-expiry": faults.TokenEarlyExpiry = ParseDuration(name, Value()); break;
                case "--control-api": options.ControlApi = true; break;
                case "--fault-include-token-endpoint": faults.IncludeTokenEndpoint = true; break;
                default: throw new ArgumentException($"Unknown option '{name}'. See --help.");
            }
        }
        return options;
    }

    public static TimeSpan ParseDuration(string name, string text)
    {
        text = text.Trim();
        (string Suffix, double Milliseconds)[] units = { ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000) };
        foreach (var (suffix, milliseconds) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
            {
                return TimeSpan.FromMilliseconds(amount * milliseconds);
            }
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0) return TimeSpan.FromSeconds(seconds);
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero) return span;
        throw new ArgumentException($"{name}: '{text}' is not a duration (e.g. 250ms, 2s, 24h).");
    }

    private static double ParseShare(string name, string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1) return share;
        throw new ArgumentException($"{name}: '{text}' is not a share between 0 and 1.");
    }

    private static ErrorShape ParseShape(string name, string text) => text.Trim().ToLowerInvariant() switch
    {
        "gateway" => ErrorShape.Gateway,
        "service" => ErrorShape.Service,
        _ => throw new ArgumentException($"{name}: '{text}' is not an error shape (gateway or service)."),
    };

    private static int ParseInt(string name, string text, int minimum)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= minimum) return number;
        throw new ArgumentException($"{name}: '{text}' is not a valid number.");
    }

    private static RegisteredClient ParseClient(string name, string text)
    {
        // The org id may contain no colon; split at the first two colons.
        var parts = text.Split(':', 3);
        if (parts.Length != 3 || parts.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException($"{name}: expected CLIENT_ID:CLIENT_SECRET:ORG_ID.");
        return new RegisteredClient { ClientId = parts[0], ClientSecret = parts[1], OrgId = parts[2] };
    }
}
