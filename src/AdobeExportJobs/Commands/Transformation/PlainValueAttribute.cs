using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using AdobeExportJobs.Requests;
using Newtonsoft.Json.Linq;

namespace AdobeExportJobs.Commands
{
    /// <summary>
    /// Makes what a script passes (a hashtable, a custom object, an array of them, anything wrapped in a PSObject) plain
    /// .NET values before the parameter is bound, so the request code below the cmdlets knows no PowerShell type.
    /// Nothing is refused here: the request code checks the values and reports each problem with its own error id.
    /// </summary>
    internal sealed class PlainValueAttribute : ArgumentTransformationAttribute
    {
        /// <summary>For an array parameter: a single value becomes an array of one (PowerShell would not wrap a dictionary).</summary>
        public bool AsArray { get; set; }

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var plain = Plain(inputData);
            return AsArray && !(plain is object[]) && plain != null ? new[] { plain } : plain;
        }

        /// <summary>
        /// A custom object becomes its <see cref="ObjectProperties"/>, a PSObject its base object, and dictionaries and
        /// sequences holding such values plain copies; anything else (strings, JSON trees, numbers, a dictionary of
        /// plain values...) is returned as it is, so an error can point at the very object the user gave.
        /// </summary>
        internal static object Plain(object value)
        {
            switch (value)
            {
                case PSObject wrapped when wrapped.BaseObject is PSCustomObject:
                    return new ObjectProperties(wrapped.Properties.Select(p => new KeyValuePair<string, object>(p.Name, Plain(p.Value))), wrapped);
                case PSObject wrapped:
                    return Plain(wrapped.BaseObject);
                case null:
                case string _:
                case JToken _:
                    return value;
                case IDictionary dictionary:
                    var entries = dictionary.Cast<DictionaryEntry>().Select(e => (e, Key: Plain(e.Key), Value: Plain(e.Value))).ToList();
                    if (entries.All(p => ReferenceEquals(p.Key, p.e.Key) && ReferenceEquals(p.Value, p.e.Value))) return value;
                    var plain = new OrderedDictionary();
                    foreach (var (_, key, item) in entries) plain[key] = item;
                    return plain;
                case IEnumerable sequence:
                    var items = sequence.Cast<object>().ToList();
                    var plainItems = items.Select(Plain).ToArray();
                    return value is object[] && items.Select((item, i) => ReferenceEquals(item, plainItems[i])).All(same => same) ? value : plainItems;
                default:
                    return value;
            }
        }
    }
}
