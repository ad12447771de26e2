using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Client
{
    /// <summary>
    /// Removes one session's own secrets from text by value: the client secret and every token the session was given or
    /// issued, as they are and as a server would echo them (URL-, form- or JSON-encoded). The patterns of
    /// <see cref="HttpLogFormatter.Redact"/> run too, so text passed through here is safe to show whatever its shape.
    /// One per client; every log line and every error leaving the client passes through it.
    /// </summary>
    internal sealed class SecretScrubber
    {
        /// <summary>Shorter values are not scrubbed: masking every "abc" in every message would make them unreadable, and hides nothing.</summary>
        internal const int MinLength = 4;

        private readonly object _gate = new object();
        private readonly List<SecureString> _secrets = new List<SecureString>();
        private readonly HashSet<string> _tokens = new HashSet<string>(StringComparer.Ordinal);
        private string[] _tokenForms = new string[0];

        /// <summary>A secret kept as a SecureString; revealed only while text is scrubbed.</summary>
        public void AddSecret(SecureString secret)
        {
            if (SecureStrings.IsEmpty(secret)) return;
            lock (_gate) _secrets.Add(secret);
        }

        /// <summary>A token the session holds or was issued; tokens already expired still get scrubbed.</summary>
        public void AddToken(string token)
        {
            if (string.IsNullOrEmpty(token) || token.Length < MinLength) return;
            lock (_gate)
            {
                if (!_tokens.Add(token)) return;
                _tokenForms = _tokens.SelectMany(FormsOf).Distinct().OrderByDescending(form => form.Length).ToArray();
            }
        }

        public string Scrub(string text)
        {
            if (string.IsNullOrEmpty(text)) return text;
            var result = HttpLogFormatter.Redact(text);
            string[] tokenForms;
            SecureString[] secrets;
            lock (_gate)
            {
                tokenForms = _tokenForms;
                secrets = _secrets.ToArray();
            }
            foreach (var form in tokenForms) result = Mask(result, form);
            foreach (var secret in secrets)
            {
                // Longest form first, so the raw value does not leave half of an encoded one behind.
                foreach (var form in FormsOf(SecureStrings.Reveal(secret)).OrderByDescending(f => f.Length)) result = Mask(result, form);
            }
            return result;
        }

        /// <summary>Scrubs everything an error carries that a user can reach: message, server-given texts, the error body (in place), and the errors it wraps.</summary>
        public void Scrub(AepApiException error)
        {
            for (var current = error; current != null; current = current.InnerException as AepApiException)
            {
                current.ScrubWith(Scrub);
                current.Error?.ScrubWith(Scrub);
            }
        }

        /// <summary>Scrubs every string, and every property name, of a JSON tree in place.</summary>
        public static void ScrubJson(JToken token, Func<string, string> scrub)
        {
            if (token == null) return;
            var all = token is JContainer container ? container.DescendantsAndSelf().ToList() : new List<JToken> { token };
            foreach (var value in all.OfType<JValue>().Where(v => v.Type == JTokenType.String).ToList())
            {
                var text = (string)value.Value;
                var clean = scrub(text);
                if (!string.Equals(text, clean, StringComparison.Ordinal)) value.Value = clean;
            }
            foreach (var property in all.OfType<JProperty>())
            {
                var clean = scrub(property.Name);
                if (!string.Equals(property.Name, clean, StringComparison.Ordinal) && property.Parent is JObject parent)
                {
                    var value = property.Value;
                    property.Value = JValue.CreateNull();
                    property.Replace(new JProperty(UniqueName(parent, clean), value));
                }
            }
        }

        private static string UniqueName(JObject parent, string name)
        {
            var unique = name;
            for (int n = 2; parent.Property(unique) != null; n++) unique = name + "#" + n;
            return unique;
        }

        /// <summary>The value as it is, and as a server echoing a form, a query or a JSON string would write it.</summary>
        private static IEnumerable<string> FormsOf(string value)
        {
            if (string.IsNullOrEmpty(value) || value.Length < MinLength) yield break;
            yield return value;
            yield return Uri.EscapeDataString(value);
            yield return WebUtility.UrlEncode(value);
            var json = JsonConvert.ToString(value);
            yield return json.Substring(1, json.Length - 2);
        }

        private static string Mask(string text, string value)
        {
            if (string.IsNullOrEmpty(value) || text.IndexOf(value, StringComparison.Ordinal) < 0) return text;
            return text.Replace(value, HttpLogFormatter.Mask);
        }
    }
}
