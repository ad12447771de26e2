using System.Collections.ObjectModel;

namespace AdobeExportJobs
{
    /// <summary>
    /// A read-only list of strings (a job's Batches, Segments, Fields; a session's Scopes) whose text is its items joined
    /// with ", ": that is what a view and an Export-Csv cell show, ConvertTo-Json writes an array, and -contains works.
    /// </summary>
    public sealed class StringList : ReadOnlyCollection<string>
    {
        internal static readonly StringList Empty = new StringList(new string[0]);

        internal StringList(IEnumerable<string> items)
            : base((items ?? Enumerable.Empty<string>()).Where(item => !string.IsNullOrEmpty(item)).ToArray())
        {
        }

        public override string ToString() => string.Join(", ", this);
    }
}
