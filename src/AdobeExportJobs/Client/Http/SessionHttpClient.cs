using System.Net;

namespace AdobeExportJobs.Client
{
    /// <summary>The one HttpClient of a session: decompressing, following no redirects, and with no timeout of its own.</summary>
    internal static class SessionHttpClient
    {
        public static HttpClient Create()
        {
            var handler = new HttpClientHandler
            {
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                // A redirect is reported as an error (see AepHttpSender), never followed with the secret or the session's headers.
                AllowAutoRedirect = false,
            };
            try
            {
                // .NET Framework (Windows PowerShell 5.1) allows 2 connections per host by default; waiting on many jobs needs more.
                handler.MaxConnectionsPerServer = 64;
            }
            catch (PlatformNotSupportedException) { }
            // Each attempt has its own timeout (AepHttpSender); the HttpClient's would cut across retries.
            return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        }
    }
}
