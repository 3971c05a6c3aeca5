using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

public sealed class IntakeAndAssignmentTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Intake_routes_by_entry_rule_and_assigns_the_least_loaded_operator()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddDepartment("sales");
        await world.Workspace.SetEntryRouting(new EntryRouting("support") { Rules = [new EntryRule("sales") { Topics = ["buy"] }] });
        await world.AddOperator("busy", 3, "sales");
        await world.AddOperator("free", 3, "sales");
        await world.AddOperator("helper", 3, "support");
        foreach (var op in world.Operators) await world.Online(op);

        var first = await world.Intake("v1", topic: "buy");
        Assert.Equal("sales", first.DepartmentId);
        var second = await world.Intake("v2", topic: "buy");
        Assert.NotEqual(first.OperatorId, second.OperatorId); // the second goes to the one with less load
        var third = await world.Intake("v3", topic: "question");
        Assert.Equal(("support", "helper"), (third.DepartmentId, third.OperatorId));

        var conversation = await world.Conversation(first.ConversationId).Get();
        Assert.Equal(ConversationStatus.Assigned, conversation.Status);
        Assert.Equal(first.OperatorId, conversation.OperatorId);
    }

    [Fact]
    public async Task A_second_message_lands_in_the_open_conversation_and_merged_identities_share_one_customer()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");

        var first = await world.Intake("visitor-1");
        var again = await world.Intake("visitor-1", "are you there?");
        Assert.Equal(first.ConversationId, again.ConversationId);
        Assert.False(again.NewConversation);

        await world.Customer(first.CustomerId).AddIdentity(Channel.Messenger, "tg-42");
        var fromTelegram = await world.Intake("tg-42", channel: Channel.Messenger);
        Assert.Equal(first.CustomerId, fromTelegram.CustomerId);
        Assert.Equal(first.ConversationId, fromTelegram.ConversationId);
        Assert.Equal(3, (await world.Conversation(first.ConversationId).Get()).MessageCount);
    }

    [Fact]
    public async Task Many_concurrent_intakes_never_put_an_operator_over_capacity()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddDepartment("sales");
        for (var i = 0; i < 4; i++)
        {
            await world.AddOperator($"op{i}", 2, i % 2 == 0 ? ["support"] : ["support", "sales"]);
            await world.Online($"op{i}");
        }
        await world.Workspace.SetEntryRouting(new EntryRouting("support") { Rules = [new EntryRule("sales") { Topics = ["buy"] }] });

        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => world.Intake($"c{i}", topic: i % 3 == 0 ? "buy" : null)));

        await world.Settle();
        var snapshots = await world.Snapshots();
        Assert.All(snapshots.Values, s => Assert.InRange(s.Load, 0, s.Profile.Capacity));
        Assert.Equal(8, snapshots.Values.Sum(s => s.Load)); // every slot filled, the rest wait
        var queues = await world.Queues();
        Assert.Equal(52, queues.Values.Sum(q => q.Count));
        Assert.Equal(60, results.Select(r => r.ConversationId).Distinct().Count());
    }

    [Fact]
    public async Task Re_driven_enqueues_racing_the_first_placements_leave_every_dialog_in_exactly_one_place()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        for (var i = 0; i < 4; i++)
        {
            await world.AddOperator($"op{i}", 2, "support");
            await world.Online($"op{i}");
        }
        // "Online" reaches the department one-way, through the router: let it land, so that a dialog queued below is
        // queued because every operator is full, and no operator coming online late takes it after its re-drives answered.
        await world.Settle();
        var support = world.Department("support");
        static string ConversationOf(int i) => $"c-Chat-c{i}-1";

        // A new dialog's reservation is asked outside the department's turn; a re-drive (the customer's next message,
        // a retried intake) may arrive meanwhile, and must neither place it a second time nor queue it beside its operator.
        var intakes = Enumerable.Range(0, 30).Select(i => world.Intake($"c{i}")).ToArray();
        var redrives = Enumerable.Range(0, 30).SelectMany(i => Enumerable.Range(0, 3).Select(_ => Redrive(ConversationOf(i)))).ToArray();
        await Task.WhenAll(intakes);
        var answers = (await Task.WhenAll(redrives)).OfType<Placement>().ToList();
        await world.Settle();

        var snapshots = await world.Snapshots();
        Assert.All(snapshots.Values, s => Assert.InRange(s.Load, 0, s.Profile.Capacity));
        var held = snapshots.Values.SelectMany(s => s.Active.Select(a => (a.ConversationId, s.OperatorId))).ToList();
        var waiting = (await world.Queues())["support"];
        Assert.Equal(8, held.Count);
        Assert.Equal(held.Count, held.Select(h => h.ConversationId).Distinct().Count()); // nobody holds a dialog twice
        Assert.Equal(22, waiting.Count);
        Assert.Equal(waiting.Count, waiting.Distinct().Count());
        Assert.Empty(held.Select(h => h.ConversationId).Intersect(waiting)); // held or waiting, never both
        for (var i = 0; i < 30; i++)
        {
            var view = await world.Conversation(ConversationOf(i)).Get();
            var holder = held.Where(h => h.ConversationId == ConversationOf(i)).Select(h => h.OperatorId).SingleOrDefault();
            Assert.Equal(view.OperatorId, holder);
            Assert.Equal(holder is null ? ConversationStatus.Queued : ConversationStatus.Assigned, view.Status);
        }
        // Every re-drive answered where its dialog is: with the operator who holds it, or with its place in the queue.
        Assert.All(answers, a =>
        {
            var holder = held.Where(h => h.ConversationId == a.ConversationId).Select(h => h.OperatorId).SingleOrDefault();
            if (holder is not null) Assert.Equal(holder, a.OperatorId);
            else Assert.True(a.OperatorId is null && a.QueuePosition is not null, $"{a.ConversationId} waits, but a re-drive answered {a}");
        });

        // One that came before its conversation was opened is refused (null here); the intake places that dialog.
        async Task<Placement?> Redrive(string conversationId)
        {
            try
            {
                return await support.Enqueue(new EnqueueRequest(conversationId, Priority.Normal, Channel.Chat, DateTimeOffset.UtcNow));
            }
            catch (InvalidOperationException refused) when (refused.Message.Contains("does not exist", StringComparison.Ordinal))
            {
                return null;
            }
        }
    }

    [Fact]
    public async Task A_dialog_waits_while_nobody_is_free_and_is_assigned_when_capacity_frees()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 1, "support");
        await world.Online("ann");

        var first = await world.Intake("c1");
        var second = await world.Intake("c2");
        Assert.Equal("ann", first.OperatorId);
        Assert.Null(second.OperatorId);
        Assert.Equal(1, second.QueuePosition);

        await world.Close(first.ConversationId, "operator");
        await world.Settle();

        var view = await world.Conversation(second.ConversationId).Get();
        Assert.Equal((ConversationStatus.Assigned, "ann"), (view.Status, view.OperatorId));
        Assert.Empty(await world.Department("support").GetWaiting());
    }

    [Fact]
    public async Task A_dialog_waits_while_nobody_is_online_and_is_assigned_when_an_operator_comes_online()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 2, "support");

        var waiting = await world.Intake("c1");
        Assert.Equal(ConversationStatus.Queued, waiting.Status);

        await world.Online("ann");
        await world.Settle();
        Assert.Equal("ann", (await world.Conversation(waiting.ConversationId).Get()).OperatorId);
    }

    [Fact]
    public async Task Priority_goes_first_then_the_longest_wait()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 1, "support");

        var old = await world.Intake("old");
        await silo.AdvanceAsync(TimeSpan.FromSeconds(5));
        var newer = await world.Intake("newer");
        await silo.AdvanceAsync(TimeSpan.FromSeconds(5));
        var vip = await world.Intake("vip", priority: Priority.Vip);

        Assert.Equal([vip.ConversationId, old.ConversationId, newer.ConversationId], await world.Department("support").GetWaiting());
        await world.Online("ann");
        await world.Settle();
        Assert.Equal("ann", (await world.Conversation(vip.ConversationId).Get()).OperatorId);

        await world.Close(vip.ConversationId, "operator");
        await world.Settle();
        Assert.Equal("ann", (await world.Conversation(old.ConversationId).Get()).OperatorId);
        Assert.Equal([newer.ConversationId], await world.Department("support").GetWaiting());
    }

    [Fact]
    public async Task An_operator_in_two_departments_serves_the_oldest_head_across_them()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddDepartment("sales");
        await world.Workspace.SetEntryRouting(new EntryRouting("support") { Rules = [new EntryRule("sales") { Topics = ["buy"] }] });
        await world.AddOperator("ann", 1, "support", "sales");

        var supportNewer = await world.Intake("s-late");
        await silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        var salesOlder = await world.Intake("b-early", topic: "buy");
        await silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        var supportLatest = await world.Intake("s-later");

        await world.Online("ann");
        await world.Settle();
        Assert.Equal("ann", (await world.Conversation(supportNewer.ConversationId).Get()).OperatorId);

        await world.Close(supportNewer.ConversationId, "operator");
        await world.Settle();
        Assert.Equal("ann", (await world.Conversation(salesOlder.ConversationId).Get()).OperatorId);
        Assert.Equal(ConversationStatus.Queued, (await world.Conversation(supportLatest.ConversationId).Get()).Status);
    }

    [Fact]
    public async Task Closing_a_waiting_dialog_takes_it_out_of_the_queue_and_the_timeline_keeps_every_step()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddOperator("ann", 1, "support");
        await world.Online("ann");

        var assigned = await world.Intake("c1");
        var waiting = await world.Intake("c2");
        await world.Close(waiting.ConversationId, "customer");
        await world.Settle();
        Assert.Empty(await world.Department("support").GetWaiting());

        await world.Intake("c1", "thanks");
        await world.Close(assigned.ConversationId, "operator");
        var timeline = await world.Conversation(assigned.ConversationId).GetTimeline();
        Assert.Equal(["queued", "assigned", "customer-message", "closed"], timeline.Select(e => e.Kind));
        Assert.Equal([1L, 2, 3, 4], timeline.Select(e => e.Sequence));
        Assert.Equal(0, (await world.Operator("ann").GetSnapshot()).Load);
    }
}
