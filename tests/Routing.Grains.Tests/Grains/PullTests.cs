using Microsoft.Extensions.Time.Testing;
using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

/// <summary>Taking from the shared queue (pull): the department's Incoming per operator and the take, on the grains.</summary>
public sealed class PullTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    /// <summary>"desk" distributes by pull; tier 2 after 30 s, skills dropped never. ann (tier 1, 2 slots) and bob (tier 2, 1 slot) online.</summary>
    private static async Task<RoutingWorld> PullDesk(TestSilo silo, bool offerMode = false)
    {
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("desk", new DepartmentConfig
        {
            Distribution = DialogDistribution.Pull, OfferMode = offerMode,
            Routing = RoutingSettings.Default with { TierSteps = [new TierStep(1, TimeSpan.Zero), new TierStep(2, TimeSpan.FromSeconds(30))] },
        });
        world.Departments.Add("desk");
        await world.Workspace.ConfigureOperator("ann", new OperatorProfile { Capacity = 2, Departments = [new DepartmentMembership("desk", 1)] });
        await world.Workspace.ConfigureOperator("bob", new OperatorProfile { Capacity = 1, Departments = [new DepartmentMembership("desk", 2)] });
        world.Operators.AddRange(["ann", "bob"]);
        await world.Online("ann");
        await world.Online("bob");
        return world;
    }

    [Fact]
    public async Task A_pull_department_assigns_nothing_itself_and_a_take_assigns_exactly_as_the_router_would()
    {
        var time = new FakeTimeProvider(TestClock.MondayMorning);
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        var world = await PullDesk(silo);
        var first = await world.Intake("c1");
        time.Advance(TimeSpan.FromSeconds(1));
        var second = await world.Intake("c2", priority: Priority.Vip);
        await world.Settle();
        Assert.Equal((ConversationStatus.Queued, 2), (first.Status, (await world.Department("desk").GetWaiting()).Count)); // nobody was given one
        var desk = world.Department("desk");

        Assert.Equal([second.ConversationId, first.ConversationId], (await desk.GetIncoming("ann", 10)).Select(d => d.ConversationId)); // serving order
        Assert.All(await desk.GetIncoming("ann", 10), d => Assert.Null(d.WhyNotNow));
        Assert.Empty(await desk.GetIncoming("bob", 10)); // tier 2 before the 30 s step, as the router would see it
        Assert.Equal(TakeRefusal.TierNotReached, (await desk.Take(first.ConversationId, "bob")).Refusal);

        Assert.Equal(TakeResult.Done, await desk.Take(first.ConversationId, "ann"));

        var view = await world.Conversation(first.ConversationId).Get();
        Assert.Equal((ConversationStatus.Assigned, "ann"), (view.Status, view.OperatorId));
        Assert.Equal(["queued", "taken"], (await world.Conversation(first.ConversationId).GetTimeline()).Select(e => e.Kind));
        Assert.Equal([first.ConversationId], (await world.Operator("ann").GetSnapshot()).Active.Select(a => a.ConversationId));
        Assert.Equal([second.ConversationId], await desk.GetWaiting());
        Assert.Equal(TakeRefusal.NotWaiting, (await desk.Take(first.ConversationId, "ann")).Refusal); // it waits no more
        Assert.Equal(0, (await world.Operator("bob").GetSnapshot()).Load);

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([second.ConversationId], (await desk.GetIncoming("bob", 10)).Select(d => d.ConversationId));
        Assert.Equal(TakeResult.Done, await desk.Take(second.ConversationId, "bob"));
        Assert.Equal("bob", (await world.Conversation(second.ConversationId).Get()).OperatorId);
    }

    [Fact]
    public async Task Refused_takes_say_the_routing_rule_that_refused_them_and_change_nothing()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await PullDesk(silo);
        await world.AddDepartment("sales");
        await world.AddOperator("carl", 3, "sales");
        await world.Online("carl");
        var dialogs = new List<string>();
        for (var i = 0; i < 4; i++) dialogs.Add((await world.Intake($"c{i}")).ConversationId);
        var desk = world.Department("desk");

        Assert.Equal(TakeRefusal.NotMember, (await desk.Take(dialogs[0], "carl")).Refusal);
        Assert.Empty(await desk.GetIncoming("carl", 10));
        await world.Operator("ann").SetStatus(OperatorStatus.Away);
        Assert.Equal(TakeRefusal.NotOnline, (await desk.Take(dialogs[0], "ann")).Refusal);
        Assert.All(await desk.GetIncoming("ann", 10), d => Assert.Equal(TakeRefusal.NotOnline, d.WhyNotNow)); // seen, not takeable now
        await world.Online("ann");
        Assert.Equal(TakeResult.Done, await desk.Take(dialogs[0], "ann"));
        Assert.Equal(TakeResult.Done, await desk.Take(dialogs[1], "ann"));
        Assert.Equal(TakeRefusal.NoCapacity, (await desk.Take(dialogs[2], "ann")).Refusal);
        Assert.Equal(TakeRefusal.NotWaiting, (await desk.Take("no-such-dialog", "ann")).Refusal);

        Assert.Equal([dialogs[2], dialogs[3]], await desk.GetWaiting());
        Assert.Equal(2, (await world.Operator("ann").GetSnapshot()).Load);
        Assert.Equal(["queued"], (await world.Conversation(dialogs[2]).GetTimeline()).Select(e => e.Kind));
    }

    [Fact]
    public async Task A_take_in_offer_mode_assigns_at_once_instead_of_offering()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await PullDesk(silo, offerMode: true);
        var dialog = await world.Intake("c1");

        Assert.True((await world.Department("desk").Take(dialog.ConversationId, "ann")).Taken);

        var view = await world.Conversation(dialog.ConversationId).Get();
        Assert.Equal((ConversationStatus.Assigned, "ann", null), (view.Status, view.OperatorId, view.OfferExpiresAt));
        Assert.Equal(["queued", "taken"], (await world.Conversation(dialog.ConversationId).GetTimeline()).Select(e => e.Kind));
    }

    [Fact]
    public async Task A_rescued_dialog_lands_in_the_incoming_of_everyone_but_the_operator_who_dropped_it()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await PullDesk(silo);
        await world.Workspace.ConfigureDepartment("desk", new DepartmentConfig
        {
            Distribution = DialogDistribution.Pull, Rescue = new RescueSettings { After = TimeSpan.FromSeconds(60), WarningLead = TimeSpan.Zero, RetryLimit = 3 },
            FirstResponseTarget = TimeSpan.FromHours(1), // every dialog has one (issue 15): an hour keeps its breach out of this timeline
        });
        var dialog = await world.Intake("c1");
        Assert.True((await world.Department("desk").Take(dialog.ConversationId, "ann")).Taken);

        await silo.AdvanceAsync(TimeSpan.FromSeconds(60)); // ann never answers: the rescue clock runs from the take
        await Eventually.True(async () => (await world.Department("desk").GetWaiting()).Contains(dialog.ConversationId), "rescued into the queue");

        Assert.Empty(await world.Department("desk").GetIncoming("ann", 10));
        Assert.Equal([dialog.ConversationId], (await world.Department("desk").GetIncoming("bob", 10)).Select(d => d.ConversationId));
        Assert.Equal(TakeRefusal.SkippedBefore, (await world.Department("desk").Take(dialog.ConversationId, "ann")).Refusal);
        Assert.True((await world.Department("desk").Take(dialog.ConversationId, "bob")).Taken);
        Assert.Equal(["queued", "taken", "rescued", "taken"], (await world.Conversation(dialog.ConversationId).GetTimeline()).Select(e => e.Kind));
    }

    [Fact]
    public async Task A_take_survives_a_restart_and_going_back_to_automatic_routes_what_still_waits()
    {
        var time = new FakeTimeProvider(TestClock.MondayMorning);
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        var world = await PullDesk(silo);
        var taken = await world.Intake("c1");
        var waiting = await world.Intake("c2");
        Assert.True((await world.Department("desk").Take(taken.ConversationId, "ann")).Taken);
        await silo.StopAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        world.Factory = restarted.Factory;
        Assert.Equal("ann", (await world.Conversation(taken.ConversationId).Get()).OperatorId);
        Assert.Equal([taken.ConversationId], (await world.Operator("ann").GetSnapshot()).Active.Select(a => a.ConversationId));
        Assert.Equal([waiting.ConversationId], await world.Department("desk").GetWaiting());

        await world.Workspace.ConfigureDepartment("desk", new DepartmentConfig());
        await world.Settle();
        Assert.Equal((ConversationStatus.Assigned, "ann"), ((await world.Conversation(waiting.ConversationId).Get()).Status, (await world.Conversation(waiting.ConversationId).Get()).OperatorId));
        Assert.Empty(await RoutingInvariants.Check(world, [taken.ConversationId, waiting.ConversationId]));
    }
}
