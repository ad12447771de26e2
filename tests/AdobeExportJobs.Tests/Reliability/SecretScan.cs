using System.Text.RegularExpressions;
using Xunit;

namespace AdobeExportJobs.Tests.Reliability;

/// <summary>Looks for secrets in text that reached a user: given values, and anything shaped like an access token.</summary>
internal static class SecretScan
{
    /// <summary>IMS access tokens (and the emulator's) are JWTs: three base64url parts, the first two JSON objects.</summary>
    private static readonly Regex JwtShape = new(@"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+", RegexOptions.Compiled);

    public static void AssertClean(string text, params string[] secrets)
    {
        Assert.False(string.IsNullOrEmpty(text), "nothing to scan");
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)))
        {
            int at = text.IndexOf(secret, StringComparison.Ordinal);
            if (at >= 0) Assert.Fail($"A secret ({secret.Length} chars) shows in the text: ...{Around(text, at)}...");
        }
        var token = JwtShape.Match(text);
        if (token.Success) Assert.Fail($"An access token shows in the text: ...{Around(text, token.Index)}...");
    }

    /// <summary>Where the leak is, with the secret itself cut out of the report.</summary>
    private static string Around(string text, int at)
    {
        int start = Math.Max(0, at - 80);
        return text.Substring(start, at - start).Replace("\n", "\\n") + "<HERE>";
    }
}

/// <summary>
/// Every text reachable from an object through its public properties, as Get-Error and Format-List * -Force walk them:
/// messages, server texts, error bodies (JSON trees included), inner exceptions, bound parameters.
/// </summary>
internal static class ReachableText
{
    public static string Of(object root, int maxDepth = 10)
    {
        var text = new System.Text.StringBuilder();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(root, 0);
        return text.ToString();

        void Walk(object value, int depth)
        {
            if (value == null || depth > maxDepth) return;
            if (value is string s)
            {
                text.AppendLine(s);
                return;
            }
            var type = value.GetType();
            if (type.IsPrimitive || type.IsEnum || value is decimal || value is DateTime || value is DateTimeOffset || value is TimeSpan || value is Guid || value is Uri)
            {
                text.AppendLine(value.ToString());
                return;
            }
            if (value is System.Security.SecureString || value is System.Reflection.MemberInfo || value is System.Reflection.Assembly || value is System.Reflection.Module) return;
            if (!seen.Add(value)) return;
            try { text.AppendLine(value.ToString()); } catch (Exception) { }
            if (value is System.Management.Automation.PSObject pso)
            {
                Walk(pso.BaseObject, depth + 1);
                return;
            }
            // The engine's own objects (commands, modules, session state) hold nothing of the error; their text is enough.
            if (type.Namespace == "System.Management.Automation" && !(value is System.Management.Automation.ErrorRecord || value is System.Management.Automation.ErrorDetails
                || value is System.Management.Automation.InvocationInfo || value is System.Management.Automation.ErrorCategoryInfo || value is Exception)) return;
            if (value is System.Collections.IDictionary dictionary)
            {
                foreach (System.Collections.DictionaryEntry entry in dictionary)
                {
                    Walk(entry.Key, depth + 1);
                    Walk(entry.Value, depth + 1);
                }
            }
            else if (value is System.Collections.IEnumerable items)
            {
                int n = 0;
                foreach (var item in items)
                {
                    if (n++ > 500) break;
                    Walk(item, depth + 1);
                }
            }
            foreach (var property in type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length > 0) continue;
                object child;
                try { child = property.GetValue(value); }
                catch (Exception) { continue; }
                Walk(child, depth + 1);
            }
        }
    }
}
