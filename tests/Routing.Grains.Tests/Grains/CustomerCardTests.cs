using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

/// <summary>Issue 15: the customer card (stored attributes, entry rules on them) and an operator's status with a durable reminder.</summary>
public sealed class CustomerCardTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static async Task<RoutingWorld> Support(TestSilo silo)
    {
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        await world.AddDepartment("vip");
        await world.AddOperator("ann", 5, "support", "vip");
        await world.Online("ann");
        return world;
    }

    private static IOperatorRemindersGrain Reminders(RoutingWorld world, string operatorId) =>
        world.Factory.GetGrain<IOperatorRemindersGrain>(RoutingKeys.OperatorReminders(world.WorkspaceId, operatorId));

    [Fact]
    public async Task The_card_merges_updates_and_a_bad_update_is_refused_and_changes_nothing()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        var customer = world.Customer((await world.Intake("kim")).CustomerId);

        await customer.UpdateCard(new CustomerCardUpdate { Name = "Kim", CrmId = "crm-7", Attributes = new Dictionary<string, string> { ["plan"] = "gold", ["from"] = "ads" } });
        var card = (await customer.UpdateCard(new CustomerCardUpdate { CrmId = "", Attributes = new Dictionary<string, string> { ["pages"] = "/pricing" }, RemoveAttributes = ["from"] })).Card;
        Assert.Equal(("Kim", (string?)null), (card.Name, card.CrmId));
        Assert.Equal(new Dictionary<string, string> { ["plan"] = "gold", ["pages"] = "/pricing" }, card.Attributes);
        Assert.Equal(silo.Time.GetUtcNow(), card.UpdatedAt);

        var tooMany = new CustomerCardUpdate { Attributes = Enumerable.Range(0, 49).ToDictionary(i => $"k{i}", i => "v") };
        Assert.Contains("at most 50", (await Assert.ThrowsAsync<ArgumentException>(() => customer.UpdateCard(tooMany))).Message);
        await Assert.ThrowsAsync<ArgumentException>(() => customer.UpdateCard(new CustomerCardUpdate { Attributes = new Dictionary<string, string> { ["bad key"] = "v" } }));
        await Assert.ThrowsAsync<ArgumentException>(() => customer.UpdateCard(new CustomerCardUpdate { Name = new string('n', 201) }));
        await Assert.ThrowsAsync<ArgumentException>(() => customer.UpdateCard(new CustomerCardUpdate { Attributes = new Dictionary<string, string> { ["plan"] = new string('v', 1001) } }));
        Assert.Equal(card, (await customer.Get()).Card);
    }

    [Fact]
    public async Task Entry_rules_route_on_the_stored_attributes_overlaid_by_the_messages_own()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        await world.Workspace.SetEntryRouting(new EntryRouting("support")
        {
            Rules = [new EntryRule("vip") { Attributes = new Dictionary<string, string> { ["plan"] = "gold" } }],
        });
        var first = await world.Intake("kim");
        Assert.Equal("support", first.DepartmentId);
        await world.Close(first.ConversationId, "operator");
        await world.Customer(first.CustomerId).UpdateCard(new CustomerCardUpdate { Attributes = new Dictionary<string, string> { ["plan"] = "gold" } });

        var stored = await world.Intake("kim");
        Assert.Equal("vip", stored.DepartmentId); // the card says gold: the rule matches without the message saying it
        await world.Close(stored.ConversationId, "operator");

        var intake = world.Factory.GetGrain<IIntakeGrain>(RoutingKeys.Intake(world.WorkspaceId));
        var overridden = await intake.Receive(new IntakeMessage(Channel.Chat, "kim", "downgraded")
        {
            Attributes = new Dictionary<string, string> { ["plan"] = "basic" },
        });
        Assert.Equal("support", overridden.DepartmentId); // the message's fresher word wins
    }

    [Fact]
    public async Task A_reminder_tells_its_operator_at_its_time_and_stays_due_until_dismissed()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        var dialog = await world.Intake("kim");
        var customer = world.Customer(dialog.CustomerId);
        using var annTopic = silo.Events().Subscribe("operator:" + RoutingKeys.Operator(world.WorkspaceId, "ann"));
        var at = silo.Time.GetUtcNow() + TimeSpan.FromMinutes(30);

        var set = await customer.SetReminder("ann", "call back", "wants the invoice", at, dialog.ConversationId);
        Assert.Equal(("ann", "call back", at, false), (set.Reminder!.OperatorId, set.Reminder.Status, set.Reminder.RemindAt, set.Reminder.Due));
        Assert.Equal([set.Reminder], await Reminders(world, "ann").List());

        await silo.AdvanceAsync(TimeSpan.FromMinutes(29));
        await world.Settle();
        Assert.Empty(Published.Drain<CustomerReminderDue>(annTopic));
        await silo.AdvanceAsync(TimeSpan.FromMinutes(1));
        var due = await Published.Next<CustomerReminderDue>(annTopic);
        Assert.Equal((dialog.CustomerId, "wants the invoice", true), (due.Reminder.CustomerId, due.Reminder.Note, due.Reminder.Due));
        Assert.True((await customer.Get()).Reminder!.Due);
        Assert.True((await Reminders(world, "ann").List()).Single().Due); // a reconnecting console still sees it

        Assert.False(await customer.DismissReminder("bob")); // not theirs
        Assert.True(await customer.DismissReminder("ann"));
        Assert.Null((await customer.Get()).Reminder);
        Assert.Empty(await Reminders(world, "ann").List());
    }

    [Fact]
    public async Task A_replaced_or_dismissed_reminder_never_fires_and_bad_ones_are_refused()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        var dialog = await world.Intake("kim");
        var customer = world.Customer(dialog.CustomerId);
        using var annTopic = silo.Events().Subscribe("operator:" + RoutingKeys.Operator(world.WorkspaceId, "ann"));
        using var bobTopic = silo.Events().Subscribe("operator:" + RoutingKeys.Operator(world.WorkspaceId, "bob"));
        var now = silo.Time.GetUtcNow();

        await Assert.ThrowsAsync<ArgumentException>(() => customer.SetReminder("ann", "call", null, now - TimeSpan.FromSeconds(1), null));
        await Assert.ThrowsAsync<ArgumentException>(() => customer.SetReminder("ann", " ", null, now + TimeSpan.FromHours(1), null));
        await Assert.ThrowsAsync<ArgumentException>(() => customer.SetReminder("ann", "call", new string('n', 1001), now + TimeSpan.FromHours(1), null));
        Assert.Null((await customer.Get()).Reminder);

        await customer.SetReminder("ann", "call", null, now + TimeSpan.FromMinutes(10), null);
        await customer.SetReminder("bob", "email", null, now + TimeSpan.FromMinutes(20), null); // replaces ann's
        Assert.Empty(await Reminders(world, "ann").List());
        await silo.AdvanceAsync(TimeSpan.FromMinutes(10));
        await world.Settle();
        Assert.Empty(Published.Drain<CustomerReminderDue>(annTopic));
        Assert.False((await customer.Get()).Reminder!.Due);

        await customer.SetReminder("ann", "call", null, now + TimeSpan.FromMinutes(30), null);
        Assert.True(await customer.DismissReminder("ann"));
        await silo.AdvanceAsync(TimeSpan.FromHours(1));
        await world.Settle();
        Assert.Empty(Published.Drain<CustomerReminderDue>(annTopic));
        Assert.Empty(Published.Drain<CustomerReminderDue>(bobTopic));
        Assert.Null((await customer.Get()).Reminder);
    }

    [Fact]
    public async Task A_reminder_and_the_card_survive_a_silo_crash_and_the_reminder_still_fires()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        var dialog = await world.Intake("kim");
        await world.Customer(dialog.CustomerId).UpdateCard(new CustomerCardUpdate { Name = "Kim" });
        await world.Customer(dialog.CustomerId).SetReminder("ann", "call back", null, silo.Time.GetUtcNow() + TimeSpan.FromHours(2), dialog.ConversationId);
        await silo.CrashAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, silo.Time);
        world.Factory = restarted.Factory;
        using var annTopic = restarted.Events().Subscribe("operator:" + RoutingKeys.Operator(world.WorkspaceId, "ann"));
        Assert.Equal("Kim", (await world.Customer(dialog.CustomerId).Get()).Card.Name);
        Assert.False((await Reminders(world, "ann").List()).Single().Due);
        await restarted.AdvanceAsync(TimeSpan.FromHours(2));
        Assert.Equal(dialog.CustomerId, (await Published.Next<CustomerReminderDue>(annTopic)).Reminder.CustomerId);
        Assert.True((await world.Customer(dialog.CustomerId).Get()).Reminder!.Due);
    }
}
