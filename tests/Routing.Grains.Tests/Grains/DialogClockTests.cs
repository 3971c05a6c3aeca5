using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

/// <summary>R13/R15 clocks of a dialog besides rescue: the first-response SLA, inactivity close, business hours.</summary>
public sealed class DialogClockTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static async Task<RoutingWorld> Support(TestSilo silo, DepartmentConfig config, bool annOnline = true)
    {
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("support", config);
        world.Departments.Add("support");
        await world.AddOperator("ann", 2, "support");
        if (annOnline) await world.Online("ann");
        return world;
    }

    [Fact]
    public async Task Each_dialog_knows_its_first_response_deadline_and_a_breach_is_recorded_once_and_alerted()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo, new DepartmentConfig { FirstResponseTarget = TimeSpan.FromMinutes(2) }, annOnline: false);
        using var workspace = silo.Events().Subscribe("workspace:" + world.WorkspaceId);
        var late = await world.Intake("late");
        var answered = await world.Intake("answered");
        Assert.Equal(silo.Time.GetUtcNow() + TimeSpan.FromMinutes(2), (await world.Conversation(late.ConversationId).Get()).SlaDueAt);

        await world.Online("ann");
        await world.Settle();
        await silo.AdvanceAsync(TimeSpan.FromSeconds(90));
        await world.Conversation(answered.ConversationId).AddOperatorMessage("ann", "hi");
        await silo.AdvanceAsync(TimeSpan.FromSeconds(30));

        var alert = await Published.Next<SupervisorAlert>(workspace);
        Assert.Equal(("sla-breached", late.ConversationId), (alert.Kind, alert.ConversationId));
        await silo.AdvanceAsync(TimeSpan.FromMinutes(5));
        await world.Settle();
        Assert.True((await world.Conversation(late.ConversationId).Get()).SlaBreached);
        Assert.Equal(1, (await world.Conversation(late.ConversationId).GetTimeline()).Count(e => e.Kind == "sla-breached"));
        var met = await world.Conversation(answered.ConversationId).Get();
        Assert.False(met.SlaBreached);
        Assert.Equal(silo.Time.GetUtcNow() - TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(30), met.FirstResponseAt);
        Assert.Empty(Published.Drain<SupervisorAlert>(workspace));
    }

    [Fact]
    public async Task A_dialog_whose_customer_went_quiet_after_the_reply_closes_and_frees_the_operator_but_a_waiting_customer_is_never_closed()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo, new DepartmentConfig { InactivityCloseAfter = TimeSpan.FromMinutes(10) });
        var quiet = await world.Intake("quiet");
        var waiting = await world.Intake("waiting"); // nobody answers this customer
        await silo.AdvanceAsync(TimeSpan.FromMinutes(1));
        await world.Conversation(quiet.ConversationId).AddOperatorMessage("ann", "anything else?");

        await silo.AdvanceAsync(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(59));
        await world.Settle();
        Assert.Equal(ConversationStatus.Assigned, (await world.Conversation(quiet.ConversationId).Get()).Status);
        await silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        // The close is the control grain's: closed first, then the operator freed, both once it finished.
        await Eventually.True(async () => (await world.Conversation(quiet.ConversationId).Get()).Status == ConversationStatus.Closed
            && (await world.Operator("ann").GetSnapshot()).Load == 1, "closed for inactivity and its operator freed");
        Assert.Equal("inactivity", (await world.Conversation(quiet.ConversationId).GetTimeline())[^1].Detail);
        Assert.Equal(1, (await world.Operator("ann").GetSnapshot()).Load);

        await silo.AdvanceAsync(TimeSpan.FromHours(1));
        await world.Settle();
        Assert.Equal(ConversationStatus.Assigned, (await world.Conversation(waiting.ConversationId).Get()).Status);
    }

    [Fact]
    public async Task Inactivity_restarts_from_the_customers_last_message_and_survives_a_crash()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo, new DepartmentConfig { InactivityCloseAfter = TimeSpan.FromMinutes(10) });
        var dialog = await world.Intake("chatty");
        await world.Conversation(dialog.ConversationId).AddOperatorMessage("ann", "hello");
        await silo.AdvanceAsync(TimeSpan.FromMinutes(8));
        await world.Intake("chatty", "one more thing");
        await world.Conversation(dialog.ConversationId).AddOperatorMessage("ann", "sure");
        await silo.CrashAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, silo.Time);
        world.Factory = restarted.Factory;
        await restarted.AdvanceAsync(TimeSpan.FromMinutes(5)); // 13 min after opening, 5 after the last exchange
        await world.Settle();
        Assert.Equal(ConversationStatus.Assigned, (await world.Conversation(dialog.ConversationId).Get()).Status);
        await restarted.AdvanceAsync(TimeSpan.FromMinutes(5));
        await Eventually.True(async () => (await world.Conversation(dialog.ConversationId).Get()).Status == ConversationStatus.Closed, "closed 10 min after the last exchange");
    }

    [Fact]
    public async Task Outside_business_hours_a_queued_dialog_hears_the_next_opening_and_becomes_an_offline_request_if_configured()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath); // Monday 2026-01-05 09:00 UTC = 10:00 Berlin
        var hours = new BusinessHours
        {
            TimeZoneId = "Europe/Berlin",
            Intervals = [new WeeklyInterval(DayOfWeek.Monday, new TimeOnly(12, 0), new TimeOnly(18, 0))],
        };
        var world = await Support(silo, new DepartmentConfig { Hours = hours, OfflineRequestsOutsideHours = true }, annOnline: false);
        using var events = silo.Events().Subscribe("conversation:" + RoutingKeys.Conversation(world.WorkspaceId, "c-Chat-early-1"));
        var early = await world.Intake("early");

        var told = Published.Drain<OutsideBusinessHours>(events).Single();
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 11, 0, 0, TimeSpan.Zero), told.NextOpening); // 12:00 in Berlin (UTC+1)
        Assert.True(told.OfflineRequest);
        var view = await world.Conversation(early.ConversationId).Get();
        Assert.Equal((ConversationStatus.Queued, true), (view.Status, view.OfflineRequest));

        await silo.AdvanceAsync(TimeSpan.FromHours(2));
        await world.Online("ann");
        await world.Settle();
        Assert.Equal("ann", (await world.Conversation(early.ConversationId).Get()).OperatorId);
    }

    [Fact]
    public async Task An_sla_deadline_passed_during_a_crash_is_recorded_after_the_restart()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo, new DepartmentConfig { FirstResponseTarget = TimeSpan.FromMinutes(2) }, annOnline: false);
        var late = await world.Intake("late");
        await silo.CrashAsync();

        await silo.AdvanceAsync(TimeSpan.FromMinutes(3));
        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, silo.Time);
        world.Factory = restarted.Factory;
        await restarted.DeadlinesAtRest(); // a deadline already due fires as soon as the restarted silo reads it
        await Eventually.True(async () => (await world.Conversation(late.ConversationId).Get()).SlaBreached, "breach recorded after the restart");
        Assert.Equal(1, (await world.Conversation(late.ConversationId).GetTimeline()).Count(e => e.Kind == "sla-breached"));
    }
}
