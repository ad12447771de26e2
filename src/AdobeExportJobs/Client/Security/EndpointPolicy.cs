using System.Net;

namespace AdobeExportJobs.Client
{
    /// <summary>Rules for the endpoint roots a session may talk to.</summary>
    internal static class EndpointPolicy
    {
        /// <summary>
        /// An absolute https URL, or http only to this machine (the emulator): plain http elsewhere would send the
        /// client secret and tokens in clear text. Query and fragment are not allowed; a trailing slash is dropped.
        /// </summary>
        public static Uri Validate(string value, string name)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"The {name} is empty.", name);
            if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri))
                throw new ArgumentException($"The {name} '{value}' is not an absolute URL such as {AepSessionOptions.DefaultEndpoint}.", name);
            if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                throw new ArgumentException($"The {name} '{value}' must use https.", name);
            if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
                throw new ArgumentException($"The {name} '{value}' uses http:// on a host other than this machine; secrets and tokens would travel in clear text. Use https:// (http:// is allowed only for loopback addresses such as the local emulator).", name);
            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
                throw new ArgumentException($"The {name} '{value}' must be a root URL without query or fragment.", name);
            if (!string.IsNullOrEmpty(uri.UserInfo))
                throw new ArgumentException($"The {name} must not carry user information.", name);
            return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        }

        public static bool IsLoopback(Uri uri)
        {
            if (uri.IsLoopback) return true;
            var host = uri.DnsSafeHost;
            return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
        }

        /// <summary>root + path, keeping any path prefix the root has (a proxy's).</summary>
        public static Uri Append(Uri root, string path) => new Uri(root.ToString().TrimEnd('/') + "/" + path.TrimStart('/'));
    }
}
