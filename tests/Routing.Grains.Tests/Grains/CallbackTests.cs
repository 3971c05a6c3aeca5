using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Grains;

/// <summary>
/// Issue 15: callback requests. Each attempt is a voice dialog routed when due (it takes the whole operator); the window
/// holds attempts back and ends the request; outcomes end it or retry it per the department's settings, on durable deadlines.
/// </summary>
public sealed class CallbackTests : IDisposable
{
    private const string Phone = "+4930123456";
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static readonly CallbackSettings TwoTries = new() { MaxAttempts = 2, RetryDelay = TimeSpan.FromMinutes(10) };

    /// <summary>"support" with <paramref name="settings"/>; ann (capacity 3) online unless <paramref name="online"/> is false.</summary>
    private static async Task<RoutingWorld> Support(TestSilo silo, CallbackSettings? settings = null, bool online = true)
    {
        var world = new RoutingWorld(silo.Factory);
        await world.Workspace.ConfigureDepartment("support", new DepartmentConfig { Callbacks = settings });
        world.Departments.Add("support");
        await world.AddOperator("ann", 3, "support");
        if (online) await world.Online("ann");
        return world;
    }

    private static ICallbackGrain Callback(RoutingWorld world, string id) =>
        world.Factory.GetGrain<ICallbackGrain>(RoutingKeys.Callback(world.WorkspaceId, id));

    private static string NewId() => CallbackIds.FromHash(Guid.NewGuid().ToString("N"));

    private static CallbackRequest Request(string customerId = "c-kim", string? fingerprint = "f1") =>
        new(customerId, Phone, CallbackOrigin.Channel) { DepartmentId = "support", Fingerprint = fingerprint ?? "" };

    [Fact]
    public async Task A_callback_due_now_is_a_voice_dialog_that_takes_the_whole_operator_until_they_record_reached()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        var callback = Callback(world, NewId());

        var view = await callback.Request(Request() with { Note = "about the invoice" });
        Assert.Equal((CallbackStatus.InProgress, "ann", 1), (view.Status, view.OperatorId, view.Attempts.Count));
        var dialog = await world.Conversation(view.ConversationId!).Get();
        Assert.Equal((Channel.Voice, Phone, ConversationStatus.Assigned, "c-kim"), (dialog.Channel, dialog.ExternalId, dialog.Status, dialog.CustomerId));
        var ann = await world.Operator("ann").GetSnapshot();
        Assert.Equal((true, 3), (ann.ActiveVoice, ann.Load)); // R5: a call takes the whole operator
        Assert.Null((await world.Intake("chatter")).OperatorId);

        var done = await callback.RecordOutcome("ann", dialog.ConversationId, CallbackOutcome.Reached, "sorted", null);
        Assert.Equal((CallbackStatus.Completed, "reached"), (done.Status, done.EndReason));
        Assert.Equal((CallbackOutcome.Reached, "ann", "sorted"), (done.Attempts[0].Outcome, done.Attempts[0].OperatorId, done.Attempts[0].Note));
        Assert.Equal(ConversationStatus.Closed, (await world.Conversation(dialog.ConversationId).Get()).Status);
        await world.Settle();
        Assert.False((await world.Operator("ann").GetSnapshot()).ActiveVoice); // free: the chat that waited gets her
    }

    [Fact]
    public async Task A_callback_asked_for_from_a_chat_is_told_once_in_the_chats_history()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        var chat = await world.Intake("kim");
        Assert.Equal("ann", chat.OperatorId);
        var start = new DateTimeOffset(silo.Time.GetUtcNow().UtcDateTime.Date.AddDays(1).AddHours(15), TimeSpan.Zero);
        var request = new CallbackRequest(chat.CustomerId, Phone, CallbackOrigin.Operator)
        {
            DepartmentId = "support", OriginConversationId = chat.ConversationId, RequestedBy = "ann", Fingerprint = "f1",
            WindowStart = start, WindowEnd = start.AddHours(1),
        };
        var id = NewId();

        await Callback(world, id).Request(request);
        await Callback(world, id).Request(request); // a retry after a lost answer

        var history = world.Conversation(chat.ConversationId);
        var note = Assert.Single(await history.GetMessages(1, 100), m => m.Author == MessageAuthor.System);
        Assert.Equal($"A callback to {Phone} was requested, between {start:yyyy-MM-dd} 15:00 and {start:yyyy-MM-dd} 16:00 UTC.", note.Text);
        var row = Assert.Single(await history.GetTimeline(), e => e.Kind == ConversationChangeKinds.CallbackRequested);
        Assert.Equal((id, "ann"), (row.Detail, row.OperatorId));
        var view = await history.Get();
        Assert.Equal((ConversationStatus.Assigned, true), (view.Status, view.Unanswered)); // not a reply: her clocks run on
    }

    [Fact]
    public async Task A_callback_waits_for_its_window_to_open()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        var callback = Callback(world, NewId());
        var now = silo.Time.GetUtcNow();

        var view = await callback.Request(Request() with { WindowStart = now + TimeSpan.FromHours(2), WindowEnd = now + TimeSpan.FromHours(4) });
        Assert.Equal((CallbackStatus.Scheduled, now + TimeSpan.FromHours(2)), (view.Status, view.NextAttemptAt));
        Assert.Equal(now + TimeSpan.FromHours(4), view.ExpiresAt);

        await silo.AdvanceAsync(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        Assert.Empty((await callback.Find())!.Attempts);
        await silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        var due = (await callback.Find())!;
        Assert.Equal((CallbackStatus.InProgress, "ann"), (due.Status, due.OperatorId));
        Assert.Equal(ConversationStatus.Assigned, (await world.Conversation(CallbackIds.AttemptConversation(due.CallbackId, 1)).Get()).Status);
    }

    [Fact]
    public async Task No_answer_retries_after_the_departments_delay_until_the_attempts_are_exhausted()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo, TwoTries);
        var callback = Callback(world, NewId());
        var first = await callback.Request(Request());

        var waiting = await callback.RecordOutcome("ann", first.ConversationId!, CallbackOutcome.NoAnswer, null, null);
        Assert.Equal((CallbackStatus.Scheduled, silo.Time.GetUtcNow() + TimeSpan.FromMinutes(10)), (waiting.Status, waiting.NextAttemptAt));
        await world.Settle();
        Assert.Equal(0, (await world.Operator("ann").GetSnapshot()).Load); // free between attempts

        await silo.AdvanceAsync(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Equal(CallbackStatus.Scheduled, (await callback.Find())!.Status);
        await silo.AdvanceAsync(TimeSpan.FromSeconds(1));
        var second = (await callback.Find())!;
        Assert.Equal((CallbackStatus.InProgress, "ann", CallbackIds.AttemptConversation(second.CallbackId, 2)), (second.Status, second.OperatorId, second.ConversationId));

        var failed = await callback.RecordOutcome("ann", second.ConversationId!, CallbackOutcome.Busy, null, null);
        Assert.Equal((CallbackStatus.Failed, "attempts-exhausted"), (failed.Status, failed.EndReason));
        Assert.Equal([CallbackOutcome.NoAnswer, CallbackOutcome.Busy], failed.Attempts.Select(a => a.Outcome!.Value));
        await silo.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal(2, (await callback.Find())!.Attempts.Count); // nothing more
    }

    [Fact]
    public async Task Retry_later_calls_at_the_customers_time_and_a_wrong_number_ends_it_at_once()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        var callback = Callback(world, NewId());
        var first = await callback.Request(Request());
        var at = silo.Time.GetUtcNow() + TimeSpan.FromHours(3);

        var later = await callback.RecordOutcome("ann", first.ConversationId!, CallbackOutcome.RetryLater, "in a meeting", at);
        Assert.Equal((CallbackStatus.Scheduled, at), (later.Status, later.NextAttemptAt));
        await silo.AdvanceAsync(TimeSpan.FromHours(3));
        var second = (await callback.Find())!;
        Assert.Equal(CallbackStatus.InProgress, second.Status);

        var wrong = await callback.RecordOutcome("ann", second.ConversationId!, CallbackOutcome.WrongNumber, null, null);
        Assert.Equal((CallbackStatus.Failed, "wrong-number"), (wrong.Status, wrong.EndReason));
    }

    [Fact]
    public async Task A_window_that_ends_before_anyone_is_free_expires_the_callback_and_withdraws_its_dialog()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo, online: false);
        var callback = Callback(world, NewId());
        var view = await callback.Request(Request() with { WindowEnd = silo.Time.GetUtcNow() + TimeSpan.FromMinutes(30) });
        Assert.Equal(CallbackStatus.Queued, view.Status);
        Assert.Contains(view.ConversationId!, (await world.Queues())["support"]); // supervisors see it waiting like any dialog

        await silo.AdvanceAsync(TimeSpan.FromMinutes(30));
        var expired = (await callback.Find())!;
        Assert.Equal((CallbackStatus.Expired, "window-passed"), (expired.Status, expired.EndReason));
        Assert.Equal(ConversationStatus.Closed, (await world.Conversation(view.ConversationId!).Get()).Status);
        await world.Settle();
        Assert.DoesNotContain(view.ConversationId!, (await world.Queues())["support"]);
    }

    [Fact]
    public async Task A_retry_that_would_fall_after_the_window_expires_the_callback()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo, TwoTries);
        var callback = Callback(world, NewId());
        var view = await callback.Request(Request() with { WindowEnd = silo.Time.GetUtcNow() + TimeSpan.FromMinutes(5) });

        var expired = await callback.RecordOutcome("ann", view.ConversationId!, CallbackOutcome.NoAnswer, null, null);
        Assert.Equal((CallbackStatus.Expired, "window-passed"), (expired.Status, expired.EndReason));
    }

    [Fact]
    public async Task A_dialog_closed_without_an_outcome_counts_as_an_unsuccessful_attempt()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo, TwoTries);
        var callback = Callback(world, NewId());
        var view = await callback.Request(Request());
        await world.Close(view.ConversationId!, "operator", heldBy: "ann");

        await silo.AdvanceAsync(CallbackGrainWatch);
        var after = (await callback.Find())!;
        Assert.Equal(CallbackStatus.Scheduled, after.Status);
        Assert.Equal((CallbackOutcome.ClosedWithoutOutcome, "ann"), (after.Attempts[0].Outcome, after.Attempts[0].OperatorId));
    }

    private static readonly TimeSpan CallbackGrainWatch = Routing.Grains.Grains.CallbackGrain.WatchEvery;

    [Fact]
    public async Task Outcomes_only_from_the_operator_holding_the_attempt_and_a_repeat_answers_as_the_first()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        var callback = Callback(world, NewId());
        var view = await callback.Request(Request());
        var attempt = view.ConversationId!;

        Assert.Equal(RoutingRefusedException.NotAssigned,
            (await Assert.ThrowsAsync<RoutingRefusedException>(() => callback.RecordOutcome("bob", attempt, CallbackOutcome.Reached, null, null))).Code);
        Assert.Equal(RoutingRefusedException.NotACallback,
            (await Assert.ThrowsAsync<RoutingRefusedException>(() => callback.RecordOutcome("ann", "c-kim-1", CallbackOutcome.Reached, null, null))).Code);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            callback.RecordOutcome("ann", attempt, CallbackOutcome.NoAnswer, null, silo.Time.GetUtcNow() + TimeSpan.FromHours(1))); // retryAt: retry-later only
        await Assert.ThrowsAsync<ArgumentException>(() =>
            callback.RecordOutcome("ann", attempt, CallbackOutcome.RetryLater, null, silo.Time.GetUtcNow() - TimeSpan.FromMinutes(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => callback.RecordOutcome("ann", attempt, CallbackOutcome.ClosedWithoutOutcome, null, null));
        Assert.Equal(CallbackStatus.InProgress, (await callback.Find())!.Status); // nothing changed

        var first = await callback.RecordOutcome("ann", attempt, CallbackOutcome.Reached, null, null);
        Assert.Equal(first, await callback.RecordOutcome("ann", attempt, CallbackOutcome.Reached, null, null));
        Assert.Equal(RoutingRefusedException.NotAssigned,
            (await Assert.ThrowsAsync<RoutingRefusedException>(() => callback.RecordOutcome("ann", attempt, CallbackOutcome.NoAnswer, null, null))).Code);
    }

    [Fact]
    public async Task Bad_requests_create_nothing_and_a_repeat_is_answered_unless_it_differs()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo, online: false);
        var now = silo.Time.GetUtcNow();
        var callback = Callback(world, NewId());

        await Assert.ThrowsAsync<ArgumentException>(() => callback.Request(Request() with { Phone = "030 123456" }));
        await Assert.ThrowsAsync<ArgumentException>(() => callback.Request(Request() with { Phone = "+0123456789" }));
        await Assert.ThrowsAsync<ArgumentException>(() => callback.Request(Request() with { WindowStart = now + TimeSpan.FromHours(2), WindowEnd = now + TimeSpan.FromHours(1) }));
        await Assert.ThrowsAsync<ArgumentException>(() => callback.Request(Request() with { WindowEnd = now - TimeSpan.FromMinutes(1) }));
        await Assert.ThrowsAsync<ArgumentException>(() => callback.Request(Request() with { WindowEnd = now + TimeSpan.FromDays(31) }));
        Assert.Contains("unknown department", (await Assert.ThrowsAsync<ArgumentException>(() => callback.Request(Request() with { DepartmentId = "nope" }))).Message);
        Assert.Null(await callback.Find());

        var made = await callback.Request(Request());
        Assert.Equal(made.Attempts, (await callback.Request(Request())).Attempts); // the same request again: no second attempt
        Assert.Equal(RoutingRefusedException.IdempotencyKeyReused,
            (await Assert.ThrowsAsync<RoutingRefusedException>(() => callback.Request(Request(fingerprint: "other")))).Code);
    }

    [Fact]
    public async Task A_waiting_or_queued_callback_can_be_cancelled_but_not_one_an_operator_is_calling()
    {
        await using var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo, online: false);
        var queued = Callback(world, NewId());
        var view = await queued.Request(Request());
        var cancelled = await queued.Cancel("customer");
        Assert.Equal((CallbackStatus.Cancelled, "cancelled"), (cancelled.Status, cancelled.EndReason));
        Assert.Equal(ConversationStatus.Closed, (await world.Conversation(view.ConversationId!).Get()).Status);

        await world.Online("ann");
        var calling = Callback(world, NewId());
        await calling.Request(Request());
        Assert.Equal(RoutingRefusedException.CallbackInProgress, (await Assert.ThrowsAsync<RoutingRefusedException>(() => calling.Cancel("customer"))).Code);
    }

    [Fact]
    public async Task A_scheduled_callback_survives_a_silo_crash_and_is_queued_at_its_time()
    {
        var silo = await GrainTestSilo.StartAsync(_database.DatabasePath);
        var world = await Support(silo);
        var id = NewId();
        var now = silo.Time.GetUtcNow();
        await Callback(world, id).Request(Request() with { WindowStart = now + TimeSpan.FromHours(2) });
        await silo.CrashAsync();

        await using var restarted = await GrainTestSilo.StartAsync(_database.DatabasePath, silo.Time);
        world.Factory = restarted.Factory;
        Assert.Equal(CallbackStatus.Scheduled, (await Callback(world, id).Find())!.Status);
        await world.Online("ann");
        await restarted.AdvanceAsync(TimeSpan.FromHours(2));
        var due = (await Callback(world, id).Find())!;
        Assert.Equal((CallbackStatus.InProgress, "ann"), (due.Status, due.OperatorId));
    }
}
