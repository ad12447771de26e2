using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AdobeExportJobs.Emulator.Http;

/// <summary>
/// POST /ims/token/v3 and /ims/token/v2, OAuth server-to-server: grant_type=client_credentials, client_id, client_secret,
/// scope, as a form body (v3 in Adobe's guides) or as query-string parameters (v2 in Adobe's Postman collection); a form
/// field wins over a query parameter of the same name. Both versions answer the same JSON.
/// Errors use the emulator's error shape plus the OAuth fields "error" and "error_description" that IMS clients read.
/// </summary>
internal sealed class ImsTokenEndpoint(EmulatorOptions options, TokenService tokens, EmulatorStatistics statistics)
{
    /// <summary>A token request has four short fields; anything far beyond that is refused while it is read.</summary>
    private FormOptions FormLimits() => new()
    {
        MultipartBodyLengthLimit = options.MaxRequestBodyBytes,
        ValueCountLimit = 64,
        KeyLengthLimit = 1024,
        ValueLengthLimit = 16 * 1024,
        MultipartHeadersCountLimit = 8,
        MultipartHeadersLengthLimit = 4 * 1024,
    };

    public async Task IssueAsync(HttpContext context)
    {
        IFormCollection form = FormCollection.Empty;
        if (context.Request.HasFormContentType)
        {
            try
            {
                form = await context.Request.ReadFormAsync(FormLimits(), context.RequestAborted);
            }
            catch (BadHttpRequestException error)
            {
                await OAuthErrorAsync(context, error.StatusCode, "invalid_request", RequestBodies.Describe(error, options));
                return;
            }
            catch (Exception error) when (error is InvalidDataException or IOException or FormatException)
            {
                // Too many fields, an over-long value, broken multipart framing: the form cannot be read.
                await OAuthErrorAsync(context, 400, "invalid_request", "the form body cannot be read: " + error.Message);
                return;
            }
        }
        else if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            await OAuthErrorAsync(context, 400, "invalid_request",
                "the body must be form-encoded (application/x-www-form-urlencoded), or the fields sent as query-string parameters");
            return;
        }

        string Field(string name)
        {
            string value = form[name];
            return string.IsNullOrEmpty(value) ? context.Request.Query[name] : value;
        }

        string grantType = Field("grant_type");
        string clientId = Field("client_id");
        string clientSecret = Field("client_secret");
        if (grantType != "client_credentials")
        {
            await OAuthErrorAsync(context, 400, "unsupported_grant_type", "grant_type must be client_credentials");
            return;
        }
        if (string.IsNullOrEmpty(clientId))
        {
            await OAuthErrorAsync(context, 400, "invalid_request", "client_id is required");
            return;
        }
        if (string.IsNullOrEmpty(clientSecret))
        {
            await OAuthErrorAsync(context, 400, "invalid_request", "client_secret is required");
            return;
        }
        var client = tokens.FindClient(clientId);
        if (client == null || !SecretsEqual(client.ClientSecret, clientSecret))
        {
            await OAuthErrorAsync(context, 401, "invalid_client", "invalid client_id or client_secret");
            return;
        }

        var (token, expiresIn) = tokens.Issue(client, Field("scope"));
        statistics.CountToken();
        context.Response.Headers.CacheControl = "no-store";
        var answer = new JsonObject { ["access_token"] = token, ["token_type"] = "bearer", ["expires_in"] = expiresIn };
        await ApiErrors.WriteJsonAsync(context, 200, answer.ToJsonString());
    }

    private static bool SecretsEqual(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected ?? ""), Encoding.UTF8.GetBytes(given));

    private static Task OAuthErrorAsync(HttpContext context, int status, string error, string description) =>
        ApiErrors.WriteAsync(context, status, $"{error}: {description}",
            extra: new JsonObject { ["error"] = error, ["error_description"] = description });
}
