using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// The one place that turns HTTP traffic into log text. Everything it returns has been through <see cref="Redact"/>:
    /// bearer tokens, client secrets and access tokens never reach a log line, whichever header, form or JSON field carries them.
    /// </summary>
    internal static class HttpLogFormatter
    {
        public const string Mask = "[REDACTED]";
        internal const int MaxBodyLength = 2000;

        private static readonly HashSet<string> SecretHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
        };

        private static readonly Regex[] SecretPatterns =
        {
            // Authorization: Bearer xyz (also Basic) in any text.
            new Regex(@"\b(Bearer|Basic)\s+[^\s""',;]+", RegexOptions.IgnoreCase | RegexOptions.Compiled),
            // Form or query fields: client_secret=...&access_token=...
            new Regex(@"\b(client_secret|access_token|refresh_token|id_token|password)=[^&\s""']*", RegexOptions.IgnoreCase | RegexOptions.Compiled),
            // JSON fields: "access_token": "..."
            new Regex(@"""(client_secret|access_token|refresh_token|id_token|password)""\s*:\s*""(?:[^""\\]|\\.)*""", RegexOptions.IgnoreCase | RegexOptions.Compiled),
            // A bare JWT (Adobe's access tokens are JWTs) wherever it appears.
            new Regex(@"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*", RegexOptions.Compiled),
        };

        /// <summary>Masks every secret the patterns recognize.</summary>
        public static string Redact(string text)
        {
            if (string.IsNullOrEmpty(text)) return text;
            var result = text;
            result = SecretPatterns[0].Replace(result, m => m.Groups[1].Value + " " + Mask);
            result = SecretPatterns[1].Replace(result, m => m.Groups[1].Value + "=" + Mask);
            result = SecretPatterns[2].Replace(result, m => "\"" + m.Groups[1].Value + "\":\"" + Mask + "\"");
            result = SecretPatterns[3].Replace(result, Mask);
            return result;
        }

        /// <summary>A URL for logs: query values named like secrets masked.</summary>
        public static string FormatUrl(Uri url) => url == null ? string.Empty : Redact(url.ToString());

        /// <summary>"GET https://... -> 200 OK in 35 ms" plus retry notes.</summary>
        public static string FormatCall(string method, Uri url, int? status, string reason, double elapsedMs, string requestId, string note = null)
        {
            var text = new StringBuilder();
            text.Append(method).Append(' ').Append(FormatUrl(url)).Append(" -> ");
            text.Append(status.HasValue ? status.Value + (string.IsNullOrEmpty(reason) ? string.Empty : " " + reason) : "no answer");
            text.Append(" in ").Append(Math.Round(elapsedMs)).Append(" ms [request ").Append(requestId).Append(']');
            if (!string.IsNullOrEmpty(note)) text.Append("; ").Append(note);
            return Redact(text.ToString());
        }

        /// <summary>Headers, one per line, with credential headers masked whatever their value.</summary>
        public static string FormatHeaders(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers)
        {
            var text = new StringBuilder();
            foreach (var header in headers)
            {
                var value = SecretHeaders.Contains(header.Key) ? Mask : string.Join(", ", header.Value);
                text.Append("  ").Append(header.Key).Append(": ").Append(value).Append('\n');
            }
            return Redact(text.ToString().TrimEnd('\n'));
        }

        public static string FormatRequest(HttpRequestMessage request, string body)
        {
            var headers = request.Headers.AsEnumerable();
            if (request.Content != null) headers = headers.Concat(request.Content.Headers);
            var text = request.Method + " " + FormatUrl(request.RequestUri) + "\n" + FormatHeaders(headers);
            if (!string.IsNullOrEmpty(body)) text += "\n" + FormatBody(body);
            return text;
        }

        public static string FormatResponse(int status, string reason, HttpResponseHeaders headers, string body)
        {
            var text = status + " " + reason;
            if (headers != null) text += "\n" + FormatHeaders(headers);
            if (!string.IsNullOrEmpty(body)) text += "\n" + FormatBody(body);
            return text;
        }

        public static string FormatBody(string body) => Redact(AepErrorPayload.Truncate(body, MaxBodyLength));
    }
}
