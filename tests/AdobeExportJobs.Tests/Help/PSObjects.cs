using System.Collections;
using System.Management.Automation;

namespace AdobeExportJobs.Tests.Help;

/// <summary>Reads the nested PSObjects Get-Help returns without dynamic binding surprises.</summary>
internal static class PSObjects
{
    public static object Get(object value, string property)
    {
        if (value is null) return null;
        var ps = value as PSObject ?? PSObject.AsPSObject(value);
        return Unwrap(ps.Properties[property]?.Value);
    }

    public static string Text(object value, string property) => Get(value, property)?.ToString();

    /// <summary>A property that holds one item or several, as a list (help XML turns a single child into a scalar).</summary>
    public static List<object> Items(object value, string property)
    {
        var v = Get(value, property);
        return v switch
        {
            null => new List<object>(),
            string s => new List<object> { s },
            IEnumerable e => e.Cast<object>().Select(Unwrap).ToList(),
            _ => new List<object> { v },
        };
    }

    /// <summary>The text of a help description: an array of objects with a Text property.</summary>
    public static string DescriptionText(object value, string property = "description") =>
        string.Join("\n", Items(value, property).Select(p => Text(p, "Text") ?? p?.ToString())).Trim();

    private static object Unwrap(object value) =>
        value is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject is string or ValueType ? ps.BaseObject : ps : value;
}
