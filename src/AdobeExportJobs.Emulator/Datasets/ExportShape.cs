using System.Globalization;
using System.Text.Json.Nodes;
using AdobeExportJobs.Emulator.Jobs;
using AdobeExportJobs.Emulator.Profiles;
using Parquet.Schema;

namespace AdobeExportJobs.Emulator.Datasets;

internal enum ShapeKind { Struct, List, Text, Integer, Number, Flag, Time }

/// <summary>
/// The shape of an exported profile document, which is also the Parquet schema of its files: XDM objects are structs,
/// arrays are lists of structs, and <c>segmentMembership</c> (a map in XDM) is a struct of namespaces holding a struct per
/// segment of the store, because the store's segments are known. Times are Parquet timestamps (UTC). The shape is
/// projected on <c>fields</c> with the same rules as <see cref="FieldProjection"/>, so the columns are exactly the fields
/// a row can hold.
/// </summary>
internal sealed class ExportShape
{
    private const string ListElement = "element";

    private ExportShape(string name, ShapeKind kind, IReadOnlyList<ExportShape> children = null)
    {
        Name = name;
        Kind = kind;
        Children = children ?? Array.Empty<ExportShape>();
    }

    public string Name { get; }
    public ShapeKind Kind { get; }

    /// <summary>A struct's fields, or a list's one element.</summary>
    public IReadOnlyList<ExportShape> Children { get; }

    /// <summary>The columns of one export: the whole document projected on the request's <c>fields</c>, and the events
    /// (projected on eventList's fields) when the request asks for them. A projection that names no known field keeps
    /// <c>_id</c>, as a Parquet file needs at least one column.</summary>
    public static ExportShape For(ExportRequest request, ProfileStore store)
    {
        var profile = Profile(store);
        var fields = new List<ExportShape>((request.Fields.Count == 0 ? profile : Project(profile, Paths(request.Fields)) ?? profile.Only("_id")).Children);
        if (request.EventList != null)
        {
            var events = Event();
            var element = request.EventList.Fields.Count == 0 ? events : Project(events, Paths(request.EventList.Fields));
            if (element != null) fields.Add(new ExportShape("timeSeriesEvents", ShapeKind.List, new[] { element.Renamed(ListElement) }));
        }
        return Struct("schema", fields);
    }

    public ParquetSchema ToParquetSchema() => new(Children.Select(ToField).ToArray());

    /// <summary>One rendered document as the untyped row Parquet.Net writes.</summary>
    public IDictionary<string, object> ToRow(JsonObject document) => (IDictionary<string, object>)Value(this, document, "");

    private static ExportShape Profile(ProfileStore store)
    {
        var fields = new List<ExportShape>
        {
            Leaf("_id", ShapeKind.Text),
            List("identities", Struct(ListElement, new[]
            {
                Leaf("id", ShapeKind.Text),
                Struct("namespace", new[] { Leaf("code", ShapeKind.Text) }),
                Leaf("primary", ShapeKind.Flag),
            })),
        };
        fields.AddRange(Tree(ProfileStore.AttributeTypes));
        var byNamespace = store.Segments.GroupBy(s => s.Namespace, StringComparer.Ordinal)
            .Select(g => Struct(g.Key, g.Select(s => Struct(s.Id, new[] { Leaf("status", ShapeKind.Text), Leaf("lastQualificationTime", ShapeKind.Time) }))));
        fields.Add(Struct("segmentMembership", byNamespace));
        return Struct("profile", fields);
    }

    private static ExportShape Event()
    {
        var fields = new List<ExportShape> { Leaf("_id", ShapeKind.Text), Leaf("eventType", ShapeKind.Text), Leaf("timestamp", ShapeKind.Time) };
        fields.AddRange(Tree(ProfileStore.EventFieldTypes));
        return Struct(ListElement, fields);
    }

    /// <summary>Dotted paths with their types as nested structs, keeping the order each name first appears in.</summary>
    private static IEnumerable<ExportShape> Tree(IEnumerable<(string Path, Type Type)> paths)
    {
        var split = paths.Select(p => (Parts: p.Path.Split('.'), p.Type)).ToList();
        return Build(split);

        static IEnumerable<ExportShape> Build(List<(string[] Parts, Type Type)> items) =>
            items.GroupBy(i => i.Parts[0], StringComparer.Ordinal).Select(group => group.First().Parts.Length == 1
                ? Leaf(group.Key, KindOf(group.First().Type))
                : Struct(group.Key, Build(group.Select(i => (i.Parts[1..], i.Type)).ToList())));
    }

    private static ShapeKind KindOf(Type type) =>
        type == typeof(string) ? ShapeKind.Text
        : type == typeof(long) ? ShapeKind.Integer
        : type == typeof(double) ? ShapeKind.Number
        : throw new NotSupportedException($"No column type for {type}.");

    private static List<string[]> Paths(IEnumerable<string> fields) => fields.Select(f => f.Split('.', StringSplitOptions.TrimEntries)).ToList();

    /// <summary>The shape <see cref="FieldProjection.Apply"/> leaves: a path through a list applies to its element, a
    /// path that ends at a struct keeps all of it, and what is left empty goes.</summary>
    private static ExportShape Project(ExportShape node, List<string[]> paths)
    {
        if (paths.Any(p => p.Length == 0)) return node;
        switch (node.Kind)
        {
            case ShapeKind.List:
                var element = Project(node.Children[0], paths);
                return element == null ? null : new ExportShape(node.Name, ShapeKind.List, new[] { element });
            case ShapeKind.Struct:
                var kept = new List<ExportShape>();
                foreach (var child in node.Children)
                {
                    var below = paths.Where(p => p[0] == child.Name).Select(p => p[1..]).ToList();
                    if (below.Count > 0 && Project(child, below) is { } projected) kept.Add(projected);
                }
                return kept.Count > 0 ? new ExportShape(node.Name, ShapeKind.Struct, kept) : null;
            default:
                return null;
        }
    }

    private static Field ToField(ExportShape node) => node.Kind switch
    {
        ShapeKind.Struct => new StructField(node.Name, node.Children.Select(ToField).ToArray()),
        ShapeKind.List => new ListField(node.Name, ToField(node.Children[0])),
        ShapeKind.Text => new DataField<string>(node.Name),
        ShapeKind.Integer => new DataField<long?>(node.Name),
        ShapeKind.Number => new DataField<double?>(node.Name),
        ShapeKind.Flag => new DataField<bool?>(node.Name),
        ShapeKind.Time => new DataField<DateTime?>(node.Name),
        _ => throw new NotSupportedException(node.Kind.ToString()),
    };

    private static object Value(ExportShape node, JsonNode value, string path)
    {
        if (value is null) return null;
        switch (node.Kind)
        {
            case ShapeKind.Struct:
                var source = value.AsObject();
                var row = new Dictionary<string, object>(node.Children.Count, StringComparer.Ordinal);
                foreach (var (name, _) in source)
                {
                    // A rendered field without a column would be lost silently; the shape and the renderer must agree.
                    if (!node.Children.Any(c => c.Name == name)) throw new InvalidOperationException($"The exported field '{path}{name}' has no column.");
                }
                foreach (var child in node.Children) row[child.Name] = Value(child, source[child.Name], path + child.Name + ".");
                return row;
            case ShapeKind.List:
                return value.AsArray().Select(item => (IDictionary<string, object>)Value(node.Children[0], item, path)).ToList();
            case ShapeKind.Text: return value.GetValue<string>();
            case ShapeKind.Integer: return value.GetValue<long>();
            case ShapeKind.Number: return value.GetValue<double>();
            case ShapeKind.Flag: return value.GetValue<bool>();
            case ShapeKind.Time:
                return DateTimeOffset.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;
            default: throw new NotSupportedException(node.Kind.ToString());
        }
    }

    private ExportShape Only(string name) => Struct(Name, Children.Where(c => c.Name == name));

    private ExportShape Renamed(string name) => new(name, Kind, Children);

    private static ExportShape Leaf(string name, ShapeKind kind) => new(name, kind);

    private static ExportShape Struct(string name, IEnumerable<ExportShape> fields) => new(name, ShapeKind.Struct, fields.ToList());

    private static ExportShape List(string name, ExportShape element) => new(name, ShapeKind.List, new[] { element });
}
