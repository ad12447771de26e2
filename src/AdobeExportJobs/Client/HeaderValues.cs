namespace AdobeExportJobs.Client
{
    /// <summary>
    /// What may go into the headers the module sends (the token, client id, org id, sandbox): visible ASCII without
    /// spaces. Checked before anything is sent, so a bad value is a clear error, never a half-sent request or a raw
    /// FormatException; a line break in a token would even let a server's answer add headers of its own.
    /// </summary>
    internal static class HeaderValues
    {
        /// <summary>Why <paramref name="value"/> cannot be sent in a header, or null when it can. Never quotes the value.</summary>
        public static string Problem(string value)
        {
            if (string.IsNullOrEmpty(value)) return "it is empty";
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '\r' || c == '\n') return $"it contains a line break (character {i + 1} of {value.Length})";
                if (c > '\u007e') return $"it contains a non-ASCII character (character {i + 1} of {value.Length})";
                if (c <= ' ' || c == '\u007f') return $"it contains a space or a control character (character {i + 1} of {value.Length})";
            }
            return null;
        }
    }
}
