using Microsoft.Extensions.DependencyInjection;
using Routing.GrainInterfaces;
using Routing.Storage;

namespace Routing.Grains.Tests.Grains;

/// <summary>
/// R23: a crash can cut a routing flow between two grains' writes. These tests leave the durable state exactly as such
/// a cut would (through the grains' own calls), crash the silo, and check the restarted department finishes or undoes it.
/// </summary>
public sealed class CrashRepairTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    /// <summary>Department "support"; "ann" (capacity 2) is away, so intake only queues.</summary>
    private static async Task<RoutingWorld> AnnAway(TestSilo silo)
    {
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 2, "support");
        await world.Operator("ann").SetStatus(OperatorStatus.Away);
        return world;
    }

    /// <summary>
    /// "support" widens to tier 2 after 10 minutes; "ann" (tier 2) is online but not yet eligible, "bob" (tier 1) offline:
    /// a dialog waits, and ann can still be reserved for it directly, as the department does just before a crash.
    /// </summary>
    private static async Task<RoutingWorld> AnnNotYetEligible(TestSilo silo)
    {
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("support", new DepartmentConfig
        {
            Routing = RoutingSettings.Default with { TierSteps = [new TierStep(1, TimeSpan.Zero), new TierStep(2, TimeSpan.FromMinutes(10))] },
        });
        world.Departments.Add("support");
        await world.Workspace.ConfigureOperator("ann", new OperatorProfile { Capacity = 2, Departments = [new DepartmentMembership("support", 2)] });
        await world.Workspace.ConfigureOperator("bob", new OperatorProfile { Capacity = 1, Departments = [new DepartmentMembership("support", 1)] });
        world.Operators.AddRange(["ann", "bob"]);
        await world.Online("ann");
        return world;
    }

    private async Task<TestSilo> CrashAndRestart(TestSilo silo, RoutingWorld world)
    {
        await silo.CrashAsync();
        var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, silo.Time);
        world.Factory = restarted.Factory;
        return restarted;
    }

    [Fact]
    public async Task A_reservation_the_conversation_never_heard_of_is_given_back_and_the_dialog_placed_again_after_a_crash()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await AnnNotYetEligible(silo);
        var waiting = await world.Intake("c1");
        Assert.Equal(ConversationStatus.Queued, waiting.Status);
        // The cut: the department reserved ann; the crash came before the conversation was told.
        Assert.True((await world.Operator("ann").TryReserve(waiting.ConversationId, Channel.Chat, "support")).Reserved);

        await using var restarted = await CrashAndRestart(silo, world);
        Assert.Equal([waiting.ConversationId], await world.Department("support").GetWaiting());
        Assert.Equal(0, (await world.Operator("ann").GetSnapshot()).Load);
        await world.Online("bob");
        await world.Settle();
        var view = await world.Conversation(waiting.ConversationId).Get();
        Assert.Equal((ConversationStatus.Assigned, "bob"), (view.Status, view.OperatorId));
    }

    [Fact]
    public async Task A_reservation_for_a_dialog_closed_meanwhile_gives_the_capacity_back_after_a_crash()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await AnnNotYetEligible(silo);
        var waiting = await world.Intake("c1");
        Assert.True((await world.Operator("ann").TryReserve(waiting.ConversationId, Channel.Chat, "support")).Reserved);
        await world.Close(waiting.ConversationId, "customer"); // it names no operator, so ann keeps the slot
        Assert.Equal(1, (await world.Operator("ann").GetSnapshot()).Load);

        await using var restarted = await CrashAndRestart(silo, world);
        await world.Department("support").Flush();
        Assert.Equal(0, (await world.Operator("ann").GetSnapshot()).Load);
        Assert.Empty(await world.Department("support").GetWaiting());
    }

    [Fact]
    public async Task A_dialog_the_department_never_received_is_queued_again_by_the_customers_next_message()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await AnnAway(silo);
        var waiting = await world.Intake("c1");
        // The cut: the conversation says it waits in support, the department has no record of it.
        Assert.True(await world.Department("support").Detach(waiting.ConversationId));
        Assert.Empty(await world.Department("support").GetWaiting());

        var again = await world.Intake("c1", "anyone there?");
        Assert.Equal((waiting.ConversationId, 1), (again.ConversationId, again.QueuePosition));
        await world.Online("ann");
        await world.Settle();
        Assert.Equal("ann", (await world.Conversation(waiting.ConversationId).Get()).OperatorId);
    }

    [Fact]
    public async Task A_deep_queue_is_journaled_in_small_rows_snapshotted_and_restored_in_exact_order_after_a_crash()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await AnnAway(silo);
        var ids = new List<string>();
        for (var i = 0; i < 2500; i++)
        {
            var priority = i % 7 == 0 ? Priority.Vip : Priority.Normal;
            ids.Add((await world.Intake($"deep-{i}", priority: priority)).ConversationId);
            if (i % 100 == 0) silo.Time.Advance(TimeSpan.FromSeconds(1));
        }
        await world.Close(ids[10], "customer");
        await world.Department("support").Flush();
        var before = await world.Department("support").GetWaiting();
        Assert.Equal(2499, before.Count);

        // The journal was cut down by snapshots: far fewer rows than changes.
        var storage = silo.Services.GetRequiredService<IDurableStore>();
        var journal = new GrainLogKey("department", RoutingKeys.Department(world.WorkspaceId, "support"), "journal");
        Assert.InRange((await storage.ReadLogAsync(journal, 1, int.MaxValue)).Count, 1, 2 * 1024 + 1);

        await using var restarted = await CrashAndRestart(silo, world);
        Assert.Equal(before, await world.Department("support").GetWaiting());
        await world.Online("ann");
        await world.Settle();
        Assert.Equal(before.Skip(2), await world.Department("support").GetWaiting());
    }

    [Fact]
    public async Task The_expected_wait_keeps_the_recent_assignment_rate_across_a_restart()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 1, "support");
        await world.Online("ann");
        for (var i = 0; i < 6; i++)
        {
            var served = await world.Intake($"served-{i}");
            await silo.AdvanceAsync(TimeSpan.FromSeconds(20));
            await world.Close(served.ConversationId, "operator");
            await world.Settle();
        }
        var busy = await world.Intake("busy");
        var waiting = await world.Intake("waiting");
        var estimate = await world.Department("support").GetQueuePosition(waiting.ConversationId);
        Assert.NotNull(estimate?.ExpectedWait);

        await silo.StopAsync();
        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, silo.Time);
        world.Factory = restarted.Factory;
        Assert.Equal(estimate, await world.Department("support").GetQueuePosition(waiting.ConversationId));
        Assert.Equal("ann", (await world.Conversation(busy.ConversationId).Get()).OperatorId);
    }
}
