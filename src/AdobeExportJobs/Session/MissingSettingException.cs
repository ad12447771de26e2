namespace AdobeExportJobs
{
    /// <summary>A required session setting has no value; <see cref="ArgumentException.ParamName"/> is its property name.</summary>
    internal sealed class MissingSettingException : ArgumentException
    {
        public MissingSettingException(string setting, string message) : base(message, setting) { }
    }
}
