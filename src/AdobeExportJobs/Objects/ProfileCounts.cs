using System.Collections.ObjectModel;
using System.Globalization;

namespace AdobeExportJobs
{
    /// <summary>
    /// Exported profiles per identity namespace, read-only. Its text is "CRMID=3437, ECID=1547" (a view, an Export-Csv
    /// cell); ConvertTo-Json writes an object of the counts.
    /// </summary>
    public sealed class ProfileCounts : ReadOnlyDictionary<string, long>
    {
        internal static readonly ProfileCounts Empty = new ProfileCounts(null);

        internal ProfileCounts(IDictionary<string, long> counts)
            : base(counts == null ? new Dictionary<string, long>() : new Dictionary<string, long>(counts, StringComparer.Ordinal))
        {
        }

        public override string ToString() =>
            string.Join(", ", this.Select(count => count.Key + "=" + count.Value.ToString(CultureInfo.InvariantCulture)));
    }
}
