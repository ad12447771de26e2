namespace AdobeExportJobs.Emulator.Profiles;

/// <summary>
/// The synthetic Real-Time Customer Profile store jobs export from. Generated deterministically from a seed:
/// the same count and seed give the same profiles, segments and merge policies on every start.
/// Read-only; tests use it to count independently what an export must contain.
/// </summary>
public sealed class ProfileStore
{
    public static readonly IReadOnlyList<string> IdentityNamespaces = new[] { "ECID", "Email", "CRMID", "Phone" };
    public static readonly IReadOnlyList<string> SegmentNamespaces = new[] { "ups", "AAM", "AdCloud" };
    public static readonly IReadOnlyList<string> MembershipStatuses = new[] { "realized", "existing", "exited" };

    /// <summary>The source datasets profile records come from, highest precedence first.</summary>
    public static readonly IReadOnlyList<string> SourceDatasets = new[] { "crm-profiles", "loyalty-profiles", "web-profiles" };

    /// <summary>The segment id the seed documents use; it exists in the ups and the AAM namespace.</summary>
    public const string SeedDocumentSegmentId = "52c26d0d-45f2-47a2-ab30-ed06abc981ff";

    public const string DefaultMergePolicyId = "timestampOrdered-none-mp";

    /// <summary>Every attribute a profile record may hold: its dotted XDM path and value type, in document order.
    /// The exported files' columns are made from this list (see Datasets/ExportShape.cs).</summary>
    public static readonly IReadOnlyList<(string Path, Type Type)> AttributeTypes = new[]
    {
        ("person.name.firstName", typeof(string)), ("person.name.lastName", typeof(string)),
        ("personalEmail.address", typeof(string)), ("mobilePhone.number", typeof(string)),
        ("homeAddress.city", typeof(string)), ("homeAddress.countryCode", typeof(string)),
        ("loyalty.tier", typeof(string)), ("loyalty.points", typeof(long)),
    };

    /// <summary>Every field an ExperienceEvent may hold beyond _id, eventType and timestamp, as <see cref="AttributeTypes"/>.</summary>
    public static readonly IReadOnlyList<(string Path, Type Type)> EventFieldTypes = new[]
    {
        ("web.webPageDetails.name", typeof(string)), ("commerce.order.priceTotal", typeof(double)),
    };

    // Every generated time lies in this window, so the seeds' example filters (2018-2020) select real data.
    private static readonly DateTimeOffset WindowStart = new(2018, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WindowEnd = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] FirstNames = { "Ada", "Ben", "Chloe", "Dario", "Elif", "Finn", "Greta", "Hugo", "Ines", "Jonas", "Kira", "Luca" };
    private static readonly string[] LastNames = { "Meyer", "Rossi", "Dubois", "Garcia", "Novak", "Schmidt", "Wang", "Kowalski", "Silva", "Jensen" };
    private static readonly string[] Cities = { "Berlin", "Lyon", "Madrid", "Shanghai", "Basel", "Porto", "Austin", "Osaka" };
    private static readonly string[] Countries = { "DE", "FR", "ES", "CN", "CH", "PT", "US", "JP" };
    private static readonly string[] Tiers = { "bronze", "silver", "gold", "platinum" };
    private static readonly string[] EventTypes = { "web.webpagedetails.pageViews", "commerce.productListAdds", "commerce.purchases" };
    private static readonly string[] PageNames = { "home", "search", "product", "cart", "checkout", "account" };

    private readonly Dictionary<string, MergePolicyDefinition> _mergePolicies;

    private ProfileStore(int seed, List<SyntheticProfile> profiles, List<SegmentDefinition> segments, List<MergePolicyDefinition> mergePolicies)
    {
        Seed = seed;
        Profiles = profiles;
        Segments = segments;
        MergePolicies = mergePolicies;
        _mergePolicies = mergePolicies.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    public int Seed { get; }
    public IReadOnlyList<SyntheticProfile> Profiles { get; }
    public IReadOnlyList<SegmentDefinition> Segments { get; }
    public IReadOnlyList<MergePolicyDefinition> MergePolicies { get; }

    public MergePolicyDefinition FindMergePolicy(string id) => id != null && _mergePolicies.TryGetValue(id, out var policy) ? policy : null;

    public MergePolicyDefinition DefaultMergePolicy => _mergePolicies[DefaultMergePolicyId];

    public static ProfileStore Generate(int profileCount, int seed)
    {
        if (profileCount < 0) throw new ArgumentOutOfRangeException(nameof(profileCount));
        var random = new Random(seed);
        var mergePolicies = new List<MergePolicyDefinition>
        {
            new(DefaultMergePolicyId, 1, "Timestamp ordered", MergePolicyKind.TimestampOrdered),
            new("dataSetPrecedence-none-mp", 1, "Dataset precedence", MergePolicyKind.DataSetPrecedence),
            // The id the seeds' second example uses; it orders by timestamp too.
            new("7972e3d6-96ea-4ece-9627-cbfd62709c5d", 1, "Seed example policy", MergePolicyKind.TimestampOrdered),
        };
        var segments = GenerateSegments(random, mergePolicies);
        var profiles = new List<SyntheticProfile>(profileCount);
        for (int i = 0; i < profileCount; i++) profiles.Add(GenerateProfile(random, i, segments));
        return new ProfileStore(seed, profiles, segments, mergePolicies);
    }

    private static List<SegmentDefinition> GenerateSegments(Random random, List<MergePolicyDefinition> mergePolicies)
    {
        var segments = new List<SegmentDefinition>
        {
            new(SeedDocumentSegmentId, "ups", "Seed document segment", DefaultMergePolicyId, 0.25),
            new(SeedDocumentSegmentId, "AAM", "Seed document segment (AAM)", "7972e3d6-96ea-4ece-9627-cbfd62709c5d", 0.15),
        };
        string[] names = { "Frequent buyers", "Cart abandoners", "Newsletter readers", "Lapsed customers", "High value", "Mobile first" };
        for (int i = 0; i < names.Length; i++)
        {
            segments.Add(new SegmentDefinition(
                NewGuid(random).ToString(),
                SegmentNamespaces[i % SegmentNamespaces.Count],
                names[i],
                mergePolicies[i % mergePolicies.Count].Id,
                0.1 + 0.05 * i));
        }
        return segments;
    }

    private static SyntheticProfile GenerateProfile(Random random, int index, List<SegmentDefinition> segments)
    {
        var id = $"profile-{index:D6}";
        bool eventsOnly = random.NextDouble() < 0.15;

        var identities = new List<Identity> { new("ECID", RandomDigits(random, 38), false) };
        string email = null, phone = null;
        if (random.NextDouble() < 0.6)
        {
            email = $"{FirstNames[index % FirstNames.Length].ToLowerInvariant()}.{index}@example.com";
            identities.Add(new Identity("Email", email, false));
        }
        if (!eventsOnly && random.NextDouble() < 0.4) identities.Add(new Identity("CRMID", $"crm-{RandomDigits(random, 10)}", false));
        if (!eventsOnly && random.NextDouble() < 0.25)
        {
            phone = "+49" + RandomDigits(random, 10);
            identities.Add(new Identity("Phone", phone, false));
        }
        // The primary identity is the most durable one the profile has.
        var primaryNamespace = new[] { "CRMID", "Email", "Phone", "ECID" }.First(ns => identities.Any(x => x.Namespace == ns));
        identities = identities.Select(x => x with { Primary = x.Namespace == primaryNamespace }).ToList();

        var records = new List<ProfileRecord>();
        if (!eventsOnly)
        {
            int recordCount = 1 + random.Next(3);
            var datasets = SourceDatasets.OrderBy(_ => random.Next()).Take(recordCount).ToList();
            foreach (var dataset in datasets)
            {
                var attributes = new Dictionary<string, object>(StringComparer.Ordinal)
                {
                    ["person.name.firstName"] = FirstNames[random.Next(FirstNames.Length)],
                    ["person.name.lastName"] = LastNames[random.Next(LastNames.Length)],
                };
                if (email != null) attributes["personalEmail.address"] = email;
                if (phone != null) attributes["mobilePhone.number"] = phone;
                if (random.NextDouble() < 0.7)
                {
                    int place = random.Next(Cities.Length);
                    attributes["homeAddress.city"] = Cities[place];
                    attributes["homeAddress.countryCode"] = Countries[place];
                }
                if (dataset == "loyalty-profiles" || random.NextDouble() < 0.3)
                {
                    attributes["loyalty.tier"] = Tiers[random.Next(Tiers.Length)];
                    attributes["loyalty.points"] = (long)random.Next(0, 50_000);
                }
                records.Add(new ProfileRecord(dataset, RandomTime(random), attributes));
            }
        }

        var events = new List<ExperienceEvent>();
        int eventCount = eventsOnly ? 1 + random.Next(5) : random.Next(6);
        for (int e = 0; e < eventCount; e++)
        {
            var timestamp = RandomTime(random);
            var ingestTime = timestamp.AddMinutes(random.Next(1, 24 * 60));
            var type = EventTypes[random.Next(EventTypes.Length)];
            var fields = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["web.webPageDetails.name"] = PageNames[random.Next(PageNames.Length)],
            };
            if (type == "commerce.purchases") fields["commerce.order.priceTotal"] = Math.Round(5 + random.NextDouble() * 495, 2);
            events.Add(new ExperienceEvent($"{id}-event-{e}", type, timestamp, ingestTime, fields));
        }

        var memberships = new List<SegmentMembership>();
        foreach (var segment in segments)
        {
            if (random.NextDouble() >= segment.MembershipShare) continue;
            double roll = random.NextDouble();
            var status = roll < 0.5 ? "realized" : roll < 0.8 ? "existing" : "exited";
            memberships.Add(new SegmentMembership(segment.Id, segment.Namespace, status, RandomTime(random)));
        }

        return new SyntheticProfile(id, identities, records, events, memberships);
    }

    private static DateTimeOffset RandomTime(Random random)
    {
        long span = (WindowEnd - WindowStart).Ticks / TimeSpan.TicksPerSecond;
        return WindowStart.AddSeconds((long)(random.NextDouble() * span));
    }

    private static string RandomDigits(Random random, int length)
    {
        var digits = new char[length];
        for (int i = 0; i < length; i++) digits[i] = (char)('0' + random.Next(10));
        return new string(digits);
    }

    private static Guid NewGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}

public enum MergePolicyKind
{
    /// <summary>For each attribute, the value of the most recently ingested profile record wins.</summary>
    TimestampOrdered,

    /// <summary>For each attribute, the value from the highest-precedence source dataset wins (<see cref="ProfileStore.SourceDatasets"/> order).</summary>
    DataSetPrecedence,
}

public sealed record MergePolicyDefinition(string Id, int Version, string Name, MergePolicyKind Kind);

public sealed record SegmentDefinition(string Id, string Namespace, string Name, string MergePolicyId, double MembershipShare);

public sealed record Identity(string Namespace, string Id, bool Primary);

/// <summary>One profile fragment; attribute keys are dotted XDM paths (e.g. person.name.firstName).</summary>
public sealed record ProfileRecord(string DatasetId, DateTimeOffset IngestTime, IReadOnlyDictionary<string, object> Attributes);

/// <summary>One ExperienceEvent; <see cref="IngestTime"/> is when the platform received it, not the event time.</summary>
public sealed record ExperienceEvent(string Id, string EventType, DateTimeOffset Timestamp, DateTimeOffset IngestTime, IReadOnlyDictionary<string, object> Fields);

public sealed record SegmentMembership(string SegmentId, string SegmentNs, string Status, DateTimeOffset QualificationTime);

public sealed class SyntheticProfile
{
    public SyntheticProfile(string id, IReadOnlyList<Identity> identities, IReadOnlyList<ProfileRecord> records,
        IReadOnlyList<ExperienceEvent> events, IReadOnlyList<SegmentMembership> memberships)
    {
        Id = id;
        Identities = identities;
        Records = records;
        Events = events;
        Memberships = memberships;
        var times = records.Count > 0 ? records.Select(r => r.IngestTime) : events.Select(e => e.IngestTime);
        MergedUpdateTime = times.DefaultIfEmpty(DateTimeOffset.MinValue).Max();
    }

    public string Id { get; }
    public IReadOnlyList<Identity> Identities { get; }
    public IReadOnlyList<ProfileRecord> Records { get; }
    public IReadOnlyList<ExperienceEvent> Events { get; }
    public IReadOnlyList<SegmentMembership> Memberships { get; }

    /// <summary>True for the seeds' "emptyProfiles": ExperienceEvent records only, no profile record.</summary>
    public bool HasOnlyEvents => Records.Count == 0;

    public string PrimaryNamespace => Identities.First(i => i.Primary).Namespace;

    /// <summary>The merged profile's update time: the latest ingest time of its profile records
    /// (of its events, for a profile that has only events).</summary>
    public DateTimeOffset MergedUpdateTime { get; }
}
