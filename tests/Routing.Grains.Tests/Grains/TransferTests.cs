using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

public sealed class TransferTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static IConversationControlGrain Control(RoutingWorld world, string conversationId) =>
        world.Factory.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(world.WorkspaceId, conversationId));

    private static async Task<RoutingWorld> TwoDepartments(TestSilo silo)
    {
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddDepartment("billing");
        await world.Workspace.SetEntryRouting(new EntryRouting("support"));
        await world.AddOperator("ann", 1, "support");
        await world.AddOperator("bill", 1, "billing");
        await world.Online("ann");
        return world;
    }

    [Fact]
    public async Task A_transfer_to_a_department_queues_ahead_of_newer_dialogs_with_the_note_in_the_timeline()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await TwoDepartments(silo);
        var moving = await world.Intake("c1");
        Assert.Equal("ann", moving.OperatorId);
        await silo.AdvanceAsync(TimeSpan.FromMinutes(1));
        await world.Workspace.SetEntryRouting(new EntryRouting("billing"));
        var newer = await world.Intake("c2");
        Assert.Equal(1, newer.QueuePosition);

        var placement = await Control(world, moving.ConversationId).TransferToDepartment("billing", "needs a refund");
        Assert.Equal(1, placement.QueuePosition); // ahead of the newer one, by its original wait
        Assert.Equal([moving.ConversationId, newer.ConversationId], await world.Department("billing").GetWaiting());
        Assert.Equal(0, (await world.Operator("ann").GetSnapshot()).Load);
        var transferred = (await world.Conversation(moving.ConversationId).GetTimeline()).Single(e => e.Kind == "transferred");
        Assert.Equal(("billing", "needs a refund"), (transferred.DepartmentId, transferred.Detail));

        await world.Online("bill");
        await world.Settle();
        Assert.Equal("bill", (await world.Conversation(moving.ConversationId).Get()).OperatorId);
        Assert.Empty(await RoutingInvariants.Check(world, [moving.ConversationId, newer.ConversationId]));
    }

    [Fact]
    public async Task A_transfer_to_an_operator_moves_the_load_and_a_full_operator_refuses_without_changing_anything()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await TwoDepartments(silo);
        await world.Online("bill");
        var dialog = await world.Intake("c1");

        await Control(world, dialog.ConversationId).TransferToOperator("bill", "your case");
        var view = await world.Conversation(dialog.ConversationId).Get();
        Assert.Equal((ConversationStatus.Assigned, "bill"), (view.Status, view.OperatorId));
        Assert.Equal((0, 1), ((await world.Operator("ann").GetSnapshot()).Load, (await world.Operator("bill").GetSnapshot()).Load));

        var other = await world.Intake("c2");
        Assert.Equal("ann", other.OperatorId);
        var full = await Assert.ThrowsAsync<RoutingRefusedException>(() => Control(world, other.ConversationId).TransferToOperator("bill", "full"));
        Assert.Equal(RoutingRefusedException.OperatorUnavailable, full.Code);
        Assert.Equal("ann", (await world.Conversation(other.ConversationId).Get()).OperatorId);
        Assert.Equal(1, (await world.Operator("ann").GetSnapshot()).Load);
    }

    [Fact]
    public async Task A_supervisor_goes_beyond_capacity_only_when_forced_and_it_is_recorded()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await TwoDepartments(silo);
        await world.Intake("c1");
        var waiting = await world.Intake("c2");
        Assert.Null(waiting.OperatorId);

        Assert.Equal(RoutingRefusedException.OperatorUnavailable,
            (await Assert.ThrowsAsync<RoutingRefusedException>(() => Control(world, waiting.ConversationId).AssignByHand("ann", force: false, "try"))).Code);
        Assert.Equal([waiting.ConversationId], await world.Department("support").GetWaiting());

        await Control(world, waiting.ConversationId).AssignByHand("ann", force: true, "urgent customer");
        var ann = await world.Operator("ann").GetSnapshot();
        Assert.Equal(2, ann.Load);
        Assert.True(ann.Active.Single(a => a.ConversationId == waiting.ConversationId).Forced);
        Assert.Empty(await world.Department("support").GetWaiting());
        Assert.Contains("assigned-by-hand-forced", (await world.Conversation(waiting.ConversationId).GetTimeline()).Select(e => e.Kind));
    }

    [Fact]
    public async Task Changing_priority_reorders_the_queue()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await TwoDepartments(silo);
        await world.Intake("c0"); // takes ann
        var first = await world.Intake("c1");
        await silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        var second = await world.Intake("c2");

        await Control(world, second.ConversationId).ChangePriority(Priority.Urgent);
        Assert.Equal([second.ConversationId, first.ConversationId], await world.Department("support").GetWaiting());
        Assert.Equal(Priority.Urgent, (await world.Conversation(second.ConversationId).Get()).Priority);
    }

    [Fact]
    public async Task A_bot_first_department_queues_the_dialog_only_when_the_bot_hands_it_over()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("support", new DepartmentConfig { BotFirst = true });
        world.Departments.Add("support");
        await world.AddOperator("ann", 1, "support");
        await world.Online("ann");

        var withBot = await world.Intake("c1");
        Assert.Equal(ConversationStatus.Bot, withBot.Status);
        Assert.Equal(0, (await world.Operator("ann").GetSnapshot()).Load);

        await silo.AdvanceAsync(TimeSpan.FromMinutes(2));
        var placement = await Control(world, withBot.ConversationId).HandOverFromBot("customer asked for a human");
        Assert.Equal("ann", placement.OperatorId);
        var view = await world.Conversation(withBot.ConversationId).Get();
        Assert.Equal((ConversationStatus.Assigned, silo.Time.GetUtcNow()), (view.Status, view.WaitingSince));
        Assert.Equal(["bot", "bot-handover", "assigned"], (await world.Conversation(withBot.ConversationId).GetTimeline()).Select(e => e.Kind));
    }

    [Fact]
    public async Task An_operators_own_close_or_transfer_is_refused_once_the_dialog_left_them_and_changes_nothing()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await TwoDepartments(silo);
        var dialog = await world.Intake("c-held");
        Assert.Equal("ann", dialog.OperatorId);

        // A supervisor moves it to billing between ann's check and her action: her close and transfer must not act on it.
        await Control(world, dialog.ConversationId).TransferToDepartment("billing", "by the supervisor");
        var closed = await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Close(dialog.ConversationId, "operator", heldBy: "ann"));
        Assert.Equal(RoutingRefusedException.NotAssigned, closed.Code);
        var moved = await Assert.ThrowsAsync<RoutingRefusedException>(() => Control(world, dialog.ConversationId).TransferHeld("ann", "support", null, "mine"));
        Assert.Equal(RoutingRefusedException.NotAssigned, moved.Code);
        var view = await world.Conversation(dialog.ConversationId).Get();
        Assert.Equal((ConversationStatus.Queued, "billing"), (view.Status, view.DepartmentId));

        // While she holds one, both work.
        var second = await world.Intake("c-held-2");
        Assert.Equal("ann", second.OperatorId);
        await Control(world, second.ConversationId).TransferHeld("ann", "billing", null, "billing question");
        Assert.Equal("billing", (await world.Conversation(second.ConversationId).Get()).DepartmentId);
        var third = await world.Intake("c-held-3");
        await world.Close(third.ConversationId, "operator", heldBy: "ann");
        Assert.Equal(ConversationStatus.Closed, (await world.Conversation(third.ConversationId).Get()).Status);
    }
}
