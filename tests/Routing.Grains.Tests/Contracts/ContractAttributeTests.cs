using System.Reflection;
using Orleans;

namespace Routing.Grains.Tests.Contracts;

/// <summary>
/// Every contract passed between grains is serializable by Orleans: a generated serializer, a stable alias and only leaf
/// types that Orleans serializes out of the box. (A member without an [Id] on such a type fails the build: ORLEANS0004.)
/// </summary>
public class ContractAttributeTests
{
    private static readonly ContractGraph Graph = ContractGraph.FromGrainInterfaces;

    /// <summary>
    /// The types of others a contract may hold: Orleans has a codec for each (generic ones by definition). DateTime is for
    /// local times only (statistics periods in a department's local hours).
    /// </summary>
    private static readonly HashSet<Type> SerializableLeaves =
    [
        typeof(void), typeof(Task), typeof(Task<>), typeof(ValueTask), typeof(ValueTask<>), typeof(Nullable<>),
        typeof(bool), typeof(int), typeof(long), typeof(double), typeof(byte), typeof(string), typeof(Guid),
        typeof(DateTimeOffset), typeof(DateTime), typeof(TimeSpan), typeof(DateOnly), typeof(TimeOnly), typeof(DayOfWeek),
        typeof(IReadOnlyList<>), typeof(IReadOnlyDictionary<,>), typeof(Orleans.Runtime.SiloAddress),
    ];

    [Fact]
    public void Every_type_that_crosses_a_grain_call_has_a_generated_serializer_and_an_alias()
    {
        Assert.Contains(typeof(GrainInterfaces.ConversationView), Graph.OwnTypes.Keys); // the walk reaches into results
        Assert.Contains(typeof(GrainInterfaces.RoutingRefusedException), Graph.OwnTypes.Keys);
        AssertNone("types that cross a grain call without [GenerateSerializer] and [Alias]",
            Graph.OwnTypes.Where(t => !t.Key.IsInterface && !IsSerializable(t.Key)).Select(t => $"{t.Key.FullName}, reached by {t.Value}"));
    }

    [Fact]
    public void Every_event_payload_crosses_to_other_silos_as_a_serializable_immutable_record()
    {
        // The relay's batches carry GrainEvents, whose payload is declared as the interface: every implementation counts.
        var payloads = ContractGraph.ContractAssembly.GetExportedTypes()
            .Where(t => !t.IsInterface && typeof(GrainInterfaces.Events.IGrainEventPayload).IsAssignableFrom(t)).ToList();
        Assert.Contains(typeof(GrainInterfaces.ConversationChanged), payloads);
        Assert.Contains(typeof(GrainInterfaces.TypingIndicator), payloads);
        var reached = Graph.OwnTypes.Keys.ToHashSet();
        AssertNone("event payloads the walk from IGrainEventRelay misses", payloads.Where(t => !reached.Contains(t)).Select(t => t.FullName!));
        AssertNone("event payloads that are not sealed [Immutable] records with a serializer", payloads
            .Where(t => !IsSerializable(t) || !t.IsSealed || t.GetCustomAttribute<ImmutableAttribute>() is null).Select(t => t.FullName!));
    }

    [Fact]
    public void Every_public_data_type_of_the_contracts_is_serializable_events_included()
    {
        // Static classes (keys, kinds, topics) hold no data; the event hub never leaves its process.
        var dataTypes = ContractGraph.ContractAssembly.GetExportedTypes()
            .Where(t => ContractGraph.IsOwn(t) && !t.IsInterface && !(t.IsAbstract && t.IsSealed)) // not the generated codecs
            .Where(t => !ContractGraph.ProcessLocal.Contains(t));
        AssertNone("public data types without [GenerateSerializer] and [Alias]", dataTypes.Where(t => !IsSerializable(t)).Select(t => t.FullName!));
    }

    [Fact]
    public void Aliases_are_unique_and_in_the_routing_namespace()
    {
        var aliases = AliasedTypes().Select(t => (Type: t, t.GetCustomAttribute<AliasAttribute>()!.Alias)).ToList();
        AssertNone("aliases outside 'routing.'", aliases.Where(a => !a.Alias.StartsWith("routing.", StringComparison.Ordinal)).Select(a => $"{a.Type.FullName}: {a.Alias}"));
        AssertNone("aliases used twice", aliases.GroupBy(a => a.Alias).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(a => a.Type.FullName))}"));
    }

    [Fact]
    public void Contracts_hold_only_types_that_Orleans_serializes_out_of_the_box()
    {
        AssertNone("foreign types without a known Orleans codec",
            Graph.ForeignTypes.Where(t => !SerializableLeaves.Contains(t.Key)).Select(t => $"{t.Key.FullName}, reached by {t.Value}"));
    }

    [Fact]
    public void Immutable_is_only_on_sealed_types()
    {
        // Orleans copies a type by reference only when it is sealed: [Immutable] on anything else is a false promise.
        AssertNone("[Immutable] types that are not sealed", ContractGraph.ContractAssembly.GetTypes()
            .Where(t => t.GetCustomAttribute<ImmutableAttribute>() is not null && !t.IsSealed).Select(t => t.FullName!));
    }

    [Fact]
    public void Exceptions_of_the_grains_either_are_serializable_or_never_leave_their_grain()
    {
        // WebhookRefusedException: thrown by the webhook sender and caught in ChannelOutboxGrain's delivery.
        HashSet<Type> keptInside = [typeof(Webhooks.WebhookRefusedException)];
        var exceptions = GrainsAssembly.Assembly.GetTypes().Where(t => typeof(Exception).IsAssignableFrom(t));
        AssertNone("exceptions of the grains that callers could receive without a serializer",
            exceptions.Where(t => !keptInside.Contains(t) && !IsSerializable(t)).Select(t => t.FullName!));
    }

    private static bool IsSerializable(Type type) =>
        type.GetCustomAttribute<GenerateSerializerAttribute>() is not null && type.GetCustomAttribute<AliasAttribute>() is not null;

    private static IEnumerable<Type> AliasedTypes() =>
        ContractGraph.ContractAssembly.GetTypes().Concat(GrainsAssembly.Assembly.GetTypes())
            .Where(t => t.GetCustomAttribute<AliasAttribute>() is not null && ContractGraph.IsOwn(t)); // not Orleans' generated proxies

    private static void AssertNone(string what, IEnumerable<string> offenders)
    {
        var list = offenders.Order(StringComparer.Ordinal).ToList();
        Assert.True(list.Count == 0, $"{list.Count} {what}:\n  " + string.Join("\n  ", list));
    }
}
