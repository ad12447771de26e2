using Microsoft.AspNetCore.Http;

namespace AdobeExportJobs.Emulator.Http;

/// <summary>Who is calling, once the token and the Adobe headers are checked; jobs and files are scoped by (OrgId, Sandbox).</summary>
internal sealed record Caller(string ClientId, string OrgId, string Sandbox)
{
    /// <summary>The caller <see cref="CallerAuthentication"/> let through to this endpoint.</summary>
    public static Caller Of(HttpContext context) =>
        context.Items[typeof(Caller)] as Caller ?? throw new InvalidOperationException("The endpoint is not behind CallerAuthentication.");
}

/// <summary>
/// Checks what every platform request carries: Authorization: Bearer (401 when missing, invalid or expired),
/// x-api-key naming a registered client that the token was issued to (403), x-gw-ims-org-id (400 when missing,
/// 403 when it is not that client's org) and x-sandbox-name (prod when absent, as on the platform; 403 when unknown).
/// These are the API gateway's checks, so the answers come in the gateway's error shape by default.
/// An endpoint filter: the endpoints behind it run only for an authenticated caller, found with <see cref="Caller.Of"/>.
/// </summary>
internal sealed class CallerAuthentication(EmulatorOptions options, TokenService tokens) : IEndpointFilter
{
    public const string DefaultSandbox = "prod";

    public async ValueTask<object> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var caller = await AuthenticateAsync(context.HttpContext);
        if (caller == null) return Results.Empty;
        context.HttpContext.Items[typeof(Caller)] = caller;
        return await next(context);
    }

    /// <summary>The caller, or null after an error answer was written.</summary>
    private async Task<Caller> AuthenticateAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        string authorization = headers.Authorization;
        const string scheme = "Bearer ";
        if (string.IsNullOrWhiteSpace(authorization) || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            || authorization.Length == scheme.Length)
        {
            await ApiErrors.WriteAsync(context, 401, "Authorization: a bearer access token is required (Authorization: Bearer <token>).",
                ApiErrors.Gateway.TokenMissing);
            return null;
        }
        var check = tokens.Check(authorization[scheme.Length..].Trim(), out var tokenClientId);
        if (check != TokenCheck.Valid)
        {
            var detail = check == TokenCheck.Expired
                ? "Authorization: the access token has expired; request a new one from /ims/token/v3."
                : "Authorization: the access token is not valid.";
            await ApiErrors.WriteAsync(context, 401, detail, ApiErrors.Gateway.TokenInvalid);
            return null;
        }

        string apiKey = headers["x-api-key"];
        var client = string.IsNullOrWhiteSpace(apiKey) ? null : tokens.FindClient(apiKey.Trim());
        if (client == null)
        {
            var detail = string.IsNullOrWhiteSpace(apiKey) ? "x-api-key: the header is required." : "x-api-key: unknown API key.";
            await ApiErrors.WriteAsync(context, 403, detail, ApiErrors.Gateway.ApiKeyInvalid);
            return null;
        }
        if (!string.Equals(client.ClientId, tokenClientId, StringComparison.Ordinal))
        {
            await ApiErrors.WriteAsync(context, 403, "x-api-key: the access token was issued to another client.", ApiErrors.Gateway.ApiKeyInvalid);
            return null;
        }

        string orgId = headers["x-gw-ims-org-id"];
        if (string.IsNullOrWhiteSpace(orgId))
        {
            const string message = "x-gw-ims-org-id: the header is required.";
            await ApiErrors.WriteAsync(context, 400, message, ApiErrors.Gateway.BadHeader(message));
            return null;
        }
        if (!string.Equals(orgId.Trim(), client.OrgId, StringComparison.Ordinal))
        {
            await ApiErrors.WriteAsync(context, 403, "x-gw-ims-org-id: the client is not registered for this IMS org.",
                ApiErrors.Gateway.ProfileInvalid);
            return null;
        }

        string sandbox = headers["x-sandbox-name"];
        sandbox = string.IsNullOrWhiteSpace(sandbox) ? DefaultSandbox : sandbox.Trim();
        if (!options.Sandboxes.Contains(sandbox, StringComparer.Ordinal))
        {
            await ApiErrors.WriteAsync(context, 403, $"x-sandbox-name: sandbox '{sandbox}' does not exist or is not accessible.",
                ApiErrors.Gateway.ProfileInvalid);
            return null;
        }
        return new Caller(client.ClientId, client.OrgId, sandbox);
    }
}
