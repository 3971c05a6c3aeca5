using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

/// <summary>R13: chat rescue of a dialog whose customer waits too long for the assigned operator's reply.</summary>
public sealed class RescueTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static readonly RescueSettings Rescue = new() { After = TimeSpan.FromSeconds(60), WarningLead = TimeSpan.FromSeconds(15), RetryLimit = 2 };

    /// <summary>"support" with rescue; "ann" (capacity 2) online takes the first dialog; "bob" joins later.</summary>
    private static async Task<RoutingWorld> Support(TestSilo silo, RescueSettings? rescue = null, string? fallback = null)
    {
        var world = new RoutingWorld(silo.Factory);
        if (fallback is not null) await world.AddDepartment(fallback);
        // Every dialog has a first-response target (issue 15): an hour keeps its breach out of these rescue timelines.
        await world.Workspace.ConfigureDepartment("support", new DepartmentConfig
        {
            Rescue = (rescue ?? Rescue) with { FallbackDepartmentId = fallback }, FirstResponseTarget = TimeSpan.FromHours(1),
        });
        world.Departments.Add("support");
        await world.Workspace.SetEntryRouting(new EntryRouting("support"));
        await world.AddOperator("ann", 2, "support");
        await world.Online("ann");
        return world;
    }

    [Fact]
    public async Task A_silent_operator_is_warned_then_loses_the_dialog_which_goes_ahead_of_newer_ones_to_a_colleague_with_its_history()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        using var annEvents = silo.Events().Subscribe("operator:" + RoutingKeys.Operator(world.WorkspaceId, "ann"));
        var dialog = await world.Intake("c1");
        Assert.Equal("ann", dialog.OperatorId);
        Assert.Equal(silo.Time.GetUtcNow() + TimeSpan.FromSeconds(60), (await world.Conversation(dialog.ConversationId).Get()).RescueDueAt());

        await silo.AdvanceAsync(TimeSpan.FromSeconds(45));
        var warning = await Published.Next<RescueWarning>(annEvents);
        Assert.Equal((dialog.ConversationId, "ann"), (warning.ConversationId, warning.OperatorId));
        Assert.Equal("ann", (await world.Conversation(dialog.ConversationId).Get()).OperatorId);

        // Bob is busy when it comes back, and a newer dialog waits already: the rescued one goes ahead of it.
        await world.AddOperator("bob", 1, "support");
        await world.Online("bob");
        var bobs = await world.Intake("c2");
        Assert.Equal("bob", bobs.OperatorId);
        await world.Operator("ann").SetStatus(OperatorStatus.Away); // ann keeps hers but takes no new ones
        var newer = await world.Intake("c3");
        Assert.Equal(ConversationStatus.Queued, newer.Status);

        await silo.AdvanceAsync(TimeSpan.FromSeconds(15));
        await Eventually.True(async () => (await world.Department("support").GetWaiting()).Contains(dialog.ConversationId), "rescued into the queue");
        Assert.Equal(0, (await world.Operator("ann").GetSnapshot()).Load); // capacity freed at once
        Assert.Equal([dialog.ConversationId, newer.ConversationId], await world.Department("support").GetWaiting());
        Assert.Equal(["ann"], (await world.Department("support").GetWaitingDialogs())[0].SkippedOperators);

        await world.Operator("ann").SetStatus(OperatorStatus.Online);
        await world.Settle();
        Assert.Equal(ConversationStatus.Queued, (await world.Conversation(dialog.ConversationId).Get()).Status); // never back to ann
        await world.Close(bobs.ConversationId, "operator");
        await world.Settle();
        Assert.Equal("bob", (await world.Conversation(dialog.ConversationId).Get()).OperatorId);
        var kinds = (await world.Conversation(dialog.ConversationId).GetTimeline()).Select(e => e.Kind).ToList();
        Assert.Equal(["queued", "assigned", "rescue-warning", "rescued", "assigned"], kinds);
    }

    [Fact]
    public async Task A_reply_before_the_deadline_stops_the_clock_a_later_customer_message_restarts_it_and_a_reply_after_a_rescue_is_refused()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        var dialog = await world.Intake("c1");
        var conversation = world.Conversation(dialog.ConversationId);
        await silo.AdvanceAsync(TimeSpan.FromSeconds(50));
        await conversation.AddOperatorMessage("ann", "hello, how can I help?");
        Assert.Null((await conversation.Get()).RescueDueAt());

        await silo.AdvanceAsync(TimeSpan.FromSeconds(120));
        await world.Settle();
        Assert.Equal("ann", (await conversation.Get()).OperatorId); // answered: nothing to rescue

        await world.Intake("c1", "are you there?"); // the next unanswered message starts a fresh clock
        Assert.Equal(silo.Time.GetUtcNow() + TimeSpan.FromSeconds(60), (await conversation.Get()).RescueDueAt());
        await silo.AdvanceAsync(TimeSpan.FromSeconds(60));
        await Eventually.True(async () => (await conversation.Get()).Status == ConversationStatus.Queued, "rescued on the later message");

        var refused = await Assert.ThrowsAsync<RoutingRefusedException>(() => conversation.AddOperatorMessage("ann", "sorry, I was away"));
        Assert.Equal(RoutingRefusedException.NotAssigned, refused.Code);
        Assert.Contains("rescued", refused.Message);
        Assert.Equal(1, (await conversation.GetTimeline()).Count(e => e.Kind == "rescued"));
    }

    [Fact]
    public async Task After_the_retry_limit_a_dialog_goes_to_the_fallback_department_and_a_supervisor_is_alerted()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo, Rescue with { RetryLimit = 1, WarningLead = TimeSpan.Zero }, fallback: "escalations");
        await world.AddOperator("bob", 1, "support");
        await world.Online("bob");
        using var workspace = silo.Events().Subscribe("workspace:" + world.WorkspaceId);
        var dialog = await world.Intake("c1");
        var first = dialog.OperatorId!;

        await silo.AdvanceAsync(TimeSpan.FromSeconds(60));
        await Eventually.True(async () => (await world.Conversation(dialog.ConversationId).Get()) is { Status: ConversationStatus.Assigned, OperatorId: var op } && op != first, "rescued to the colleague");
        Assert.Empty(Published.Drain<SupervisorAlert>(workspace));

        await silo.AdvanceAsync(TimeSpan.FromSeconds(60));
        var alert = await Published.Next<SupervisorAlert>(workspace);
        Assert.Equal(("rescue-limit", dialog.ConversationId, "escalations"), (alert.Kind, alert.ConversationId, alert.DepartmentId));
        var view = await world.Conversation(dialog.ConversationId).Get();
        Assert.Equal((ConversationStatus.Queued, "escalations", 2), (view.Status, view.DepartmentId, view.RescueCount));
        Assert.Equal([dialog.ConversationId], await world.Department("escalations").GetWaiting());
    }

    [Fact]
    public async Task A_rescue_due_during_a_crash_happens_once_after_the_restart()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo, Rescue with { WarningLead = TimeSpan.Zero });
        await world.AddOperator("bob", 1, "support");
        await world.Online("bob");
        var dialog = await world.Intake("c1");
        var first = dialog.OperatorId!;
        await silo.CrashAsync();

        await silo.AdvanceAsync(TimeSpan.FromSeconds(90)); // the rescue fell due while nothing ran
        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, silo.Time);
        world.Factory = restarted.Factory;
        await restarted.DeadlinesAtRest(); // a deadline already due fires as soon as the restarted silo reads it
        await Eventually.True(async () => (await world.Conversation(dialog.ConversationId).Get()) is { Status: ConversationStatus.Assigned, OperatorId: var op } && op != first, "rescued after the restart");
        await restarted.AdvanceAsync(TimeSpan.FromSeconds(30)); // the retry guard fires and finds nothing to do
        await world.Settle();
        var timeline = await world.Conversation(dialog.ConversationId).GetTimeline();
        Assert.Equal(1, timeline.Count(e => e.Kind == "rescued"));
        Assert.Equal(0, (await world.Operator(first).GetSnapshot()).Load);
    }

    [Fact]
    public async Task A_rescue_fallback_to_an_unknown_department_is_refused_and_changes_nothing()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => world.Workspace.ConfigureDepartment("support",
            new DepartmentConfig { Rescue = new RescueSettings { FallbackDepartmentId = "nowhere" } }));
        Assert.Contains("unknown rescue fallback department 'nowhere'", error.Message);
        Assert.Empty(await world.Workspace.GetDepartments());
    }

    [Fact]
    public async Task A_dialog_transferred_to_another_operator_starts_a_fresh_rescue_clock_for_them()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        await world.AddOperator("bob", 1, "support");
        var dialog = await world.Intake("c1");
        Assert.Equal("ann", dialog.OperatorId);
        await silo.AdvanceAsync(TimeSpan.FromSeconds(50));
        await world.Online("bob");
        await world.Factory.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(world.WorkspaceId, dialog.ConversationId))
            .TransferToOperator("bob", "bob knows this customer");

        var view = await world.Conversation(dialog.ConversationId).Get();
        Assert.Equal(("bob", silo.Time.GetUtcNow() + TimeSpan.FromSeconds(60)), (view.OperatorId, view.RescueDueAt()));
        await silo.AdvanceAsync(TimeSpan.FromSeconds(30));
        await world.Settle();
        Assert.Equal("bob", (await world.Conversation(dialog.ConversationId).Get()).OperatorId);
        Assert.Empty((await world.Conversation(dialog.ConversationId).Get()).DroppedBy);
    }
}
