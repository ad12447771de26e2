using System.Globalization;

namespace AdobeExportJobs
{
    /// <summary>The merge policy a job used: its id and version, shown as "id (v1)".</summary>
    public sealed class MergePolicy
    {
        internal MergePolicy(string id, long? version)
        {
            Id = id;
            Version = version;
        }

        public string Id { get; }

        public long? Version { get; }

        public override string ToString() =>
            Version.HasValue ? $"{Id} (v{Version.Value.ToString(CultureInfo.InvariantCulture)})" : Id ?? string.Empty;
    }
}
