using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Routing.GrainInterfaces.Events;
using Routing.GrainInterfaces;
using Routing.Grains.Hosting;
using Routing.Grains.State;

namespace Routing.Grains.Tests.Grains;

/// <summary>
/// R14 in the operator grain: shift starts and ends from the schedule's durable deadline, the grace period and handover,
/// lateness alerts, time zones and DST, and restarts. Time is manual; <see cref="At"/> moves it to one instant and waits
/// until every operator has handled what fell due (a grain runs requests in arrival order), so each transition is seen at
/// its own instant.
/// </summary>
public sealed class WorkScheduleTests : IDisposable
{
    // 2026-01-05 is a Monday; Berlin springs forward 2026-03-29 01:00Z (02:00 CET -> 03:00 CEST).
    private static readonly DateTimeOffset Monday0850 = Utc(2026, 1, 5, 8, 50);

    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    private static WorkSchedule Shift(string zone, DayOfWeek day, int hour, double hours, TimeSpan? grace = null, TimeSpan? lateAfter = null) => new()
    {
        TimeZoneId = zone,
        Shifts = [new WeeklyShift(day, new TimeOnly(hour, 0), TimeSpan.FromHours(hours))],
        GracePeriod = grace ?? TimeSpan.Zero,
        LatenessAlertAfter = lateAfter,
    };

    /// <summary>
    /// The test silo with a deadline window beyond every test's span, so a deadline hours ahead fires at its instant, and
    /// no idle collection: after a jump of hours an idle deactivation may still be under way when the test stops the silo,
    /// and the stop's own deactivation request, queued behind it, is then re-routed and fails the stop (a runtime race,
    /// unrelated to schedules).
    /// </summary>
    private static Task<TestSilo> Start(string databasePath, FakeTimeProvider time) =>
        TestSilo.StartAsync(silo =>
            {
                silo.AddRoutingGrains(new RoutingGrainsOptions { DeadlineWindow = TimeSpan.FromDays(30) });
                silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromDays(30));
            },
            s => s.AddSqliteGrainStorage(o => o.DatabasePath = databasePath), time);

    private static async Task<RoutingWorld> Support(TestSilo silo, params (string Id, int Capacity)[] operators)
    {
        var world = new RoutingWorld(silo.Factory);
        await world.AddDepartment("support");
        foreach (var (id, capacity) in operators) await world.AddOperator(id, capacity, "support");
        return world;
    }

    /// <summary>
    /// Moves the clock to <paramref name="instant"/> and waits until every operator handled the deadlines due by then.
    /// Routing settles first, so no call is left in flight while the clock jumps past its timeout.
    /// </summary>
    private static async Task At(TestSilo silo, RoutingWorld world, DateTimeOffset instant)
    {
        await world.Settle();
        silo.Time.SetUtcNow(instant);
        await silo.DeadlinesAtRest();
        await world.Settle();
    }

    private static async Task<OperatorStatus> StatusOf(RoutingWorld world, string id) => (await world.Operator(id).GetSnapshot()).Status;

    private static async Task<(OperatorStatus, int)> StatusAndLoad(RoutingWorld world, string id)
    {
        var snapshot = await world.Operator(id).GetSnapshot();
        return (snapshot.Status, snapshot.Load);
    }

    private static List<T> Drain<T>(GrainEventSubscription events)
    {
        var found = new List<T>();
        while (events.Reader.TryRead(out var e))
            if (e.Payload is T payload) found.Add(payload);
        return found;
    }

    [Fact]
    public async Task At_shift_start_the_operator_goes_online_by_themselves_and_takes_the_waiting_dialog_at_once()
    {
        await using var silo = await Start(_database.DatabasePath, new FakeTimeProvider(Monday0850));
        var world = await Support(silo, ("ann", 1));
        var waiting = await world.Intake("c1");
        var set = await world.Operator("ann").SetSchedule(Shift("UTC", DayOfWeek.Monday, 9, 8));
        Assert.Equal((OperatorStatus.Offline, (DateTimeOffset?)null), (set.Status, set.ShiftEndsAt));
        Assert.NotNull(set.Schedule);

        await At(silo, world, Utc(2026, 1, 5, 8, 59, 59));
        Assert.Equal(OperatorStatus.Offline, await StatusOf(world, "ann"));

        await At(silo, world, Utc(2026, 1, 5, 9, 0));
        var ann = await world.Operator("ann").GetSnapshot();
        Assert.Equal((OperatorStatus.Online, Utc(2026, 1, 5, 9, 0), Utc(2026, 1, 5, 17, 0)), (ann.Status, ann.AvailableSince, ann.ShiftEndsAt));
        await Eventually.True(async () => (await world.Conversation(waiting.ConversationId).Get()).OperatorId == "ann", "the waiting dialog went to ann");

        await At(silo, world, Utc(2026, 1, 5, 17, 0));
        await Eventually.True(async () => (await world.Operator("ann").GetSnapshot()) is { Status: OperatorStatus.Offline, Load: 0 }, "handed over at shift end");
    }

    [Fact]
    public async Task At_shift_end_without_grace_open_dialogs_go_back_ahead_in_the_queue_with_their_wait_and_on_to_a_colleague()
    {
        await using var silo = await Start(_database.DatabasePath, new FakeTimeProvider(Utc(2026, 1, 5, 8, 58)));
        var world = await Support(silo, ("ann", 2), ("bob", 1));
        Assert.Equal(OperatorStatus.Online, (await world.Operator("ann").SetSchedule(Shift("UTC", DayOfWeek.Monday, 8, 1))).Status);
        var first = await world.Intake("c1");
        await silo.AdvanceAsync(TimeSpan.FromSeconds(10));
        var second = await world.Intake("c2");
        Assert.Equal(("ann", "ann"), (first.OperatorId, second.OperatorId));
        await world.Online("bob");
        var bobs = await world.Intake("c3");
        Assert.Equal("bob", bobs.OperatorId);
        await At(silo, world, Utc(2026, 1, 5, 8, 59));
        var newer = await world.Intake("c4"); // everyone is full: it waits
        Assert.Null(newer.OperatorId);

        await At(silo, world, Utc(2026, 1, 5, 9, 0));
        await Eventually.True(async () => (await world.Operator("ann").GetSnapshot()) is { Status: OperatorStatus.Offline, Load: 0 }, "ann offline once both dialogs left");
        await Eventually.True(async () => (await world.Department("support").GetWaiting()).Count == 3, "both dialogs back in the queue");
        var queue = await world.Department("support").GetWaitingDialogs();
        Assert.Equal([first.ConversationId, second.ConversationId, newer.ConversationId], queue.Select(d => d.ConversationId));
        Assert.Equal([Utc(2026, 1, 5, 8, 58), Utc(2026, 1, 5, 8, 58, 10)], queue.Take(2).Select(d => d.WaitingSince));
        Assert.Contains(await world.Conversation(first.ConversationId).GetTimeline(), e => e.Kind == "shift-ended");

        await world.Close(bobs.ConversationId, "operator");
        await world.Settle();
        Assert.Equal("bob", (await world.Conversation(first.ConversationId).Get()).OperatorId);
        Assert.Equal([second.ConversationId, newer.ConversationId], await world.Department("support").GetWaiting());
    }

    [Fact]
    public async Task During_the_grace_period_the_operator_wraps_up_without_new_dialogs_and_the_rest_is_handed_over_at_its_end()
    {
        await using var silo = await Start(_database.DatabasePath, new FakeTimeProvider(Utc(2026, 1, 5, 8, 58)));
        var world = await Support(silo, ("ann", 3), ("bob", 1));
        await world.Operator("ann").SetSchedule(Shift("UTC", DayOfWeek.Monday, 8, 1, grace: TimeSpan.FromMinutes(5)));
        var vip = await world.Intake("vip");
        await world.Customer(vip.CustomerId).SetPersonalManager("ann");
        var other = await world.Intake("c2");
        Assert.Equal(("ann", "ann"), (vip.OperatorId, other.OperatorId));

        await At(silo, world, Utc(2026, 1, 5, 9, 0));
        var ann = await world.Operator("ann").GetSnapshot();
        Assert.Equal((OperatorStatus.WrappingUp, 2, Utc(2026, 1, 5, 9, 5)), (ann.Status, ann.Load, ann.HandOverAt));
        await world.Close(vip.ConversationId, "operator");
        Assert.Equal((OperatorStatus.WrappingUp, 1), await StatusAndLoad(world, "ann"));

        // Ann has room and is this customer's manager, but wraps up: the dialog is neither hers nor held for her.
        var again = await world.Intake("vip", "me again");
        Assert.Null(again.OperatorId);
        Assert.Null(Assert.Single(await world.Department("support").GetWaitingDialogs()).HeldFor);

        await At(silo, world, Utc(2026, 1, 5, 9, 4, 59));
        Assert.Equal((OperatorStatus.WrappingUp, 1), await StatusAndLoad(world, "ann"));

        await At(silo, world, Utc(2026, 1, 5, 9, 5));
        await Eventually.True(async () => (await world.Operator("ann").GetSnapshot()) is { Status: OperatorStatus.Offline, Load: 0 }, "handed over at the grace end");
        await Eventually.True(async () => (await world.Department("support").GetWaiting()).Count == 2, "back in the queue");
        Assert.Equal([other.ConversationId, again.ConversationId], await world.Department("support").GetWaiting());
        await world.Online("bob");
        await world.Settle();
        Assert.Equal("bob", (await world.Conversation(other.ConversationId).Get()).OperatorId);
    }

    [Fact]
    public async Task An_operator_who_closes_their_last_dialog_during_the_grace_period_goes_offline_at_once()
    {
        await using var silo = await Start(_database.DatabasePath, new FakeTimeProvider(Utc(2026, 1, 5, 8, 58)));
        var world = await Support(silo, ("ann", 2));
        await world.Operator("ann").SetSchedule(Shift("UTC", DayOfWeek.Monday, 8, 1, grace: TimeSpan.FromMinutes(5)));
        var dialog = await world.Intake("c1");
        await At(silo, world, Utc(2026, 1, 5, 9, 0));
        Assert.Equal(OperatorStatus.WrappingUp, await StatusOf(world, "ann"));

        await At(silo, world, Utc(2026, 1, 5, 9, 2));
        await world.Close(dialog.ConversationId, "operator");
        var ann = await world.Operator("ann").GetSnapshot();
        Assert.Equal((OperatorStatus.Offline, 0, (DateTimeOffset?)null), (ann.Status, ann.Load, ann.HandOverAt));

        await At(silo, world, Utc(2026, 1, 5, 9, 10)); // the handover has nothing left to do
        Assert.Equal(OperatorStatus.Offline, await StatusOf(world, "ann"));
    }

    [Fact]
    public async Task Going_online_by_hand_during_the_grace_period_is_overtime_and_keeps_the_dialogs()
    {
        await using var silo = await Start(_database.DatabasePath, new FakeTimeProvider(Utc(2026, 1, 5, 8, 58)));
        var world = await Support(silo, ("ann", 2));
        await world.Operator("ann").SetSchedule(Shift("UTC", DayOfWeek.Monday, 8, 1, grace: TimeSpan.FromMinutes(5)));
        var dialog = await world.Intake("c1");
        await At(silo, world, Utc(2026, 1, 5, 9, 0));
        await Assert.ThrowsAsync<ArgumentException>(() => world.Operator("ann").SetStatus(OperatorStatus.WrappingUp));
        await Assert.ThrowsAsync<InvalidOperationException>(() => world.Operator("ann").SetStatus(OperatorStatus.Offline)); // still refused by hand

        await world.Online("ann");
        await At(silo, world, Utc(2026, 1, 5, 9, 10));
        var ann = await world.Operator("ann").GetSnapshot();
        Assert.Equal((OperatorStatus.Online, 1, (DateTimeOffset?)null), (ann.Status, ann.Load, ann.HandOverAt));
        Assert.Equal("ann", (await world.Conversation(dialog.ConversationId).Get()).OperatorId);
    }

    [Fact]
    public async Task Away_set_by_hand_before_the_shift_wins_at_its_start_until_the_shift_ends_and_offline_set_by_hand_does_not()
    {
        await using var silo = await Start(_database.DatabasePath, new FakeTimeProvider(Monday0850));
        var world = await Support(silo, ("ann", 1), ("bob", 1));
        var schedule = new WorkSchedule
        {
            Shifts = [new WeeklyShift(DayOfWeek.Monday, new TimeOnly(9, 0), TimeSpan.FromHours(8)), new WeeklyShift(DayOfWeek.Tuesday, new TimeOnly(9, 0), TimeSpan.FromHours(8))],
        };
        await world.Operator("ann").SetSchedule(schedule);
        await world.Operator("bob").SetSchedule(schedule);
        await world.Operator("ann").SetStatus(OperatorStatus.Away);
        await world.Online("bob");
        await world.Operator("bob").SetStatus(OperatorStatus.Offline); // off shift everyone is offline: says nothing about the shift

        await At(silo, world, Utc(2026, 1, 5, 9, 0));
        Assert.Equal((OperatorStatus.Away, OperatorStatus.Online), (await StatusOf(world, "ann"), await StatusOf(world, "bob")));
        Assert.Equal(Utc(2026, 1, 5, 17, 0), (await world.Operator("ann").GetSnapshot()).ShiftEndsAt);

        await At(silo, world, Utc(2026, 1, 5, 17, 0));
        Assert.Equal((OperatorStatus.Offline, OperatorStatus.Offline), (await StatusOf(world, "ann"), await StatusOf(world, "bob")));
        await At(silo, world, Utc(2026, 1, 6, 9, 0));
        Assert.Equal((OperatorStatus.Online, OperatorStatus.Online), (await StatusOf(world, "ann"), await StatusOf(world, "bob")));
    }

    [Fact]
    public async Task Supervisors_are_alerted_of_an_operator_not_online_after_the_lateness_delay_and_not_of_one_online_in_time()
    {
        await using var silo = await Start(_database.DatabasePath, new FakeTimeProvider(Monday0850));
        var world = await Support(silo, ("ann", 1), ("bob", 1), ("carl", 1));
        var schedule = Shift("UTC", DayOfWeek.Monday, 9, 8, lateAfter: TimeSpan.FromMinutes(10));
        foreach (var op in world.Operators) await world.Operator(op).SetSchedule(schedule);
        await world.Operator("ann").SetStatus(OperatorStatus.Away);
        await world.Operator("bob").SetStatus(OperatorStatus.Away);
        using var workspace = silo.Events().Subscribe("workspace:" + world.WorkspaceId);
        using var annTopic = silo.Events().Subscribe("operator:" + RoutingKeys.Operator(world.WorkspaceId, "ann"));

        await At(silo, world, Utc(2026, 1, 5, 9, 5));
        await world.Online("bob"); // late, but within the delay; carl went online by himself
        await At(silo, world, Utc(2026, 1, 5, 9, 9, 59));
        Assert.Empty(Drain<SupervisorAlert>(workspace));

        await At(silo, world, Utc(2026, 1, 5, 9, 10));
        var alert = Assert.Single(Drain<SupervisorAlert>(workspace));
        Assert.Equal(("late", "ann", (string?)null, (string?)null), (alert.Kind, alert.OperatorId, alert.ConversationId, alert.DepartmentId));
        Assert.Equal(alert, Assert.Single(Drain<SupervisorAlert>(annTopic)));
    }

    [Fact]
    public async Task A_night_shift_across_the_spring_DST_change_ends_at_its_wall_clock_time_an_hour_early_in_UTC()
    {
        // Saturday 22:00 CET (21:00Z) for 8 h of wall clock: ends Sunday 06:00 CEST, 04:00Z, after 7 real hours.
        await using var silo = await Start(_database.DatabasePath, new FakeTimeProvider(Utc(2026, 3, 28, 20, 50)));
        var world = await Support(silo, ("ann", 1));
        await world.Operator("ann").SetSchedule(Shift("Europe/Berlin", DayOfWeek.Saturday, 22, 8));

        await At(silo, world, Utc(2026, 3, 28, 20, 59, 59));
        Assert.Equal(OperatorStatus.Offline, await StatusOf(world, "ann"));
        await At(silo, world, Utc(2026, 3, 28, 21, 0));
        Assert.Equal(OperatorStatus.Online, await StatusOf(world, "ann"));
        await At(silo, world, Utc(2026, 3, 29, 3, 59, 59));
        Assert.Equal(OperatorStatus.Online, await StatusOf(world, "ann"));
        await At(silo, world, Utc(2026, 3, 29, 4, 0));
        Assert.Equal(OperatorStatus.Offline, await StatusOf(world, "ann"));
    }

    [Fact]
    public async Task A_shift_across_midnight_runs_into_the_next_day()
    {
        // Friday 22:00 in New York (EST, 03:00Z Saturday) for 4 h: until Saturday 02:00 local, 07:00Z.
        await using var silo = await Start(_database.DatabasePath, new FakeTimeProvider(Utc(2026, 1, 10, 2, 50)));
        var world = await Support(silo, ("ann", 1));
        await world.Operator("ann").SetSchedule(Shift("America/New_York", DayOfWeek.Friday, 22, 4));

        await At(silo, world, Utc(2026, 1, 10, 2, 59, 59));
        Assert.Equal(OperatorStatus.Offline, await StatusOf(world, "ann"));
        await At(silo, world, Utc(2026, 1, 10, 3, 0));
        Assert.Equal((OperatorStatus.Online, (DateTimeOffset?)Utc(2026, 1, 10, 7, 0)), (await StatusOf(world, "ann"), (await world.Operator("ann").GetSnapshot()).ShiftEndsAt));
        await At(silo, world, Utc(2026, 1, 10, 6, 59, 59));
        Assert.Equal(OperatorStatus.Online, await StatusOf(world, "ann"));
        await At(silo, world, Utc(2026, 1, 10, 7, 0));
        Assert.Equal(OperatorStatus.Offline, await StatusOf(world, "ann"));
    }

    [Fact]
    public async Task Two_operators_in_different_zones_take_turns_in_one_department_and_the_dialog_follows_the_sun()
    {
        // Monday 09:00-17:00 local: Berlin (CET) 08:00Z-16:00Z, New York (EST) 14:00Z-22:00Z.
        await using var silo = await Start(_database.DatabasePath, new FakeTimeProvider(Utc(2026, 1, 5, 7, 50)));
        var world = await Support(silo, ("berlin", 1), ("newyork", 1));
        await world.Operator("berlin").SetSchedule(Shift("Europe/Berlin", DayOfWeek.Monday, 9, 8));
        await world.Operator("newyork").SetSchedule(Shift("America/New_York", DayOfWeek.Monday, 9, 8));

        await At(silo, world, Utc(2026, 1, 5, 8, 0));
        Assert.Equal((OperatorStatus.Online, OperatorStatus.Offline), (await StatusOf(world, "berlin"), await StatusOf(world, "newyork")));
        await At(silo, world, Utc(2026, 1, 5, 8, 30));
        var dialog = await world.Intake("c1");
        Assert.Equal("berlin", dialog.OperatorId);

        await At(silo, world, Utc(2026, 1, 5, 14, 0));
        Assert.Equal((OperatorStatus.Online, OperatorStatus.Online), (await StatusOf(world, "berlin"), await StatusOf(world, "newyork")));
        await At(silo, world, Utc(2026, 1, 5, 16, 0));
        await Eventually.True(async () => (await world.Conversation(dialog.ConversationId).Get()).OperatorId == "newyork", "handed to the New York colleague");
        Assert.Equal(OperatorStatus.Offline, await StatusOf(world, "berlin"));

        await At(silo, world, Utc(2026, 1, 5, 22, 0));
        await Eventually.True(async () => (await world.Operator("newyork").GetSnapshot()) is { Status: OperatorStatus.Offline, Load: 0 }, "New York off at 17:00 EST");
        await Eventually.True(async () => (await world.Department("support").GetWaiting()).SequenceEqual([dialog.ConversationId]), "nobody left: it waits");
    }

    [Fact]
    public async Task A_shift_start_that_fell_due_during_a_crash_happens_once_after_the_restart()
    {
        var time = new FakeTimeProvider(Monday0850);
        var silo = await Start(_database.DatabasePath, time);
        var world = await Support(silo, ("ann", 1));
        var waiting = await world.Intake("c1");
        var schedule = Shift("UTC", DayOfWeek.Monday, 9, 8) with
        {
            Exceptions = [ScheduleException.DayOff(new DateOnly(2026, 1, 12)), ScheduleException.ExtraShift(new DateOnly(2026, 1, 10), new TimeOnly(10, 0), TimeSpan.FromHours(2))],
        };
        await world.Operator("ann").SetSchedule(schedule);
        await silo.CrashAsync();

        time.SetUtcNow(Utc(2026, 1, 5, 9, 5)); // the start fell due while nothing ran
        await using var restarted = await Start(_database.DatabasePath, time);
        world.Factory = restarted.Factory;
        using var annTopic = restarted.Events().Subscribe("operator:" + RoutingKeys.Operator(world.WorkspaceId, "ann"));
        await At(restarted, world, Utc(2026, 1, 5, 9, 5)); // overdue deadlines fire at once
        await Eventually.True(async () => (await world.Conversation(waiting.ConversationId).Get()).OperatorId == "ann", "started after the restart");
        var ann = await world.Operator("ann").GetSnapshot();
        Assert.Equal(Utc(2026, 1, 5, 9, 5), ann.AvailableSince);
        Assert.Equal(schedule.Exceptions, ann.Schedule!.Exceptions); // the schedule came back from storage whole

        await At(restarted, world, Utc(2026, 1, 5, 9, 30));
        Assert.Single(Drain<OperatorChanged>(annTopic), c => c.Kind == "shift-start");
        Assert.Equal(OperatorStatus.Online, await StatusOf(world, "ann"));
    }

    [Fact]
    public async Task A_handover_that_fell_due_during_a_crash_happens_once_after_the_restart()
    {
        var time = new FakeTimeProvider(Utc(2026, 1, 5, 8, 58));
        var silo = await Start(_database.DatabasePath, time);
        var world = await Support(silo, ("ann", 1), ("bob", 1));
        await world.Operator("ann").SetSchedule(Shift("UTC", DayOfWeek.Monday, 8, 1, grace: TimeSpan.FromMinutes(5)));
        var dialog = await world.Intake("c1");
        Assert.Equal("ann", dialog.OperatorId);
        await world.Online("bob");
        await At(silo, world, Utc(2026, 1, 5, 9, 0));
        Assert.Equal(OperatorStatus.WrappingUp, await StatusOf(world, "ann"));
        await silo.CrashAsync();

        time.SetUtcNow(Utc(2026, 1, 5, 9, 6)); // the handover fell due while nothing ran
        await using var restarted = await Start(_database.DatabasePath, time);
        world.Factory = restarted.Factory;
        Assert.Equal(OperatorStatus.WrappingUp, await StatusOf(world, "ann"));
        await At(restarted, world, Utc(2026, 1, 5, 9, 6));
        await Eventually.True(async () => (await world.Conversation(dialog.ConversationId).Get()).OperatorId == "bob", "handed over after the restart");
        await Eventually.True(async () => await StatusOf(world, "ann") == OperatorStatus.Offline, "ann offline once empty");

        await At(restarted, world, Utc(2026, 1, 5, 9, 10)); // past any re-check
        Assert.Single(await world.Conversation(dialog.ConversationId).GetTimeline(), e => e.Kind == "shift-ended");
        Assert.Equal("bob", (await world.Conversation(dialog.ConversationId).Get()).OperatorId);
    }

    [Fact]
    public async Task A_bad_schedule_is_rejected_and_changes_nothing_and_null_removes_the_schedule()
    {
        await using var silo = await Start(_database.DatabasePath, new FakeTimeProvider(Monday0850));
        var world = await Support(silo, ("ann", 1));
        var good = Shift("UTC", DayOfWeek.Monday, 9, 8);
        var before = await world.Operator("ann").SetSchedule(good);

        WorkSchedule[] bad =
        [
            good with { TimeZoneId = "Mars/Olympus_Mons" },
            good with { Shifts = [new WeeklyShift(DayOfWeek.Monday, new TimeOnly(9, 0), TimeSpan.FromHours(25))] },
            good with { GracePeriod = TimeSpan.FromMinutes(-1) },
            good with { Shifts = [.. Enum.GetValues<DayOfWeek>().Select(d => new WeeklyShift(d, new TimeOnly(0, 0), TimeSpan.FromHours(24)))] },
            good with { Shifts = null! },
        ];
        foreach (var schedule in bad)
            await Assert.ThrowsAsync<ArgumentException>(() => world.Operator("ann").SetSchedule(schedule));
        var after = await world.Operator("ann").GetSnapshot();
        Assert.Equal((before.Version, before.Status), (after.Version, after.Status));
        Assert.Equal(good.TimeZoneId, after.Schedule!.TimeZoneId);
        Assert.Equal(good.Shifts, after.Schedule.Shifts);

        // Without a schedule the 09:00 deadline finds nothing to do.
        Assert.Null((await world.Operator("ann").SetSchedule(null)).Schedule);
        await At(silo, world, Utc(2026, 1, 5, 9, 0));
        Assert.Equal(OperatorStatus.Offline, await StatusOf(world, "ann"));
    }
}
