using Microsoft.Extensions.Time.Testing;
using Routing.GrainInterfaces;
using Routing.Testing;

namespace Routing.Grains.Tests.Grains;

/// <summary>R19: a closed dialog asks its customer for one rating, which is counted for the operator who had it.</summary>
public sealed class RatingTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    /// <summary>"support" (ratings on a scale of 5 after 3 messages) and "sales" (a scale of 2 after 0); "ann" works in both.</summary>
    private static async Task<RoutingWorld> Rated(TestSilo silo)
    {
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("support", new DepartmentConfig { RatingScale = 5, RatingPromptAfterMessages = 3 });
        await world.Workspace.ConfigureDepartment("sales", new DepartmentConfig { RatingScale = 2 });
        await world.Workspace.ConfigureDepartment("plain", new DepartmentConfig());
        world.Departments.AddRange(["support", "sales", "plain"]);
        await world.Workspace.SetEntryRouting(new EntryRouting("support") { Rules = [new EntryRule("sales") { Topics = ["sales"] }, new EntryRule("plain") { Topics = ["plain"] }] });
        await world.AddOperator("ann", 5, "support", "sales", "plain");
        await world.Online("ann");
        return world;
    }

    private static string Topic(string conversationKey) => "conversation:" + conversationKey;

    [Fact]
    public async Task A_long_enough_answered_dialog_asks_for_a_rating_on_close_and_takes_exactly_one()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Rated(silo);
        var dialog = await world.Intake("c1", "hello");
        var conversation = world.Conversation(dialog.ConversationId);
        using var events = silo.Events().Subscribe(Topic(RoutingKeys.Conversation(world.WorkspaceId, dialog.ConversationId)));
        await conversation.AddOperatorMessage("ann", "hi, how can I help?");
        await world.Intake("c1", "my order");
        await world.Close(dialog.ConversationId, "operator");

        var requested = Assert.Single(Published.Drain<RatingRequested>(events));
        Assert.Equal(new RatingRequested(dialog.ConversationId, 5, "ann"), requested);
        var rated = await conversation.Rate(4, "quick and kind");
        Assert.Equal((4, 5, "quick and kind", "ann"), (rated.Rating!.Score, rated.Rating.Scale, rated.Rating.Comment, rated.Rating.OperatorId));
        Assert.True(rated.RatingDelivered);
        var last = (await conversation.GetTimeline())[^1];
        Assert.Equal(("rated", "ann", "4/5"), (last.Kind, last.OperatorId, last.Detail));

        var twice = await Assert.ThrowsAsync<RoutingRefusedException>(() => conversation.Rate(5, null));
        Assert.Equal(RoutingRefusedException.AlreadyRated, twice.Code);
        Assert.Equal(4, (await conversation.Get()).Rating!.Score);
        var ratings = await world.Factory.GetGrain<IOperatorRatingsGrain>(RoutingKeys.OperatorRatings(world.WorkspaceId, "ann")).Get();
        Assert.Equal((1, 0.75), (ratings.Count, ratings.Average));
    }

    [Fact]
    public async Task A_rating_is_refused_when_none_was_asked_for_or_off_the_scale_and_changes_nothing()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Rated(silo);

        // Open: not asked yet.
        var open = await world.Intake("open", "hello");
        await world.Conversation(open.ConversationId).AddOperatorMessage("ann", "hi");
        Assert.Equal(RoutingRefusedException.RatingNotRequested,
            (await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Conversation(open.ConversationId).Rate(5, null))).Code);

        // Closed with too few messages (2 of 3), with no operator reply, and in a department without ratings.
        var shortOne = await world.Intake("short", "hello");
        await world.Conversation(shortOne.ConversationId).AddOperatorMessage("ann", "hi");
        var unanswered = await world.Intake("unanswered", "hello");
        await world.Intake("unanswered", "anyone?");
        await world.Intake("unanswered", "hello??");
        var plain = await world.Intake("plain", "hello", topic: "plain");
        await world.Conversation(plain.ConversationId).AddOperatorMessage("ann", "hi");
        await world.Intake("plain", "thanks");
        foreach (var id in new[] { shortOne.ConversationId, unanswered.ConversationId, plain.ConversationId })
        {
            await world.Close(id, "operator");
            var refused = await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Conversation(id).Rate(1, null));
            Assert.Equal(RoutingRefusedException.RatingNotRequested, refused.Code);
            Assert.Null((await world.Conversation(id).Get()).RatingScale);
        }

        // Asked for, but off the scale or with a too long comment.
        var sales = await world.Intake("buyer", "price?", topic: "sales");
        await world.Conversation(sales.ConversationId).AddOperatorMessage("ann", "10 EUR");
        await world.Close(sales.ConversationId, "customer");
        var timeline = await world.Conversation(sales.ConversationId).GetTimeline();
        await Assert.ThrowsAsync<ArgumentException>(() => world.Conversation(sales.ConversationId).Rate(3, null));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Conversation(sales.ConversationId).Rate(0, null));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Conversation(sales.ConversationId).Rate(2, new string('x', RatingSettings.MaxCommentLength + 1)));
        Assert.Null((await world.Conversation(sales.ConversationId).Get()).Rating);
        Assert.Equal(timeline, await world.Conversation(sales.ConversationId).GetTimeline());
        Assert.Equal(0, (await world.Factory.GetGrain<IOperatorRatingsGrain>(RoutingKeys.OperatorRatings(world.WorkspaceId, "ann")).Get()).Count);
    }

    [Fact]
    public async Task Ratings_on_different_scales_add_up_per_operator_normalized_and_survive_a_restart()
    {
        var time = new FakeTimeProvider(TestClock.MondayMorning);
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        var world = await Rated(silo);
        await world.AddOperator("bob", 5, "sales");
        await world.Online("bob");
        async Task<string> Served(string customer, string topic, string by)
        {
            var dialog = await world.Intake(customer, "hi", topic: topic);
            if (dialog.OperatorId != by)
                await world.Factory.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(world.WorkspaceId, dialog.ConversationId))
                    .TransferToOperator(by, "test");
            await world.Conversation(dialog.ConversationId).AddOperatorMessage(by, "hello");
            await world.Close(dialog.ConversationId, "operator");
            return dialog.ConversationId;
        }
        await world.Conversation(await Served("s1", "sales", "ann")).Rate(2, null); // 1.0
        await world.Conversation(await Served("s2", "sales", "ann")).Rate(1, null); // 0.0
        await world.Conversation(await Served("s3", "sales", "bob")).Rate(2, "great");

        // Handed to bob after ann wrote: the rating goes to bob, who had it last.
        var handed = await world.Intake("s4", "hi", topic: "sales");
        if (handed.OperatorId != "ann")
            await world.Factory.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(world.WorkspaceId, handed.ConversationId)).TransferToOperator("ann", "test");
        await world.Conversation(handed.ConversationId).AddOperatorMessage("ann", "hello");
        await world.Factory.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(world.WorkspaceId, handed.ConversationId)).TransferToOperator("bob", "test");
        await world.Close(handed.ConversationId, "operator");
        Assert.Equal("bob", (await world.Conversation(handed.ConversationId).Get()).RatingOperatorId);
        await world.Conversation(handed.ConversationId).Rate(1, null);
        await silo.StopAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        var ann = await restarted.Factory.GetGrain<IOperatorRatingsGrain>(RoutingKeys.OperatorRatings(world.WorkspaceId, "ann")).Get();
        Assert.Equal(("ann", 2, 1.0, 0.5), (ann.OperatorId, ann.Count, ann.NormalizedSum, ann.Average));
        Assert.Equal(new RatingTally(2, 3), Assert.Single(ann.ByScale, s => s.Key == 2).Value);
        var bob = await restarted.Factory.GetGrain<IOperatorRatingsGrain>(RoutingKeys.OperatorRatings(world.WorkspaceId, "bob")).Get();
        Assert.Equal((2, 0.5), (bob.Count, bob.Average));
        Assert.Null((await restarted.Factory.GetGrain<IOperatorRatingsGrain>(RoutingKeys.OperatorRatings(world.WorkspaceId, "nobody")).Get()).Average);

        // A redelivery of a counted conversation is ignored; the grain checks what it is given.
        var annRatings = restarted.Factory.GetGrain<IOperatorRatingsGrain>(RoutingKeys.OperatorRatings(world.WorkspaceId, "ann"));
        await annRatings.Add("x-1", 5, 5);
        await annRatings.Add("x-1", 5, 5);
        Assert.Equal(3, (await annRatings.Get()).Count);
        await Assert.ThrowsAsync<ArgumentException>(() => annRatings.Add("x-2", 4, 3));
        await Assert.ThrowsAsync<ArgumentException>(() => annRatings.Add("x-3", 1, 4));
    }

    [Fact]
    public async Task Invalid_rating_settings_are_refused()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await Assert.ThrowsAsync<ArgumentException>(() => world.Workspace.ConfigureDepartment("d", new DepartmentConfig { RatingScale = 4 }));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Workspace.ConfigureDepartment("d", new DepartmentConfig { RatingScale = 5, RatingPromptAfterMessages = -1 }));
        Assert.Empty(await world.Workspace.GetDepartments());
    }
}
