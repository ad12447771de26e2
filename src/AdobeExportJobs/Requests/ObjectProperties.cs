using System.Collections;

namespace AdobeExportJobs.Requests
{
    /// <summary>
    /// An object's properties as plain name/value pairs, in order: what a PowerShell custom object becomes before it
    /// reaches the request code. Unlike the keys of a dictionary, which the user typed, properties the request code
    /// does not know are left alone (an object may carry more than a segment or a body needs).
    /// </summary>
    internal sealed class ObjectProperties : IEnumerable<KeyValuePair<string, object>>
    {
        private readonly List<KeyValuePair<string, object>> _properties;

        /// <param name="original">The object as the user gave it: what an error about it points at.</param>
        public ObjectProperties(IEnumerable<KeyValuePair<string, object>> properties, object original)
        {
            _properties = properties.ToList();
            Original = original;
        }

        public object Original { get; }

        /// <summary>What an error about <paramref name="value"/> points at: the user's own object.</summary>
        public static object OriginalOf(object value) => value is ObjectProperties properties ? properties.Original : value;

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _properties.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => "@{" + string.Join("; ", _properties.Select(p => p.Key + "=" + p.Value)) + "}";
    }
}
