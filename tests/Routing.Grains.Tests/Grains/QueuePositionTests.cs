using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

/// <summary>
/// R16 with sticky holds (R9), priorities and tiers (R10): every waiting dialog of a department has one place, 1..n in
/// the order the department would serve them if every operator became free, whoever may take it now.
/// </summary>
public sealed class QueuePositionTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    /// <summary>The customer returns to their personal manager: first served by them, then the manager is set.</summary>
    private static async Task Manages(RoutingWorld world, string operatorId, string externalId)
    {
        var first = await world.Intake(externalId);
        await world.Close(first.ConversationId, "operator");
        await world.Customer(first.CustomerId).SetPersonalManager(operatorId);
    }

    /// <summary>Every position the department publishes and answers, checked to be exactly 1..n in the expected order.</summary>
    private static async Task<IReadOnlyList<QueuePosition>> AssertServingOrder(RoutingWorld world, string department, params IntakeResult[] expected)
    {
        var ids = expected.Select(e => e.ConversationId).ToList();
        var positions = await world.Department(department).GetQueuePositions();
        Assert.Equal(ids.Select((id, i) => (id, i + 1)), positions.Select(p => (p.ConversationId, p.Position)));
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            Assert.Equal(positions[i], await world.Department(department).GetQueuePosition(id));
        Assert.Equal(ids, await world.Department(department).GetWaiting());
        Assert.Equal(ids, (await world.Department(department).GetWaitingDialogs()).Select(d => d.ConversationId));
        return positions;
    }

    [Fact]
    public async Task Dialogs_held_for_different_operators_count_in_one_numbering_with_the_queue_by_priority_then_original_wait()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("support", new DepartmentConfig { AverageHandleTime = TimeSpan.FromMinutes(4) });
        world.Departments.Add("support");
        await world.AddOperator("ann", 1, "support");
        await world.AddOperator("bob", 1, "support");
        await world.Online("ann");
        await world.Online("bob");
        await Manages(world, "ann", "anns-client");
        await Manages(world, "bob", "bobs-client");
        Assert.NotNull((await world.Intake("fill-1")).OperatorId);
        Assert.NotNull((await world.Intake("fill-2")).OperatorId); // both managers are full now

        await silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        var queued = await world.Intake("queued-1");
        await silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        var heldForAnn = await world.Intake("anns-client", "me again");
        await silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        var heldForBob = await world.Intake("bobs-client", "me again");
        await silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        var later = await world.Intake("queued-2");
        var urgent = await world.Intake("urgent", priority: Priority.Urgent);

        // Each answered its place at arrival: the holds were behind the queue, not first of their own.
        Assert.Equal([1, 2, 3, 4, 1], new[] { queued, heldForAnn, heldForBob, later, urgent }.Select(r => r.QueuePosition));
        var views = await world.Department("support").GetWaitingDialogs();
        Assert.Equal([null, null, "ann", "bob", null], views.Select(v => v.HeldFor));
        var positions = await AssertServingOrder(world, "support", urgent, queued, heldForAnn, heldForBob, later);
        // The expected wait follows the place: a later place waits longer.
        var waits = positions.Select(p => p.ExpectedWait!.Value).ToList();
        Assert.Equal(waits.Order(), waits);
        Assert.Equal(waits.Count, waits.Distinct().Count());

        // The numbering is rebuilt exactly after a crash.
        await silo.CrashAsync();
        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, silo.Time);
        world.Factory = restarted.Factory;
        await AssertServingOrder(world, "support", urgent, queued, heldForAnn, heldForBob, later);

        // When the holds end they join the shared queue where they stood.
        await restarted.AdvanceAsync(TimeSpan.FromSeconds(60));
        await Eventually.True(async () => (await world.Department("support").GetWaitingDialogs()).All(d => d.HeldFor is null), "the holds ended");
        await AssertServingOrder(world, "support", urgent, queued, heldForAnn, heldForBob, later);
    }

    [Fact]
    public async Task Dialogs_not_yet_visible_to_a_tier_and_held_ones_are_numbered_together_and_close_up_when_one_is_served()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddTieredSupport();
        await Manages(world, "senior", "regular");
        Assert.Equal("senior", (await world.Intake("fill")).OperatorId);

        // The tier-2 operator is free but may take none of them for 30 s; the regular waits for the busy senior.
        await silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        var first = await world.Intake("c1");
        await silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        var regular = await world.Intake("regular", "me again");
        await silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        var vip = await world.Intake("vip", priority: Priority.Vip);
        await silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        var last = await world.Intake("c2");
        Assert.All(new[] { first, regular, vip, last }, r => Assert.Null(r.OperatorId));
        Assert.Equal("senior", Assert.Single(await world.Department("support").GetWaitingDialogs(), d => d.HeldFor is not null).HeldFor);
        await AssertServingOrder(world, "support", vip, first, regular, last);

        // The first dialog widens to tier 2 (the vip, which began waiting later, not yet): the rest close up.
        await silo.AdvanceAsync(TimeSpan.FromSeconds(27));
        await Eventually.True(async () => (await world.Conversation(first.ConversationId).Get()).OperatorId == "backup", "widened to tier 2");
        await AssertServingOrder(world, "support", vip, regular, last);
    }
}
