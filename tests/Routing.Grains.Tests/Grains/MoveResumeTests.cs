using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Routing.GrainInterfaces;
using Routing.Grains.State;
using Routing.Storage;

namespace Routing.Grains.Tests.Grains;

/// <summary>R23 for moves by hand: the durable intent finishes a move a crash cut, and a racing close leaks nothing.</summary>
public sealed class MoveResumeTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_transfer_cut_after_the_conversation_moved_is_finished_by_its_resume_deadline()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("sales");
        await world.AddDepartment("support");
        await world.Workspace.SetEntryRouting(new EntryRouting("sales"));
        await world.AddOperator("ann", 1, "sales");
        await world.Online("ann");
        var dialog = await world.Intake("c1");
        Assert.Equal("ann", dialog.OperatorId);

        // The cut, step by step as the control grain does it: intent and resume deadline stored, the conversation moved,
        // then the crash, before ann was released and before the dialog reached support's queue.
        var storage = silo.Services.GetRequiredService<IDurableStore>();
        var controlKey = RoutingKeys.ConversationControl(world.WorkspaceId, dialog.ConversationId);
        var move = new PendingMove(MoveKind.ToDepartment, "support", false, "to support", "move-1", "sales", "ann");
        await storage.UpsertDeadlineAsync(new DeadlineRecord("conversation-control", controlKey, "resume", silo.Time.GetUtcNow().AddSeconds(30), null, Guid.NewGuid()));
        await storage.WriteStateAsync(new GrainStateKey("conversation-control", controlKey, "conversation-control"),
            JsonSerializer.SerializeToUtf8Bytes(new ConversationControlState { Pending = move }, GrainStateJsonContext.Default.ConversationControlState), null);
        await world.Conversation(dialog.ConversationId).Move(new ConversationMove(ConversationStatus.Queued, "support", null, "transferred", "to support") { MoveId = "move-1" });
        await silo.CrashAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, silo.Time);
        world.Factory = restarted.Factory;
        await restarted.AdvanceAsync(TimeSpan.FromSeconds(30));
        await Eventually.True(async () => (await world.Department("support").GetWaiting()).Contains(dialog.ConversationId), "queued in support by the resumed move");
        Assert.Equal(0, (await world.Operator("ann").GetSnapshot()).Load);
        Assert.Equal(1, (await world.Conversation(dialog.ConversationId).GetTimeline()).Count(e => e.Kind == "transferred"));
    }

    [Fact]
    public async Task A_close_racing_a_transfer_to_an_operator_never_leaves_the_target_holding_a_closed_dialog()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 100, "support");
        await world.AddOperator("bob", 100, "support");
        await world.Online("ann");
        var dialogs = new List<string>();
        for (var i = 0; i < 40; i++) dialogs.Add((await world.Intake($"race-{i}")).ConversationId);

        await Task.WhenAll(dialogs.Select(async id =>
        {
            var close = world.Close(id, "customer");
            var transfer = world.Factory.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(world.WorkspaceId, id))
                .AssignByHand("bob", force: true, "race");
            try { await transfer; } catch (InvalidOperationException) { } // closed first: refused
            await close;
        }));
        await world.Settle();

        foreach (var op in new[] { "ann", "bob" })
        {
            var snapshot = await world.Operator(op).GetSnapshot();
            foreach (var active in snapshot.Active)
                Assert.NotEqual(ConversationStatus.Closed, (await world.Conversation(active.ConversationId).Get()).Status);
        }
    }
}
