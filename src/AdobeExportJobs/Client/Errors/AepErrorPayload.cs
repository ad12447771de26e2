using System.Text.RegularExpressions;
using AdobeExportJobs.Model;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Client
{
    /// <summary>Adobe's error payload, read from either of its shapes or from a non-JSON body.</summary>
    internal sealed class AepErrorPayload
    {
        internal const int MaxTextLength = 500;

        /// <summary>Which body it was: None, Gateway, Service, OAuth, OtherJson or Text (see <see cref="AepErrorShape"/>).</summary>
        public string Shape => ShapeKind.ToString();

        internal AepErrorShape ShapeKind { get; private set; }

        /// <summary><c>error_code</c> (gateway), the last part of <c>type</c> such as <c>UPAPI-113000-404</c> (service), or <c>error</c> (OAuth).</summary>
        public string Code { get; private set; }

        /// <summary>The service's <c>type</c> URI.</summary>
        public string Type { get; private set; }

        public string Title { get; private set; }

        /// <summary><c>message</c>, <c>detail</c> or <c>error_description</c>; for a non-JSON body its text, truncated.</summary>
        public string Message { get; private set; }

        /// <summary>The service's <c>report</c> object, if any.</summary>
        public JToken Report { get; private set; }

        /// <summary>The whole JSON body, when it was JSON.</summary>
        public JToken Json { get; private set; }

        /// <summary>One line for people: "UPAPI-113000-404: Export job not found: no job 42".</summary>
        public string Summary
        {
            get
            {
                var parts = new[] { Code, Title, Message };
                string text = null;
                foreach (var part in parts)
                {
                    if (string.IsNullOrWhiteSpace(part)) continue;
                    if (text != null && text.Contains(part)) continue;
                    text = text == null ? part : text + ": " + part;
                }
                return text ?? string.Empty;
            }
        }

        public override string ToString() => Summary;

        /// <summary>Applies <paramref name="scrub"/> to every text of the payload, the JSON body included (in place, so Report follows).</summary>
        internal void ScrubWith(System.Func<string, string> scrub)
        {
            Code = scrub(Code);
            Type = scrub(Type);
            Title = scrub(Title);
            Message = scrub(Message);
            SecretScrubber.ScrubJson(Json, scrub);
            if (Report != null && Report.Root != Json?.Root) SecretScrubber.ScrubJson(Report, scrub);
        }

        public static AepErrorPayload Parse(string body)
        {
            var payload = new AepErrorPayload { ShapeKind = AepErrorShape.None };
            if (string.IsNullOrWhiteSpace(body)) return payload;
            JToken json = null;
            try { json = AepJson.ParseToken(body); }
            catch (Newtonsoft.Json.JsonException) { }

            if (json is JObject obj)
            {
                payload.Json = obj;
                if (obj["error_code"] != null)
                {
                    payload.ShapeKind = AepErrorShape.Gateway;
                    payload.Code = Text(obj["error_code"]);
                    payload.Message = Text(obj["message"]);
                }
                else if (obj["type"] != null || obj["title"] != null || obj["detail"] != null)
                {
                    payload.ShapeKind = AepErrorShape.Service;
                    payload.Type = Text(obj["type"]);
                    payload.Title = Text(obj["title"]);
                    payload.Message = Text(obj["detail"]);
                    payload.Report = obj["report"];
                    payload.Code = LastPathSegment(payload.Type);
                }
                else if (obj["error"] != null && obj["error"].Type == JTokenType.String)
                {
                    payload.ShapeKind = AepErrorShape.OAuth;
                    payload.Code = Text(obj["error"]);
                    payload.Message = Text(obj["error_description"]);
                }
                else
                {
                    payload.ShapeKind = AepErrorShape.OtherJson;
                    payload.Code = Text(obj["code"]) ?? Text(obj["errorCode"]);
                    payload.Message = Text(obj["message"]) ?? Text(obj["msg"]) ?? Truncate(obj.ToString(Newtonsoft.Json.Formatting.None));
                }
                return payload;
            }

            payload.ShapeKind = AepErrorShape.Text;
            payload.Message = Truncate(Readable(body));
            return payload;
        }

        private static string Text(JToken token) =>
            token == null || token.Type == JTokenType.Null ? null : token.Type == JTokenType.String ? (string)token : token.ToString(Newtonsoft.Json.Formatting.None);

        private static string LastPathSegment(string type)
        {
            if (string.IsNullOrEmpty(type)) return null;
            var trimmed = type.TrimEnd('/');
            var slash = trimmed.LastIndexOf('/');
            return slash >= 0 ? trimmed.Substring(slash + 1) : trimmed;
        }

        /// <summary>An HTML page reads better as its title and text than as markup.</summary>
        private static string Readable(string body)
        {
            var title = Regex.Match(body, "<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline);
            var text = Regex.Replace(body, "<(head|script|style)[^>]*>.*?</\\1>", " ", RegexOptions.IgnoreCase | RegexOptions.Singleline);
            text = Regex.Replace(text, "<[^>]+>", " ");
            text = Regex.Replace(text, "\\s+", " ").Trim();
            if (title.Success)
            {
                var titleText = Regex.Replace(title.Groups[1].Value, "\\s+", " ").Trim();
                if (titleText.Length > 0 && !text.StartsWith(titleText)) text = titleText + " - " + text;
            }
            return text;
        }

        internal static string Truncate(string text, int max = MaxTextLength) =>
            text == null || text.Length <= max ? text : text.Substring(0, max) + "... (truncated)";
    }
}
