using Microsoft.Extensions.Time.Testing;
using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

public sealed class OfferModeTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static async Task<RoutingWorld> OfferWorld(TestSilo silo, params string[] operators)
    {
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("sales", new DepartmentConfig { OfferMode = true, AcceptTimeout = TimeSpan.FromSeconds(20) });
        world.Departments.Add("sales");
        foreach (var op in operators)
        {
            await world.AddOperator(op, 1, "sales");
            await world.Online(op);
        }
        return world;
    }

    [Fact]
    public async Task An_offer_holds_capacity_and_becomes_an_assignment_when_accepted()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await OfferWorld(silo, "ann");

        var offered = await world.Intake("c1");
        Assert.Equal((ConversationStatus.Offered, "ann"), (offered.Status, offered.OperatorId));
        Assert.Equal(1, (await world.Operator("ann").GetSnapshot()).Load);
        Assert.Null((await world.Intake("c2")).OperatorId); // the offer took ann's only slot

        Assert.True(await world.Department("sales").AcceptOffer(offered.ConversationId, "ann"));
        var view = await world.Conversation(offered.ConversationId).Get();
        Assert.Equal((ConversationStatus.Assigned, "ann"), (view.Status, view.OperatorId));
        Assert.Null(view.OfferExpiresAt); // accepted: no offer counts down any more
        Assert.Equal(["queued", "offered", "accepted"], (await world.Conversation(offered.ConversationId).GetTimeline()).Select(e => e.Kind));
        Assert.False(await world.Department("sales").AcceptOffer(offered.ConversationId, "ann")); // no offer left
    }

    [Fact]
    public async Task A_declined_offer_goes_to_the_next_operator_and_never_back_to_the_one_who_declined()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await OfferWorld(silo, "ann", "bob");

        var offered = await world.Intake("c1");
        var first = offered.OperatorId!;
        var other = first == "ann" ? "bob" : "ann";
        Assert.True(await world.Department("sales").DeclineOffer(offered.ConversationId, first));
        await world.Settle();

        var view = await world.Conversation(offered.ConversationId).Get();
        Assert.Equal((ConversationStatus.Offered, other), (view.Status, view.OperatorId));
        Assert.Equal(OperatorStatus.Online, (await world.Operator(first).GetSnapshot()).Status); // declining is not silence
        Assert.Equal(0, (await world.Operator(first).GetSnapshot()).Load);

        Assert.True(await world.Department("sales").DeclineOffer(offered.ConversationId, other));
        await world.Settle();
        Assert.Equal(ConversationStatus.Queued, (await world.Conversation(offered.ConversationId).Get()).Status); // both skipped
    }

    [Fact]
    public async Task An_unanswered_offer_expires_at_its_deadline_and_the_silent_operator_stops_receiving_dialogs()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await OfferWorld(silo, "ann");
        var offered = await world.Intake("c1");
        Assert.Equal("ann", offered.OperatorId);
        var opened = await world.Conversation(offered.ConversationId).Get();
        Assert.Equal(opened.CreatedAt + TimeSpan.FromSeconds(20), opened.OfferExpiresAt); // what ann's console counts down to
        await world.AddOperator("bob", 1, "sales"); // joins offline, comes online after the offer went to ann
        await world.Online("bob");

        await silo.AdvanceAsync(TimeSpan.FromSeconds(19));
        Assert.Equal(ConversationStatus.Offered, (await world.Conversation(offered.ConversationId).Get()).Status);
        await silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        await Eventually.True(async () => (await world.Conversation(offered.ConversationId).Get()).OperatorId == "bob", "offer moved to bob");
        Assert.Equal(opened.CreatedAt + TimeSpan.FromSeconds(40), (await world.Conversation(offered.ConversationId).Get()).OfferExpiresAt); // bob's own 20 s

        var ann = await world.Operator("ann").GetSnapshot();
        Assert.Equal((OperatorStatus.NotResponding, 0), (ann.Status, ann.Load));
        Assert.Null((await world.Intake("c2")).OperatorId); // ann is out of routing, bob is full

        await world.Online("ann"); // back: routing resumes for her
        await world.Settle();
        Assert.Equal(1, (await world.Operator("ann").GetSnapshot()).Load);
        Assert.Contains("offer-expired", (await world.Conversation(offered.ConversationId).GetTimeline()).Select(e => e.Kind));
    }

    [Fact]
    public async Task Closing_an_offered_dialog_frees_the_operator_and_drops_the_offer()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await OfferWorld(silo, "ann");
        var offered = await world.Intake("c1");

        await world.Close(offered.ConversationId, "customer");
        await world.Settle();
        Assert.Equal(0, (await world.Operator("ann").GetSnapshot()).Load);
        Assert.False(await world.Department("sales").AcceptOffer(offered.ConversationId, "ann"));
        Assert.Empty(await RoutingInvariants.Check(world, []));
    }

    [Fact]
    public async Task A_pending_offer_survives_a_restart_and_its_deadline_still_fires()
    {
        var time = new FakeTimeProvider(TestClock.MondayMorning);
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        var world = await OfferWorld(silo, "ann");
        var offered = await world.Intake("c1");
        Assert.Equal("ann", offered.OperatorId);
        await silo.StopAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        world.Factory = restarted.Factory;
        Assert.Equal(ConversationStatus.Offered, (await world.Conversation(offered.ConversationId).Get()).Status);
        Assert.Equal(1, (await world.Operator("ann").GetSnapshot()).Load);

        time.Advance(TimeSpan.FromSeconds(20));
        await Eventually.True(async () => (await world.Conversation(offered.ConversationId).Get()).Status == ConversationStatus.Queued,
            "the offer expired after the restart and the dialog went back to the queue");
        Assert.Equal(OperatorStatus.NotResponding, (await world.Operator("ann").GetSnapshot()).Status);
        Assert.Equal([offered.ConversationId], await world.Department("sales").GetWaiting());
    }

    [Fact]
    public async Task After_a_decline_the_next_operators_offer_still_expires_at_its_own_deadline()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await OfferWorld(silo, "ann", "bob");
        var offered = await world.Intake("c1");
        var first = offered.OperatorId!;
        var next = first == "ann" ? "bob" : "ann";
        Assert.True(await world.Department("sales").DeclineOffer(offered.ConversationId, first));
        Assert.Equal(next, (await world.Conversation(offered.ConversationId).Get()).OperatorId);

        await silo.AdvanceAsync(TimeSpan.FromSeconds(20));
        await Eventually.True(async () => (await world.Operator(next).GetSnapshot()).Status == OperatorStatus.NotResponding, "the second offer expired");
        Assert.Equal(0, (await world.Operator(next).GetSnapshot()).Load);
        Assert.Equal(ConversationStatus.Queued, (await world.Conversation(offered.ConversationId).Get()).Status);
    }

    [Fact]
    public async Task An_offer_whose_return_was_cut_by_a_crash_after_the_release_is_returned_and_never_double_books_the_operator()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await OfferWorld(silo, "ann");
        var offered = await world.Intake("c1");
        Assert.Equal("ann", offered.OperatorId);
        // The cut: returning the offer released ann, then the crash came before the conversation was requeued.
        await world.Operator("ann").Release(offered.ConversationId);
        await silo.CrashAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, silo.Time);
        world.Factory = restarted.Factory;
        await world.Department("sales").Flush();
        Assert.Equal(ConversationStatus.Queued, (await world.Conversation(offered.ConversationId).Get()).Status);
        Assert.False(await world.Department("sales").AcceptOffer(offered.ConversationId, "ann")); // no slot behind it any more
        Assert.Equal(0, (await world.Operator("ann").GetSnapshot()).Load);
        Assert.Equal([offered.ConversationId], await world.Department("sales").GetWaiting());
    }
}
