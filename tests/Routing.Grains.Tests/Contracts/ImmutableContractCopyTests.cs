using System.Reflection;
using System.Runtime.CompilerServices;
using Orleans;
using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Contracts;

/// <summary>
/// [Immutable] contracts are passed by reference on local calls: Orleans' deep copier hands back the same object instead
/// of copying it (and everything it holds), which is what keeps calls between grains of one silo cheap.
/// </summary>
public class ImmutableContractCopyTests
{
    public static TheoryData<string> ImmutableTypes => [.. ContractGraph.ContractAssembly.GetTypes()
        .Where(t => t.GetCustomAttribute<ImmutableAttribute>() is not null).Select(t => t.FullName!)];

    [Theory, MemberData(nameof(ImmutableTypes))]
    public void An_immutable_contract_is_copied_by_reference(string typeName)
    {
        var value = RuntimeHelpers.GetUninitializedObject(ContractGraph.ContractAssembly.GetType(typeName, throwOnError: true)!);

        Assert.Same(value, OrleansSerialization.Copy(value));
    }

    [Fact]
    public void A_full_conversation_view_is_shared_not_copied()
    {
        Assert.Same(ContractSamples.Conversation, OrleansSerialization.Copy(ContractSamples.Conversation));
    }

    [Fact]
    public void A_list_of_immutable_contracts_is_copied_but_its_items_are_shared()
    {
        IReadOnlyList<TimelineEvent> timeline = [new(1, ConversationChangeKinds.Queued, DateTimeOffset.UnixEpoch)];

        var copy = OrleansSerialization.Copy(timeline);

        Assert.NotSame(timeline, copy);
        Assert.Same(timeline[0], copy[0]);
    }
}
