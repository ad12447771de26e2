using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AdobeExportJobs.Emulator.Http;

/// <summary>Every path the emulator serves, and the one place they are mapped to their handlers.</summary>
internal static class Routes
{
    /// <summary>The export jobs API's base URL on the platform; <c>link.next</c> is relative to it.</summary>
    public const string UpsBase = "/data/core/ups";

    public const string Jobs = UpsBase + "/export/jobs";

    /// <summary>The list page path as <c>link.next</c> gives it (relative to <see cref="UpsBase"/>).</summary>
    public const string JobsLink = "/export/jobs/";

    /// <summary>The Data Access API's base URL: a batch's files and their bytes.</summary>
    public const string DataAccess = "/data/foundation/export";

    public const string ImsToken = "/ims/token";

    public static readonly IReadOnlyList<string> ImsTokenVersions = new[] { "/v3", "/v2" };

    /// <summary>The emulator's own control API; a path Adobe's APIs never use.</summary>
    public const string Control = "/_emulator";

    /// <summary>Paths of the platform's APIs: the gateway's checks and the share faults apply to them.</summary>
    public static bool IsPlatform(PathString path) => path.StartsWithSegments(UpsBase) || path.StartsWithSegments(DataAccess);

    public static bool IsImsToken(PathString path) => path.StartsWithSegments(ImsToken);

    public static bool IsControl(PathString path) => path.StartsWithSegments(Control);

    public static string JobUrl(HttpRequest request, long id) => $"{request.Scheme}://{request.Host}{Jobs}/{id}";

    /// <summary>The absolute URL of a Data Access path (the platform's answers hold absolute links).</summary>
    public static string DataAccessUrl(HttpRequest request, string path) => $"{request.Scheme}://{request.Host}{DataAccess}{path}";

    public static void MapEmulatorEndpoints(this WebApplication app)
    {
        app.Map("/", StatusPage.WriteAsync);

        var ims = app.MapGroup(ImsToken);
        foreach (var version in ImsTokenVersions)
        {
            ims.MapPost(version, (HttpContext context, ImsTokenEndpoint endpoint) => endpoint.IssueAsync(context));
            ims.MapOtherMethods(version, "POST");
        }

        var jobs = app.MapGroup(Jobs);
        // The method is checked before the caller, so the 405 answers live outside the authenticated group.
        jobs.MapOtherMethods("", "GET, POST");
        jobs.MapOtherMethods("/{id}", "GET, DELETE");
        var authenticated = jobs.MapGroup("").AddEndpointFilter<CallerAuthentication>();
        authenticated.MapGet("", (HttpContext context, JobsEndpoints endpoints) => endpoints.ListAsync(context));
        authenticated.MapPost("", (HttpContext context, JobsEndpoints endpoints) => endpoints.CreateAsync(context));
        authenticated.MapGet($"/{{id:{JobIdConstraint.Name}}}", (HttpContext context, long id, JobsEndpoints endpoints) => endpoints.GetAsync(context, id));
        authenticated.MapDelete($"/{{id:{JobIdConstraint.Name}}}", (HttpContext context, long id, JobsEndpoints endpoints) => endpoints.DeleteAsync(context, id));
        authenticated.MapMethods("/{id}", new[] { HttpMethods.Get, HttpMethods.Delete },
            (HttpContext context, string id) => ApiErrors.WriteAsync(context, 400, $"id: '{id}' is not an export job id (job ids are integers)."));

        var dataAccess = app.MapGroup(DataAccess);
        dataAccess.MapOtherMethods("/batches/{batchId}/files", "GET");
        dataAccess.MapOtherMethods("/files/{fileId}", "GET, HEAD");
        var readers = dataAccess.MapGroup("").AddEndpointFilter<CallerAuthentication>();
        readers.MapGet("/batches/{batchId}/files", (HttpContext context, string batchId, DataAccessEndpoints endpoints) => endpoints.ListBatchFilesAsync(context, batchId));
        readers.MapMethods("/files/{fileId}", new[] { HttpMethods.Get, HttpMethods.Head },
            (HttpContext context, string fileId, DataAccessEndpoints endpoints) => endpoints.GetFileAsync(context, fileId));

        if (app.Services.GetRequiredService<EmulatorOptions>().ControlApi) ControlEndpoints.Map(app.MapGroup(Control));
        app.MapFallback(context => ApiErrors.WriteAsync(context, 404, $"No resource at {context.Request.Path}."));
    }

    /// <summary>Answers 405 in the service's error shape (with Allow) for the methods a path does not serve. Its order
    /// puts it after the path's own endpoints, so it only takes what they leave.</summary>
    private static void MapOtherMethods(this IEndpointRouteBuilder group, string pattern, string allowed) =>
        group.Map(pattern, (HttpContext context) => ApiErrors.MethodNotAllowedAsync(context, allowed)).WithOrder(1);
}

/// <summary>A job id as the platform writes it: decimal digits only (no sign, spaces or newline) that fit a long.</summary>
internal sealed class JobIdConstraint : IRouteConstraint
{
    public const string Name = "jobId";

    public bool Match(HttpContext httpContext, IRouter route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value)
        && long.TryParse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);
}
