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
