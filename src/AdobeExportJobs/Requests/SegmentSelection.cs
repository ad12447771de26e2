using System.Collections;
using System.Globalization;
using AdobeExportJobs.Model;

namespace AdobeExportJobs.Requests
{
    /// <summary>One segment to export: its id, optionally its namespace and the membership statuses to select.</summary>
    internal sealed class SegmentSelection
    {
        /// <summary>The membership statuses the service knows, in its lower case.</summary>
        public static readonly string[] Statuses = { "realized", "existing", "exited" };

        public string SegmentId { get; set; }
        public string SegmentNamespace { get; set; }
        public string[] Status { get; set; }

        public override string ToString() => SegmentId ?? string.Empty;

        /// <summary>A -Segment entry: a segment id, a dictionary or an object's properties with SegmentId/Id, SegmentNs/SegmentNamespace/Namespace, Status.</summary>
        public static SegmentSelection From(object entry)
        {
            switch (entry)
            {
                case null:
                    throw new ExportJobRequestException(ErrorIds.EmptySegmentId, "A -Segment entry is null. Valid: a segment id, or a hashtable such as @{ SegmentId = '...'; SegmentNamespace = 'ups'; Status = 'realized' }.", null);
                case string id:
                    return new SegmentSelection { SegmentId = id };
                case SegmentFilter filter:
                    return new SegmentSelection { SegmentId = filter.SegmentId, SegmentNamespace = filter.SegmentNs, Status = filter.Status?.ToArray() };
                case IDictionary dictionary:
                    var fromTable = new SegmentSelection();
                    foreach (DictionaryEntry pair in dictionary)
                    {
                        var key = Convert.ToString(pair.Key, CultureInfo.InvariantCulture);
                        if (!TryApplySegmentField(fromTable, key, pair.Value))
                        {
                            throw new ExportJobRequestException(ErrorIds.InvalidSegment,
                                $"-Segment: unknown key '{key}'. Valid keys: SegmentId (or Id), SegmentNamespace (or SegmentNs, Namespace), Status.",
                                entry);
                        }
                    }
                    return fromTable;
                case ObjectProperties properties:
                    var fromObject = new SegmentSelection();
                    foreach (var property in properties) TryApplySegmentField(fromObject, property.Key, property.Value);
                    return fromObject;
                default:
                    throw new ExportJobRequestException(ErrorIds.InvalidSegment,
                        $"-Segment: a {entry.GetType().Name} is not a segment. Valid: a segment id, or a hashtable such as @{{ SegmentId = '...'; SegmentNamespace = 'ups'; Status = 'realized' }}.",
                        entry);
            }
        }

        private static bool TryApplySegmentField(SegmentSelection selection, string key, object value)
        {
            switch (key.ToLowerInvariant())
            {
                case "segmentid":
                case "id":
                    selection.SegmentId = value == null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
                    return true;
                case "segmentnamespace":
                case "segmentns":
                case "namespace":
                    selection.SegmentNamespace = value == null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
                    return true;
                case "status":
                case "segmentstatus":
                    selection.Status = ToStrings(value);
                    return true;
                default:
                    return false;
            }
        }

        private static string[] ToStrings(object value)
        {
            if (value == null) return null;
            if (value is string single) return new[] { single };
            if (value is IEnumerable many) return many.Cast<object>().Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)).ToArray();
            return new[] { Convert.ToString(value, CultureInfo.InvariantCulture) };
        }

        /// <summary>Known statuses in the service's lower case; anything else is refused.</summary>
        public static string[] NormalizeStatuses(IEnumerable<string> statuses, string parameter, object target)
        {
            var result = new List<string>();
            foreach (var status in statuses)
            {
                var known = Statuses.FirstOrDefault(s => string.Equals(s, status?.Trim(), StringComparison.OrdinalIgnoreCase));
                if (known == null)
                {
                    throw new ExportJobRequestException(ErrorIds.InvalidSegmentStatus,
                        $"-{parameter}: '{status}' is not a segment status. Valid: {string.Join(", ", Statuses)}.", status);
                }
                if (!result.Contains(known)) result.Add(known);
            }
            if (result.Count == 0)
            {
                throw new ExportJobRequestException(ErrorIds.InvalidSegmentStatus,
                    $"-{parameter}: the list of segment statuses is empty. Valid: {string.Join(", ", Statuses)}.", target);
            }
            return result.ToArray();
        }
    }
}
