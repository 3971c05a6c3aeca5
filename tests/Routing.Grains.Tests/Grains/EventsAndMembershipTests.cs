using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

public sealed class EventsAndMembershipTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task State_changes_are_published_on_the_conversation_operator_department_and_workspace_topics()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 1, "support");
        using var workspace = silo.Events().Subscribe("workspace:" + world.WorkspaceId);
        using var operatorTopic = silo.Events().Subscribe("operator:" + RoutingKeys.Operator(world.WorkspaceId, "ann"));
        using var department = silo.Events().Subscribe("department:" + RoutingKeys.Department(world.WorkspaceId, "support"));

        await world.Intake("c0"); // queued: ann is offline
        await world.Online("ann");
        await world.Settle();

        var kinds = Drain(workspace).Select(e => e switch
        {
            ConversationChanged c => "conversation:" + c.Kind,
            OperatorChanged o => "operator:" + o.Kind,
            _ => "other",
        }).ToList();
        Assert.Contains("conversation:queued", kinds);
        Assert.Contains("operator:status", kinds);
        Assert.Contains("conversation:assigned", kinds);
        Assert.Contains(Drain(operatorTopic).OfType<OperatorChanged>(), o => o is { Kind: "reserved", Load: 1 });
        Assert.Equal(["queued", "assigned"], Drain(department).OfType<QueueChanged>().Select(q => q.Kind));
    }

    [Fact]
    public async Task An_operator_moved_out_of_a_department_no_longer_receives_its_dialogs()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddDepartment("sales");
        await world.Workspace.SetEntryRouting(new EntryRouting("support"));
        await world.AddOperator("ann", 2, "support");
        await world.Online("ann");
        Assert.Equal("ann", (await world.Intake("c1")).OperatorId);

        await world.AddOperator("ann", 2, "sales"); // reconfigured: leaves support, joins sales
        var waiting = await world.Intake("c2");
        Assert.Null(waiting.OperatorId); // ann has room, but is no longer in support
        Assert.Equal([waiting.ConversationId], await world.Department("support").GetWaiting());
        Assert.Equal(1, (await world.Operator("ann").GetSnapshot()).Load); // she keeps the dialog she had
    }

    private static List<object> Drain(Routing.GrainInterfaces.Events.GrainEventSubscription subscription)
    {
        var payloads = new List<object>();
        while (subscription.Reader.TryRead(out var e)) payloads.Add(e.Payload);
        return payloads;
    }
}
