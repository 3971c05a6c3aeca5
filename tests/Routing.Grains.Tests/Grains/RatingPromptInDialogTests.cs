using Microsoft.Extensions.Time.Testing;
using Routing.GrainInterfaces;
using Routing.Testing;

namespace Routing.Grains.Tests.Grains;

/// <summary>
/// R19, issue 15: an open dialog asks its customer for a rating once, at its department's N-th message with an
/// operator's reply; the record survives a restart, and the close does not ask again.
/// </summary>
public sealed class RatingPromptInDialogTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    /// <summary>"support": ratings on a scale of 5 at the default prompt (the 5th message); "never": at 0.</summary>
    private static async Task<RoutingWorld> Rated(TestSilo silo)
    {
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("support", new DepartmentConfig { RatingScale = 5 });
        await world.Workspace.ConfigureDepartment("never", new DepartmentConfig { RatingScale = 5, RatingPromptAtMessage = 0 });
        world.Departments.AddRange(["support", "never"]);
        await world.Workspace.SetEntryRouting(new EntryRouting("support") { Rules = [new EntryRule("never") { Topics = ["never"] }] });
        await world.AddOperator("ann", 5, "support", "never");
        await world.Online("ann");
        return world;
    }

    private static string Topic(RoutingWorld world, string conversationId) => "conversation:" + RoutingKeys.Conversation(world.WorkspaceId, conversationId);

    [Fact]
    public async Task The_fifth_message_of_an_answered_dialog_asks_once_and_after_a_restart_never_again()
    {
        var time = new FakeTimeProvider(TestClock.MondayMorning);
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        var world = await Rated(silo);
        var dialog = await world.Intake("c1", "hello");
        var id = dialog.ConversationId;
        using (var events = silo.Events().Subscribe(Topic(world, id)))
        {
            await world.Intake("c1", "anyone?");
            await world.Intake("c1", "my order is late");
            await world.Intake("c1", "order 42");
            Assert.Empty(Published.Drain<RatingRequested>(events)); // four messages, nobody wrote yet
            await world.Conversation(id).AddOperatorMessage("ann", "looking at it");

            Assert.Equal(new RatingRequested(id, 5, "ann"), Assert.Single(Published.Drain<RatingRequested>(events)));
            var asked = await world.Conversation(id).Get();
            Assert.Equal((5, "ann", true), (asked.RatingScale, asked.RatingOperatorId, asked.RatingAskedInDialog));
            var row = (await world.Conversation(id).GetTimeline())[^1];
            Assert.Equal(("rating-requested", "ann", "5"), (row.Kind, row.OperatorId, row.Detail));

            await world.Intake("c1", "thanks");
            Assert.Empty(Published.Drain<RatingRequested>(events));
        }
        await silo.StopAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, time);
        world.Factory = restarted.Factory;
        using var after = restarted.Events().Subscribe(Topic(world, id));
        await world.Intake("c1", "still there?");
        await world.Conversation(id).AddOperatorMessage("ann", "yes");
        await world.Close(id, "operator");
        Assert.Empty(Published.Drain<RatingRequested>(after));
        var timeline = await world.Conversation(id).GetTimeline();
        Assert.Single(timeline, e => e.Kind == ConversationChangeKinds.RatingRequested);

        // The prompt stands after the close: the customer answers it through the usual rating.
        var rated = await world.Conversation(id).Rate(5, "quick");
        Assert.Equal(("ann", true), (rated.Rating!.OperatorId, rated.RatingDelivered));
    }

    [Fact]
    public async Task A_rating_given_while_open_counts_for_the_operator_who_has_the_dialog_and_is_taken_once()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Rated(silo);
        await world.AddOperator("bob", 5, "support");
        await world.Online("bob");
        var dialog = await world.Intake("c2", "hello");
        var id = dialog.ConversationId;
        var first = dialog.OperatorId!;
        var second = first == "ann" ? "bob" : "ann";
        await world.Conversation(id).AddOperatorMessage(first, "hi");
        foreach (var text in new[] { "one", "two", "three" }) await world.Intake("c2", text);
        Assert.Equal(first, (await world.Conversation(id).Get()).RatingOperatorId);

        await world.Control(id).TransferToOperator(second, "specialist");
        var rated = await world.Conversation(id).Rate(4, null);
        Assert.Equal(second, rated.Rating!.OperatorId);
        Assert.Equal(ConversationStatus.Assigned, rated.Status);
        Assert.Equal(RoutingRefusedException.AlreadyRated, (await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Conversation(id).Rate(1, null))).Code);
        await world.Close(id, "operator");
        Assert.Equal(4, (await world.Conversation(id).Get()).Rating!.Score);
        Assert.Equal(1, (await world.Factory.GetGrain<IOperatorRatingsGrain>(RoutingKeys.OperatorRatings(world.WorkspaceId, second)).Get()).Count);
    }

    [Fact]
    public async Task A_department_at_zero_never_asks_while_open_and_still_asks_at_the_close()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Rated(silo);
        var dialog = await world.Intake("c3", "hello", topic: "never");
        var id = dialog.ConversationId;
        using var events = silo.Events().Subscribe(Topic(world, id));
        await world.Conversation(id).AddOperatorMessage("ann", "hi");
        foreach (var text in new[] { "one", "two", "three", "four", "five" }) await world.Intake("c3", text, topic: "never");
        Assert.Empty(Published.Drain<RatingRequested>(events));
        Assert.Equal(RoutingRefusedException.RatingNotRequested, (await Assert.ThrowsAsync<RoutingRefusedException>(() => world.Conversation(id).Rate(5, null))).Code);

        await world.Close(id, "operator");
        Assert.Equal(new RatingRequested(id, 5, "ann"), Assert.Single(Published.Drain<RatingRequested>(events)));
    }

    [Fact]
    public async Task A_prompt_position_off_the_range_is_refused_and_the_default_is_five()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await Assert.ThrowsAsync<ArgumentException>(() => world.Workspace.ConfigureDepartment("d", new DepartmentConfig { RatingScale = 5, RatingPromptAtMessage = -1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Workspace.ConfigureDepartment("d", new DepartmentConfig { RatingPromptAtMessage = RatingSettings.MaxPromptAfterMessages + 1 }));
        Assert.Empty(await world.Workspace.GetDepartments());
        Assert.Equal(5, new DepartmentConfig { RatingScale = 3 }.Timers().Rating!.PromptAtMessage);
    }
}
