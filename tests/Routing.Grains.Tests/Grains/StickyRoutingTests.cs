using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

public sealed class StickyRoutingTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static async Task<RoutingWorld> TwoOperators(TestSilo silo)
    {
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 3, "support");
        await world.AddOperator("bob", 3, "support");
        await world.Online("ann");
        await world.Online("bob");
        return world;
    }

    [Fact]
    public async Task A_customer_with_a_personal_manager_goes_to_them_even_when_another_operator_is_less_loaded()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await TwoOperators(silo);
        var busy = await world.Intake("someone");
        var manager = busy.OperatorId!; // now the more loaded of the two
        var first = await world.Intake("vip-customer");
        await world.Close(first.ConversationId, "operator");
        await world.Customer(first.CustomerId).SetPersonalManager(manager);

        var next = await world.Intake("vip-customer", "hello again");
        Assert.True(next.NewConversation);
        Assert.Equal(manager, next.OperatorId);
    }

    [Fact]
    public async Task A_returning_customer_goes_back_to_the_operator_who_served_them()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await TwoOperators(silo);
        var first = await world.Intake("returning");
        var served = first.OperatorId!;
        var other = await world.Intake("other"); // least loaded: the other operator
        Assert.NotEqual(served, other.OperatorId);
        await world.Close(first.ConversationId, "operator");
        // Make the served operator the more loaded one, so least-loaded routing alone would not pick them.
        await world.Factory.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(world.WorkspaceId, other.ConversationId))
            .TransferToOperator(served, "load the served operator");

        await silo.AdvanceAsync(TimeSpan.FromHours(1)); // within the 24 h return window
        var back = await world.Intake("returning", "me again");
        Assert.Equal(served, back.OperatorId);
    }
}
