using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator.Jobs;

namespace AdobeExportJobs.Emulator.Http;

internal enum TokenCheck { Valid, Invalid, Expired }

/// <summary>
/// Issues and checks access tokens shaped like IMS's JWTs, signed with HMAC-SHA256. The signing key is never stored:
/// it is derived from a secret the database does not hold (<see cref="EmulatorOptions.TokenSigningSecret"/>, or else the
/// registered clients' secrets) and a random salt that is stored. With a data directory the salt and the revocation
/// generation survive a restart, so tokens stay valid across it, as real IMS tokens do, as long as the secrets are the same;
/// someone who can read the database but knows no secret cannot forge a token.
/// </summary>
internal sealed class TokenService
{
    private const string SaltSetting = "token-key-salt";
    private const string GenerationSetting = "token-generation";

    /// <summary>Where older emulators kept the key itself; removed on start.</summary>
    private const string LegacyKeySetting = "token-signing-key";

    private readonly EmulatorOptions _options;
    private readonly IJobPersistence _settings;
    private readonly byte[] _key;
    private long _generation;

    public TokenService(EmulatorOptions options, IJobPersistence settings)
    {
        _options = options;
        _settings = settings;
        settings.DeleteSetting(LegacyKeySetting);
        var salt = settings.GetSetting(SaltSetting);
        if (salt == null)
        {
            salt = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            settings.SetSetting(SaltSetting, salt);
        }
        _key = DeriveKey(options, Convert.FromBase64String(salt));
        _generation = long.TryParse(settings.GetSetting(GenerationSetting), out var generation) ? generation : 0;
    }

    private static byte[] DeriveKey(EmulatorOptions options, byte[] salt)
    {
        var secret = options.TokenSigningSecret
            ?? string.Join("\n", options.AllClients().OrderBy(c => c.ClientId, StringComparer.Ordinal).Select(c => c.ClientId + ":" + c.ClientSecret));
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, salt,
            Encoding.UTF8.GetBytes("AdobeExportJobs emulator token signing"));
    }

    public RegisteredClient FindClient(string clientId) =>
        _options.AllClients().FirstOrDefault(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal));

    /// <summary>A new token; it expires after TokenLifetime, or earlier under the TokenEarlyExpiry fault.</summary>
    public (string Token, long ExpiresInSeconds) Issue(RegisteredClient client, string scope)
    {
        var lifetime = _options.TokenLifetime;
        var realLifetime = _options.Faults.TokenEarlyExpiry is { } early && early < lifetime ? early : lifetime;
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var payload = new JsonObject
        {
            ["type"] = "access_token",
            ["client_id"] = client.ClientId,
            ["org"] = client.OrgId,
            ["scope"] = scope ?? "",
            ["created_at"] = now,
            ["expires_at"] = now + (long)realLifetime.TotalMilliseconds,
            ["gen"] = Interlocked.Read(ref _generation),
            ["id"] = Guid.NewGuid().ToString(),
        };
        var header = Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
        var body = Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = Base64Url(Sign(header + "." + body));
        return ($"{header}.{body}.{signature}", Math.Max(0, (long)lifetime.TotalSeconds));
    }

    public TokenCheck Check(string token, out string clientId)
    {
        clientId = null;
        var parts = (token ?? "").Split('.');
        if (parts.Length != 3) return TokenCheck.Invalid;
        byte[] signature;
        JsonObject payload;
        try
        {
            signature = FromBase64Url(parts[2]);
            payload = JsonNode.Parse(FromBase64Url(parts[1])) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return TokenCheck.Invalid;
        }
        if (payload == null || !CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0] + "." + parts[1]))) return TokenCheck.Invalid;
        clientId = (string)payload["client_id"];
        if ((long)payload["gen"] != Interlocked.Read(ref _generation)) return TokenCheck.Expired;
        return (long)payload["expires_at"] <= DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() ? TokenCheck.Expired : TokenCheck.Valid;
    }

    /// <summary>Every token issued so far stops working (answers 401); new ones work.</summary>
    public void ExpireAll()
    {
        var generation = Interlocked.Increment(ref _generation);
        _settings.SetSetting(GenerationSetting, generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private byte[] Sign(string data)
    {
        using var hmac = new HMACSHA256(_key);
        return hmac.ComputeHash(Encoding.UTF8.GetBytes(data));
    }

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        return Convert.FromBase64String(padded);
    }
}
