using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

/// <summary>R9's bounded wait: a dialog held for a busy personal manager, taken by them, or by the department later.</summary>
public sealed class StickyWaitTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    /// <summary>The manager "ann" served the VIP before and now holds one dialog (full, capacity 1); "bob" is free.</summary>
    private static async Task<(RoutingWorld World, IntakeResult Held, IntakeResult Busy)> ManagerBusy(TestSilo silo)
    {
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 1, "support");
        await world.Online("ann");
        var first = await world.Intake("vip");
        Assert.Equal("ann", first.OperatorId);
        await world.Close(first.ConversationId, "operator");
        await world.Customer(first.CustomerId).SetPersonalManager("ann");
        var busy = await world.Intake("someone");
        Assert.Equal("ann", busy.OperatorId);
        await world.AddOperator("bob", 1, "support");
        await world.Online("bob");

        var held = await world.Intake("vip", "me again");
        return (world, held, busy);
    }

    [Fact]
    public async Task A_dialog_waits_for_its_busy_personal_manager_although_a_colleague_is_free_and_they_take_it_when_they_free_up()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var (world, held, busy) = await ManagerBusy(silo);
        Assert.Null(held.OperatorId);
        Assert.Equal(1, held.QueuePosition);
        var view = Assert.Single(await world.Department("support").GetWaitingDialogs());
        Assert.Equal(("ann", silo.Time.GetUtcNow() + TimeSpan.FromSeconds(60)), (view.HeldFor, view.HeldUntil));

        // Someone else arriving now goes to the free colleague: the hold is for the manager only.
        Assert.Equal("bob", (await world.Intake("walk-in")).OperatorId);

        await world.Close(busy.ConversationId, "operator");
        await world.Settle();
        var assigned = await world.Conversation(held.ConversationId).Get();
        Assert.Equal((ConversationStatus.Assigned, "ann"), (assigned.Status, assigned.OperatorId));
        Assert.Empty(await world.Department("support").GetWaiting());
    }

    [Fact]
    public async Task When_the_bounded_wait_ends_the_dialog_joins_the_queue_with_its_original_wait_and_goes_to_whoever_is_free()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var (world, held, _) = await ManagerBusy(silo);
        var walkIn = await world.Intake("walk-in"); // bob takes it: now everyone is full
        Assert.Equal("bob", walkIn.OperatorId);
        await silo.AdvanceAsync(TimeSpan.FromSeconds(5));
        var later = await world.Intake("later-customer"); // waits in the shared queue behind the held dialog's original wait

        await silo.AdvanceAsync(TimeSpan.FromSeconds(55));
        await Eventually.True(async () => (await world.Department("support").GetWaitingDialogs()).All(d => d.HeldFor is null), "the hold ended");
        Assert.Equal([held.ConversationId, later.ConversationId], await world.Department("support").GetWaiting());

        await world.Close(walkIn.ConversationId, "operator");
        await world.Settle();
        Assert.Equal("bob", (await world.Conversation(held.ConversationId).Get()).OperatorId);
        Assert.Equal(ConversationStatus.Queued, (await world.Conversation(later.ConversationId).Get()).Status);
    }

    [Fact]
    public async Task A_manager_who_goes_away_is_still_waited_for_but_one_who_stops_responding_is_not()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var (world, held, _) = await ManagerBusy(silo);
        await world.Operator("ann").SetStatus(OperatorStatus.Away);
        await world.Settle();
        Assert.Equal("ann", Assert.Single(await world.Department("support").GetWaitingDialogs()).HeldFor);

        await world.Operator("ann").SetStatus(OperatorStatus.NotResponding);
        await world.Settle();
        Assert.Equal("bob", (await world.Conversation(held.ConversationId).Get()).OperatorId);
    }

    [Fact]
    public async Task A_hold_survives_a_crash_and_still_ends_on_time()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var (world, held, _) = await ManagerBusy(silo);
        var walkIn = await world.Intake("walk-in");
        await silo.CrashAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, silo.Time);
        world.Factory = restarted.Factory;
        Assert.Equal("ann", Assert.Single(await world.Department("support").GetWaitingDialogs()).HeldFor);
        await world.Close(walkIn.ConversationId, "operator"); // bob is free, but the hold still stands
        await world.Settle();
        Assert.Equal(ConversationStatus.Queued, (await world.Conversation(held.ConversationId).Get()).Status);

        await restarted.AdvanceAsync(TimeSpan.FromSeconds(60));
        await Eventually.True(async () => (await world.Conversation(held.ConversationId).Get()).OperatorId == "bob", "the hold ended after the restart");
    }
}
