using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using MinDataRate = Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate;

namespace AdobeExportJobs.Emulator.Http;

/// <summary>
/// The limits every request body lives under (size: <see cref="EmulatorOptions.MaxRequestBodyBytes"/>, speed:
/// <see cref="EmulatorOptions.MinRequestBodyBytesPerSecond"/>) and reading a body within them. Kestrel enforces both
/// while the body is read and throws <see cref="BadHttpRequestException"/> (413, 408) which the pipeline answers.
/// </summary>
internal static class RequestBodies
{
    /// <summary>Applied when a request starts, so the options can change while the emulator runs.</summary>
    public static void ApplyLimits(HttpContext context, EmulatorOptions options)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = options.MaxRequestBodyBytes;
        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            // Kestrel measures in whole seconds; a grace period under one second is not possible.
            var grace = options.RequestBodyGracePeriod < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : options.RequestBodyGracePeriod;
            rate.MinDataRate = options.MinRequestBodyBytesPerSecond > 0 ? new MinDataRate(options.MinRequestBodyBytesPerSecond, grace) : null;
        }
    }

    /// <summary>The whole body, read within the limits; an over-long or too slow body throws <see cref="BadHttpRequestException"/>.</summary>
    public static async Task<ArraySegment<byte>> ReadAsync(HttpContext context)
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? long.MaxValue;
        var announced = context.Request.ContentLength;
        using var buffer = new MemoryStream(announced is { } length && length <= limit ? (int)length : 4096);
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>True for application/json, with or without parameters such as charset.</summary>
    public static bool IsJson(HttpRequest request)
    {
        var type = request.ContentType;
        if (string.IsNullOrWhiteSpace(type)) return false;
        var mediaType = type.Split(';', 2)[0].Trim();
        return string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>What went wrong, for the answer's detail: Kestrel's verdict on a body it would not finish reading.</summary>
    public static string Describe(BadHttpRequestException error, HttpContext context) => error.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge =>
            $"body: larger than the limit of {context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes.",
        StatusCodes.Status408RequestTimeout => "body: it arrived too slowly; the request timed out.",
        _ => "request: " + error.Message,
    };
}
