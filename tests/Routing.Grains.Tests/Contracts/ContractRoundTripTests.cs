using System.Text.Json;
using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Events;

namespace Routing.Grains.Tests.Contracts;

/// <summary>
/// The main contracts survive Orleans' serializer (a call to another silo) and its deep copier (a local call) whole.
/// Records holding collections compare by reference, so both sides are compared as their System.Text.Json text.
/// </summary>
public class ContractRoundTripTests
{
    public static TheoryData<string> Samples => [.. ContractSamples.All.Select(s => s.Name)];

    [Theory, MemberData(nameof(Samples))]
    public void A_contract_comes_back_equal_from_the_serializer_and_the_copier(string name)
    {
        var sample = ContractSamples.All.Single(s => s.Name == name);
        var (deserialized, copied) = sample.RoundTrip();

        Assert.Equal(Json(sample.Value), Json(deserialized));
        Assert.Equal(Json(sample.Value), Json(copied));
    }

    [Fact]
    public void A_record_without_collections_comes_back_value_equal()
    {
        var placement = new Placement("c-1", "ann", 3) { Offered = true };

        Assert.Equal(placement, OrleansSerialization.RoundTrip(placement));
    }

    [Fact]
    public void A_batch_of_events_reaches_another_silo_with_its_payloads_types_and_values()
    {
        var sender = Orleans.Runtime.SiloAddress.New(System.Net.IPAddress.Loopback, 11111, 42);
        var batch = new GrainEventBatch(sender, 7, [
            new GrainEvent(1, "workspace:ws1", "conversation/ws1/c1", DateTimeOffset.UnixEpoch, new ConversationChanged("c1", ConversationStatus.Assigned, "support", "ann", ConversationChangeKinds.Assigned)),
            new GrainEvent(2, "conversation:ws1/c1", "client-api/ann", DateTimeOffset.UnixEpoch, new TypingIndicator("c1", MessageAuthor.Operator, "ann")),
        ]) { StartedLate = true, DroppedTopics = ["department:ws1/support"], Last = true };

        var received = OrleansSerialization.RoundTrip(batch);

        Assert.Equal(sender, received.Sender); // the generation too: the sender's incarnation
        Assert.Equal((7L, true, true), (received.Sequence, received.StartedLate, received.Last));
        Assert.Equal(["department:ws1/support"], received.DroppedTopics);
        Assert.Equal(batch.Events, received.Events); // records of records: equal by value, payloads of the same type
    }

    [Fact]
    public void A_refusal_keeps_its_type_code_message_and_stack_trace_across_a_call()
    {
        var refusal = Thrown(new RoutingRefusedException(RoutingRefusedException.NotAssigned, "conversation 'c-1' is not assigned to operator 'bob'"));

        // A grain call's response carries the exception as an Exception.
        var received = Assert.IsType<RoutingRefusedException>(OrleansSerialization.RoundTrip<Exception>(refusal));

        Assert.Equal(RoutingRefusedException.NotAssigned, received.Code);
        Assert.Equal(refusal.Message, received.Message);
        Assert.Contains(nameof(Thrown), received.StackTrace);
    }

    [Fact]
    public void A_copied_refusal_keeps_its_code()
    {
        var refusal = new RoutingRefusedException(RoutingRefusedException.CustomerBlocked, "customer 'cust-1' is blocked");

        var copy = Assert.IsType<RoutingRefusedException>(OrleansSerialization.Copy<Exception>(refusal));

        Assert.Equal((refusal.Code, refusal.Message), (copy.Code, copy.Message));
    }

    [Fact]
    public void Enums_and_records_are_named_by_their_alias_on_the_wire()
    {
        // The alias, not the CLR name, is what a value of a type Orleans does not expect is tagged with, so renaming or
        // moving a contract keeps the wire format.
        Assert.Equal("routing.Channel", OrleansSerialization.TypeNames.Format(typeof(Channel)));
        Assert.Equal("routing.ConversationView", OrleansSerialization.TypeNames.Format(typeof(ConversationView)));
        Assert.Equal("routing.RoutingRefusedException", OrleansSerialization.TypeNames.Format(typeof(RoutingRefusedException)));
    }

    private static string Json(object? value) => JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object));

    private static T Thrown<T>(T exception) where T : Exception
    {
        try
        {
            throw exception;
        }
        catch (T caught)
        {
            return caught;
        }
    }
}
