using Microsoft.AspNetCore.Http;

namespace AdobeExportJobs.Emulator.Http;

/// <summary>
/// What every request but the control API's goes through before its endpoint: counting, body limits, the request id on
/// the answer, the gateway's header check, the share faults, and one error answer for whatever escapes a handler.
/// </summary>
internal sealed class RequestPipeline(EmulatorOptions options, EmulatorStatistics statistics, FaultInjector faults) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        // The control API watches the emulator; counting its own calls would change what it reports.
        if (Routes.IsControl(context.Request.Path))
        {
            await next(context);
            return;
        }
        statistics.CountRequest(context.Request.Method);
        RequestBodies.ApplyLimits(context, options);
        context.Response.Headers[RequestIds.Header] = RequestIds.Of(context);
        context.Response.OnStarting(() =>
        {
            statistics.CountResponse(context.Response.StatusCode);
            return Task.CompletedTask;
        });
        try
        {
            if (RequestHeaders.FindUnreadable(context.Request.Headers) is { } bad)
            {
                var message = $"{bad.Name}: the header value cannot be read (character {bad.Position + 1} is not printable ASCII).";
                await ApiErrors.WriteAsync(context, 400, message, ApiErrors.Gateway.BadHeader(message));
                return;
            }
            if (!await faults.BeforeProcessingAsync(context)) return;
            await next(context);
        }
        catch (BadHttpRequestException error) when (!context.Response.HasStarted)
        {
            // Kestrel refused to read the body on: too large (413), too slow (408) or badly framed (400).
            await ApiErrors.WriteAsync(context, error.StatusCode, RequestBodies.Describe(error, options));
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception error) when (!context.Response.HasStarted)
        {
            await ApiErrors.WriteAsync(context, 500, "Internal emulator error: " + error.GetType().Name);
        }
    }
}
