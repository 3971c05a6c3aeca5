using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Policies;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>
/// The callback's one durable deadline, "due": while it waits, the time of its next attempt; while an attempt is live,
/// a watch that repairs a crash between steps (re-queues, closes a concluded attempt), notices the operator who took it
/// and a dialog closed without an outcome, and withdraws a still-queued attempt when the window ends.
/// </summary>
public sealed partial class CallbackGrain
{
    private const string DueDeadline = "due";

    /// <summary>How often a live attempt is looked at (a closed dialog without an outcome is noticed within this).</summary>
    public static readonly TimeSpan WatchEvery = TimeSpan.FromMinutes(1);

    // The store keeps instants to the microsecond: a deadline may come a tick before the time it was set for.
    private static readonly TimeSpan StoredPrecision = TimeSpan.FromMilliseconds(1);

    public async Task ReceiveDeadline(DeadlineTick tick)
    {
        if (tick.Name != DueDeadline || View is not { } view) return;
        if (view.IsFinal)
        {
            // Its last deadline: the close of its last dialog, should a crash have cut it short.
            if (view.Attempts.LastOrDefault() is { } ended) await CloseAttempt(ended, "callback");
            return;
        }
        var now = TimeProvider.GetUtcNow();
        switch (view.Status)
        {
            case CallbackStatus.Scheduled when view.NextAttemptAt > now + StoredPrecision:
                await ScheduleDeadlineAsync(DueDeadline, view.NextAttemptAt.Value); // an earlier deadline delivered late or again
                break;
            case CallbackStatus.Scheduled:
                if (view.Attempts.LastOrDefault() is { } last) await CloseAttempt(last, "operator"); // its close cut short by a crash
                if (now + StoredPrecision >= view.ExpiresAt) await Conclude(null, new CallbackDecision(CallbackStep.Expire, Reason: "window-passed"), CallbackChangeKinds.Expired);
                else await StartAttempt();
                break;
            default:
                await Watch(view, now);
                break;
        }
    }

    /// <summary>Queues the next attempt: recorded (with its watch armed) before its dialog opens, so a crash between is re-driven.</summary>
    private async Task StartAttempt()
    {
        var view = View!;
        var now = TimeProvider.GetUtcNow();
        var attempt = new CallbackAttempt(view.Attempts.Count + 1, CallbackIds.AttemptConversation(CallbackId, view.Attempts.Count + 1), now);
        await ScheduleDeadlineAsync(DueDeadline, WatchAt(now, view.ExpiresAt));
        state.State.View = view with
        {
            Status = CallbackStatus.Queued, NextAttemptAt = null, ConversationId = attempt.ConversationId, Attempts = [.. view.Attempts, attempt],
        };
        await state.WriteStateAsync();
        await QueueAttempt(attempt);
        Publish(CallbackChangeKinds.Queued);
    }

    /// <summary>Opens the attempt's voice dialog and queues it in the department; both idempotent, so the watch repeats them.</summary>
    private async Task<ConversationView> QueueAttempt(CallbackAttempt attempt)
    {
        var view = View!;
        // No chat clocks (Timers null): a rescue would take the call from an operator who is dialing, having written nothing.
        var dialog = await Conversation(attempt.ConversationId).Open(
            new OpenConversation(view.CustomerId, Channel.Voice, view.DepartmentId, Priority.Normal, FirstMessage(view, attempt))
            {
                ExternalId = view.Phone,
            });
        if (dialog.Status != ConversationStatus.Queued) return dialog;
        await Control(attempt.ConversationId).EnsureQueued(new EnqueueRequest(attempt.ConversationId, dialog.Priority, Channel.Voice, dialog.WaitingSince));
        return await Conversation(attempt.ConversationId).Get();
    }

    /// <summary>What the operator reads first in the attempt's dialog: whom to call, when, and why.</summary>
    private static string FirstMessage(CallbackView view, CallbackAttempt attempt)
    {
        var window = view.WindowStart is null && view.WindowEnd is null ? "" : $", between {view.WindowStart:O} and {view.WindowEnd:O}";
        var note = view.Note is null ? "" : $": {view.Note}";
        return $"Callback requested to {view.Phone}{window} (attempt {attempt.Number} of {view.MaxAttempts}){note}";
    }

    private async Task Watch(CallbackView view, DateTimeOffset now)
    {
        var attempt = view.Attempts[^1];
        if (attempt.Outcome is not null) return; // concluded (never the case in a live status)
        var dialog = await QueueAttempt(attempt);
        switch (dialog.Status)
        {
            case ConversationStatus.Closed: // an operator or a supervisor closed it without saying what came of the call
                await Conclude(attempt with { Outcome = CallbackOutcome.ClosedWithoutOutcome, OperatorId = dialog.OperatorId, RecordedAt = now },
                    CallbackPolicy.AfterOutcome(CallbackOutcome.ClosedWithoutOutcome, attempt.Number, state.State.Settings, view.WindowStart, view.ExpiresAt, now),
                    CallbackChangeKinds.Outcome);
                break;
            case ConversationStatus.Queued when now + StoredPrecision >= view.ExpiresAt:
                // Nobody was free within the window: withdrawn from the queue, with the reason.
                await ScheduleDeadlineAsync(DueDeadline, now + WatchEvery); // again, should the close fail
                await CloseAttempt(attempt, "callback-expired");
                await Conclude(attempt, new CallbackDecision(CallbackStep.Expire, Reason: "window-passed"), CallbackChangeKinds.Expired);
                break;
            default:
                // Queued or with an operator: the stored status follows the dialog (routing moves it without telling us).
                var live = dialog.Status is ConversationStatus.Offered or ConversationStatus.Assigned ? CallbackStatus.InProgress : CallbackStatus.Queued;
                var operatorId = live == CallbackStatus.InProgress ? dialog.OperatorId : null;
                await ScheduleDeadlineAsync(DueDeadline, live == CallbackStatus.Queued ? WatchAt(now, view.ExpiresAt) : now + WatchEvery);
                if (live == view.Status && operatorId == view.OperatorId) break;
                state.State.View = view with { Status = live, OperatorId = operatorId };
                await state.WriteStateAsync();
                Publish(live == CallbackStatus.InProgress ? CallbackChangeKinds.InProgress : CallbackChangeKinds.Queued);
                break;
        }
    }

    /// <summary>
    /// Records how <paramref name="attempt"/> ended and what follows: the next attempt's deadline (armed before the write),
    /// or the end with its reason (the deadline left armed: when it comes it closes the last dialog, should a crash have
    /// kept the caller from it).
    /// </summary>
    private async Task Conclude(CallbackAttempt? attempt, CallbackDecision decision, string kind, CallbackStatus? final = null)
    {
        var view = View!;
        var now = TimeProvider.GetUtcNow();
        var attempts = attempt is null ? view.Attempts : view.Attempts.Select(a => a.Number == attempt.Number ? attempt : a).ToList();
        view = view with { Attempts = attempts, ConversationId = null, OperatorId = null, NextAttemptAt = null };
        var waits = decision.Step is CallbackStep.WaitUntil or CallbackStep.AttemptNow;
        if (waits)
        {
            await ScheduleDeadlineAsync(DueDeadline, decision.At!.Value);
            view = view with { Status = CallbackStatus.Scheduled, NextAttemptAt = decision.At };
        }
        else
        {
            var status = final ?? decision.Step switch
            {
                CallbackStep.Complete => CallbackStatus.Completed,
                CallbackStep.Expire => CallbackStatus.Expired,
                _ => CallbackStatus.Failed,
            };
            view = view with { Status = status, EndReason = decision.Reason, EndedAt = now };
        }
        state.State.View = view;
        await state.WriteStateAsync();
        Publish(kind);
    }

    /// <summary>Closes an attempt's dialog unless it is closed already (idempotent; by the operator when they hold it).</summary>
    private async Task CloseAttempt(CallbackAttempt attempt, string by)
    {
        if (await Conversation(attempt.ConversationId).Find() is not { Status: not ConversationStatus.Closed }) return;
        await Control(attempt.ConversationId).Close(by, heldBy: null);
    }

    private static DateTimeOffset WatchAt(DateTimeOffset now, DateTimeOffset expiresAt) =>
        now + WatchEvery < expiresAt ? now + WatchEvery : expiresAt;
}
