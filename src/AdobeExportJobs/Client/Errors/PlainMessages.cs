namespace AdobeExportJobs.Client
{
    /// <summary>Exception messages as users should read them.</summary>
    internal static class PlainMessages
    {
        /// <summary>
        /// An <see cref="ArgumentException"/>'s own text, without the "(Parameter 'name')" and "Actual value was ..." that
        /// .NET adds to its message (they name code, not what the user typed); any other exception's message as it is.
        /// </summary>
        public static string Of(Exception exception)
        {
            var message = exception.Message;
            if (!(exception is ArgumentException argument) || string.IsNullOrEmpty(argument.ParamName)) return message;
            // The decoration as this runtime writes it, in its words and line breaks: the same exception with no text of its own.
            var decoration = exception is ArgumentOutOfRangeException outOfRange
                ? new ArgumentOutOfRangeException(argument.ParamName, outOfRange.ActualValue, string.Empty).Message
                : new ArgumentException(string.Empty, argument.ParamName).Message;
            return decoration.Length > 0 && message.EndsWith(decoration, StringComparison.Ordinal)
                ? message.Substring(0, message.Length - decoration.Length).TrimEnd()
                : message;
        }
    }
}
