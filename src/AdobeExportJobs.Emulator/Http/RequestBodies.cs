using AdobeExportJobs.Emulator.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using MinDataRate = Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate;

namespace AdobeExportJobs.Emulator.Http;

/// <summary>
/// The limits every request body lives under. Size: a body over <see cref="EmulatorOptions.MaxRequestBodyBytes"/> is
/// answered 413 as soon as that is known (from Content-Length, or while reading); the rest of it, up to
/// <see cref="DrainLimitBytes"/>, is still read and thrown away after the answer, as a lingering server does, so the client
/// gets to read the 413 instead of a reset connection. Speed: <see cref="EmulatorOptions.MinRequestBodyBytesPerSecond"/>,
/// enforced by Kestrel, which throws <see cref="BadHttpRequestException"/> (408) into the read; the pipeline answers it.
/// </summary>
internal static class RequestBodies
{
    /// <summary>How much of an unwanted body is read and discarded after an early answer (Kestrel's default body limit).
    /// Beyond it the connection is closed after the answer. Reading to discard costs no memory.</summary>
    public const long DrainLimitBytes = 30_000_000;

    private static readonly TimeSpan ShortestGracePeriod = TimeSpan.FromSeconds(1.1);

    /// <summary>Applied when a request starts, so the options can change while the emulator runs.</summary>
    public static void ApplyLimits(HttpContext context, EmulatorOptions options)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = Math.Max(DrainLimitBytes, options.MaxRequestBodyBytes);
        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            // Kestrel checks once a second and refuses a grace period that is not longer than that.
            var grace = options.RequestBodyGracePeriod > ShortestGracePeriod ? options.RequestBodyGracePeriod : ShortestGracePeriod;
            rate.MinDataRate = options.MinRequestBodyBytesPerSecond > 0 ? new MinDataRate(options.MinRequestBodyBytesPerSecond, grace) : null;
        }
    }

    /// <summary>The whole body, at most <see cref="EmulatorOptions.MaxRequestBodyBytes"/>, in a pooled buffer the caller
    /// disposes; a longer body throws <see cref="BadHttpRequestException"/> 413 before more than that is held, a too slow
    /// one 408 (from Kestrel).</summary>
    public static async Task<PooledBufferWriter> ReadAsync(HttpContext context, EmulatorOptions options)
    {
        int limit = options.MaxRequestBodyBytes;
        var announced = context.Request.ContentLength;
        if (announced > limit) throw TooLarge(options);
        var buffer = new PooledBufferWriter(announced is { } length ? (int)length : 16 * 1024);
        try
        {
            while (true)
            {
                // With a known length the buffer already fits; asking for more would only grow it.
                int want = announced is { } size ? (int)Math.Max(1, size - buffer.WrittenCount) : 16 * 1024;
                var read = await context.Request.Body.ReadAsync(buffer.GetMemory(want), context.RequestAborted);
                if (read == 0) return buffer;
                if (buffer.WrittenCount + read > limit) throw TooLarge(options);
                buffer.Advance(read);
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>True for application/json, with or without parameters such as charset.</summary>
    public static bool IsJson(HttpRequest request)
    {
        var type = request.ContentType;
        if (string.IsNullOrWhiteSpace(type)) return false;
        var mediaType = type.Split(';', 2)[0].Trim();
        return string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>What went wrong, for the answer's detail.</summary>
    public static string Describe(BadHttpRequestException error, EmulatorOptions options) => error.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => TooLarge(options).Message,
        StatusCodes.Status408RequestTimeout =>
            $"body: it arrived too slowly (under {options.MinRequestBodyBytesPerSecond} bytes/s); the request timed out.",
        _ => "request: " + error.Message,
    };

    private static BadHttpRequestException TooLarge(EmulatorOptions options) =>
        new($"body: larger than the limit of {options.MaxRequestBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
}
