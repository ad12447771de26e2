using System;

namespace AdobeExportJobs.Client
{
    /// <summary>Stands in for an exception whose text held a secret: its type name and its scrubbed message only.</summary>
    public sealed class ScrubbedException : Exception
    {
        internal ScrubbedException(string originalType, string scrubbedMessage)
            : base(scrubbedMessage)
        {
            OriginalType = originalType;
        }

        /// <summary>The full name of the exception's type before it was scrubbed.</summary>
        public string OriginalType { get; }
    }
}
