using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

/// <summary>Issue 15: an entry rule's priority and first-response target drive the queue and the dialog's SLA clock.</summary>
public sealed class TopicTermsTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static readonly EntryRule Outage = new("support") { Topics = ["outage"], Priority = Priority.Urgent, FirstResponseTarget = TimeSpan.FromSeconds(20) };

    private static async Task<RoutingWorld> Support(TestSilo silo, TimeSpan? departmentTarget, params EntryRule[] rules)
    {
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("support", new DepartmentConfig { FirstResponseTarget = departmentTarget });
        world.Departments.Add("support");
        await world.Workspace.SetEntryRouting(new EntryRouting("support") { Rules = rules });
        await world.AddOperator("ann", 1, "support"); // offline: everything waits
        return world;
    }

    [Fact]
    public async Task A_topics_tighter_target_fires_the_first_response_timer_before_the_departments()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo, TimeSpan.FromMinutes(2), Outage);
        using var workspace = silo.Events().Subscribe("workspace:" + world.WorkspaceId);
        var opened = silo.Time.GetUtcNow();
        var outage = await world.Intake("outage", topic: "Outage");
        var plain = await world.Intake("plain", topic: "invoice");

        var outageView = await world.Conversation(outage.ConversationId).Get();
        Assert.Equal((TimeSpan.FromSeconds(20), ResponseTargetSource.EntryRule, opened + TimeSpan.FromSeconds(20)),
            (outageView.FirstResponseTarget, outageView.FirstResponseTargetSource, outageView.SlaDueAt));
        var plainView = await world.Conversation(plain.ConversationId).Get();
        Assert.Equal((TimeSpan.FromMinutes(2), ResponseTargetSource.Department, opened + TimeSpan.FromMinutes(2)),
            (plainView.FirstResponseTarget, plainView.FirstResponseTargetSource, plainView.SlaDueAt));

        await silo.AdvanceAsync(TimeSpan.FromSeconds(21));
        var alert = await Published.Next<SupervisorAlert>(workspace);
        Assert.Equal(("sla-breached", outage.ConversationId), (alert.Kind, alert.ConversationId));
        Assert.False((await world.Conversation(plain.ConversationId).Get()).SlaBreached);

        await silo.AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(plain.ConversationId, (await Published.Next<SupervisorAlert>(workspace)).ConversationId);
        var timeline = await world.Conversation(outage.ConversationId).GetTimeline();
        Assert.Equal(TimeSpan.FromSeconds(20), timeline[0].FirstResponseTarget); // what the statistics measure against
    }

    [Fact]
    public async Task The_rules_priority_orders_the_queue_and_an_explicit_higher_intake_priority_is_kept()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var spam = new EntryRule("support") { Topics = ["newsletter"], Priority = Priority.Low };
        var world = await Support(silo, null, Outage, spam);
        var first = await world.Intake("first");
        var newsletter = await world.Intake("newsletter", topic: "newsletter");
        var crmVip = await world.Intake("crm-vip", topic: "newsletter", priority: Priority.Vip);
        var outage = await world.Intake("outage", topic: "outage");

        Assert.Equal([outage.ConversationId, crmVip.ConversationId, first.ConversationId, newsletter.ConversationId], (await world.Queues())["support"]);
        Assert.Equal(Priority.Urgent, (await world.Conversation(outage.ConversationId).Get()).Priority);
        Assert.Equal(Priority.Vip, (await world.Conversation(crmVip.ConversationId).Get()).Priority);
        Assert.Equal(Priority.Low, (await world.Conversation(newsletter.ConversationId).Get()).Priority);

        await world.Online("ann");
        await world.Settle();
        Assert.Equal(outage.ConversationId, (await world.Operator("ann").GetSnapshot()).Active.Single().ConversationId);
    }

    [Fact]
    public async Task A_department_without_a_target_gets_its_channels_default_and_a_later_rule_change_keeps_a_running_dialogs_deadline()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo, null);
        var opened = silo.Time.GetUtcNow();
        var chat = await world.Intake("chat");
        var mail = await world.Intake("mail@example.com", channel: Channel.Email);

        var chatView = await world.Conversation(chat.ConversationId).Get();
        Assert.Equal((TimeSpan.FromSeconds(60), ResponseTargetSource.ChannelDefault, opened + TimeSpan.FromSeconds(60)),
            (chatView.FirstResponseTarget, chatView.FirstResponseTargetSource, chatView.SlaDueAt));
        Assert.Equal(opened + TimeSpan.FromHours(4), (await world.Conversation(mail.ConversationId).Get()).SlaDueAt);

        // A tighter rule and department target later: the running dialog keeps its 60 s, a new one gets the new terms.
        await world.Workspace.SetEntryRouting(new EntryRouting("support") { Rules = [new EntryRule("support") { FirstResponseTarget = TimeSpan.FromSeconds(5) }] });
        await world.Workspace.ConfigureDepartment("support", new DepartmentConfig { FirstResponseTarget = TimeSpan.FromSeconds(10) });
        var later = await world.Intake("later");
        await silo.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.True((await world.Conversation(later.ConversationId).Get()).SlaBreached);
        chatView = await world.Conversation(chat.ConversationId).Get();
        Assert.Equal((TimeSpan.FromSeconds(60), opened + TimeSpan.FromSeconds(60), false), (chatView.FirstResponseTarget, chatView.SlaDueAt, chatView.SlaBreached));
    }

    [Fact]
    public async Task A_bot_first_dialogs_first_response_clock_starts_at_the_handover_to_humans()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("support", new DepartmentConfig { BotFirst = true });
        world.Departments.Add("support");
        var dialog = await world.Intake("c1");
        var view = await world.Conversation(dialog.ConversationId).Get();
        Assert.Equal((ConversationStatus.Bot, TimeSpan.FromSeconds(60), (DateTimeOffset?)null), (view.Status, view.FirstResponseTarget, view.SlaDueAt));

        await silo.AdvanceAsync(TimeSpan.FromMinutes(5)); // the bot talks: nobody waits for a human yet
        await world.Control(dialog.ConversationId).HandOverFromBot("needs a human");
        var handedOver = silo.Time.GetUtcNow();
        Assert.Equal(handedOver + TimeSpan.FromSeconds(60), (await world.Conversation(dialog.ConversationId).Get()).SlaDueAt);
        await silo.AdvanceAsync(TimeSpan.FromSeconds(61));
        Assert.True((await world.Conversation(dialog.ConversationId).Get()).SlaBreached);
    }

    [Fact]
    public async Task Entry_rules_with_an_invalid_target_or_priority_are_refused_and_change_nothing()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo, null, Outage);
        var tooShort = new EntryRouting("support") { Rules = [Outage with { FirstResponseTarget = TimeSpan.FromMilliseconds(500) }] };
        var unknown = new EntryRouting("support") { Rules = [Outage with { Priority = (Priority)99 }] };

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => world.Workspace.SetEntryRouting(tooShort));
        Assert.Contains("rule 0: first response target must be at least 1 s", refused.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => world.Workspace.SetEntryRouting(unknown));
        Assert.Equal(TimeSpan.FromSeconds(20), (await world.Workspace.GetEntryConfig()).Routing.Rules.Single().FirstResponseTarget);
    }
}
