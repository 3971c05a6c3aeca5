using Microsoft.Extensions.Time.Testing;
using Routing.GrainInterfaces;
using Routing.Testing;

namespace Routing.Grains.Tests.Grains;

public sealed class RestartAndValidationTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_restart_restores_queues_assignments_and_loads_exactly()
    {
        var time = new FakeTimeProvider(TestClock.MondayMorning);
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 2, "support");
        await world.AddOperator("bob", 1, "support");
        await world.Online("ann");
        await world.Online("bob");
        var results = new List<IntakeResult>();
        for (var i = 0; i < 6; i++)
        {
            results.Add(await world.Intake($"c{i}", priority: i == 5 ? Priority.Urgent : Priority.Normal));
            time.Advance(TimeSpan.FromSeconds(1));
        }
        var queuesBefore = await world.Queues();
        var loadsBefore = (await world.Snapshots()).ToDictionary(s => s.Key, s => (s.Value.Load, s.Value.Status, string.Join(",", s.Value.Active.Select(a => a.ConversationId).Order())));
        await silo.StopAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        world.Factory = restarted.Factory;
        Assert.Equal(queuesBefore, await world.Queues());
        Assert.Equal(loadsBefore, (await world.Snapshots()).ToDictionary(s => s.Key, s => (s.Value.Load, s.Value.Status, string.Join(",", s.Value.Active.Select(a => a.ConversationId).Order()))));
        foreach (var result in results.Where(r => r.OperatorId is not null))
            Assert.Equal(result.OperatorId, (await world.Conversation(result.ConversationId).Get()).OperatorId);

        // Routing goes on from the restored state: the urgent dialog waits at the head and is served first.
        Assert.Equal(results[5].ConversationId, queuesBefore["support"][0]);
        await world.Close(results[0].ConversationId, "operator");
        await world.Settle();
        Assert.Equal(ConversationStatus.Assigned, (await world.Conversation(results[5].ConversationId).Get()).Status);
    }

    [Fact]
    public async Task Invalid_configuration_is_refused_with_a_clear_error_and_changes_nothing()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");

        var capacity = await Assert.ThrowsAsync<ArgumentException>(() => world.Workspace.ConfigureOperator("ann", new OperatorProfile { Capacity = 0 }));
        Assert.Contains("capacity", capacity.Message);
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => world.Workspace.ConfigureOperator("ann",
            new OperatorProfile { Departments = [new DepartmentMembership("nowhere")] }));
        Assert.Contains("nowhere", unknown.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => world.Workspace.ConfigureDepartment("bad",
            new DepartmentConfig { Routing = RoutingSettings.Default with { TierSteps = [new TierStep(1, TimeSpan.FromSeconds(5))] } }));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Workspace.SetEntryRouting(new EntryRouting("nowhere")));

        Assert.Empty(await world.Workspace.GetOperators());
        Assert.Equal(["support"], (await world.Workspace.GetDepartments()).Keys);
    }

    [Fact]
    public async Task An_operator_holding_dialogs_cannot_go_offline_but_may_take_a_break()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 2, "support");
        await world.Online("ann");
        var held = await world.Intake("c1");

        await Assert.ThrowsAsync<InvalidOperationException>(() => world.Operator("ann").SetStatus(OperatorStatus.Offline));
        await world.Operator("ann").SetStatus(OperatorStatus.Away);
        var waiting = await world.Intake("c2");
        Assert.Null(waiting.OperatorId); // away: keeps what they have, takes nothing new

        await world.Close(held.ConversationId, "operator");
        await world.Operator("ann").SetStatus(OperatorStatus.Offline);
        Assert.Equal(OperatorStatus.Offline, (await world.Operator("ann").GetSnapshot()).Status);
    }

    [Fact]
    public async Task Enqueue_places_a_conversation_left_unqueued_by_a_crash_and_a_second_enqueue_changes_nothing()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 1, "support");
        await world.Online("ann");
        // What a crash between the conversation's open and the department's enqueue leaves: a queued conversation no
        // department knows. Nothing re-drives it automatically yet; Enqueue is safe to call again for it.
        await world.Conversation("orphan").Open(new OpenConversation("someone", Channel.Chat, "support", Priority.Normal, "lost?"));
        Assert.Empty(await world.Department("support").GetWaiting());

        var request = new EnqueueRequest("orphan", Priority.Normal, Channel.Chat, silo.Time.GetUtcNow());
        Assert.Equal("ann", (await world.Department("support").Enqueue(request)).OperatorId);
        Assert.Equal("ann", (await world.Department("support").Enqueue(request)).OperatorId); // already placed: nothing twice
        Assert.Equal(1, (await world.Operator("ann").GetSnapshot()).Load);
        Assert.Empty(await world.Department("support").GetWaiting());
    }
}
