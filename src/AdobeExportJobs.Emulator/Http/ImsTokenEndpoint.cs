using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AdobeExportJobs.Emulator.Http;

/// <summary>
/// POST /ims/token/v3, OAuth server-to-server: form fields grant_type=client_credentials, client_id, client_secret, scope.
/// Errors use the emulator's error shape plus the OAuth fields "error" and "error_description" that IMS clients read.
/// </summary>
internal sealed class ImsTokenEndpoint(TokenService tokens, EmulatorStatistics statistics)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await JobsEndpoints.MethodNotAllowedAsync(context, "POST");
            return;
        }
        if (!context.Request.HasFormContentType)
        {
            await OAuthErrorAsync(context, 400, "invalid_request", "the body must be form-encoded (application/x-www-form-urlencoded)");
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        string grantType = form["grant_type"];
        string clientId = form["client_id"];
        string clientSecret = form["client_secret"];
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

        var (token, expiresIn) = tokens.Issue(client, form["scope"]);
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
