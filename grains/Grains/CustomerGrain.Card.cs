using Routing.GrainInterfaces;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>
/// The customer card and an operator's status with a reminder (issue 15). The reminder's durable deadline is the
/// customer's; the operator's reminder list follows it. Call order: customer → operator reminders.
/// </summary>
public sealed partial class CustomerGrain : IDeadlineReceiver
{
    private const string ReminderDeadline = "reminder";

    public async Task<CustomerView> UpdateCard(CustomerCardUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var (card, problem) = S.Card.Apply(update, TimeProvider.GetUtcNow());
        if (problem is not null) throw new ArgumentException(problem, nameof(update));
        S.Card = card!;
        await state.WriteStateAsync();
        PublishCardChanged();
        return await Get();
    }

    public async Task<CustomerView> SetReminder(string operatorId, string status, string? note, DateTimeOffset remindAt, string? conversationId)
    {
        ArgumentException.ThrowIfNullOrEmpty(operatorId);
        var now = TimeProvider.GetUtcNow();
        // Deadlines keep whole seconds: the reminder says the second it is delivered at.
        var at = new DateTimeOffset(remindAt.UtcTicks - remindAt.UtcTicks % TimeSpan.TicksPerSecond, remindAt.Offset);
        if (CustomerReminder.Problem(status, note, at, now) is { } problem) throw new ArgumentException(problem);
        var replaced = S.Reminder;
        var reminder = new CustomerReminder(CustomerId, operatorId, status, at) { Note = note, ConversationId = conversationId, SetAt = now };
        // The deadline before the state: a crash between leaves a deadline that finds the older reminder (or none), never
        // a stored reminder without its deadline.
        await ScheduleDeadlineAsync(ReminderDeadline, at);
        S.Reminder = reminder;
        await state.WriteStateAsync();
        if (replaced is not null && replaced.OperatorId != operatorId) await Reminders(replaced.OperatorId).Forget(CustomerId);
        await Reminders(operatorId).Remember(reminder);
        PublishCardChanged();
        return await Get();
    }

    public async Task<bool> DismissReminder(string operatorId)
    {
        ArgumentException.ThrowIfNullOrEmpty(operatorId);
        if (S.Reminder is not { } reminder || reminder.OperatorId != operatorId)
        {
            // A retry after a crash that removed it here but not from their list: their list forgets it too.
            await Reminders(operatorId).Forget(CustomerId);
            return false;
        }
        S.Reminder = null;
        await state.WriteStateAsync();
        await CancelDeadlineAsync(ReminderDeadline); // a crash before this: the deadline comes and finds nothing
        await Reminders(operatorId).Forget(CustomerId);
        PublishCardChanged();
        return true;
    }

    /// <summary>The reminder fell due: marked due here, then in the operator's list, which tells their sessions. At least once.</summary>
    public async Task ReceiveDeadline(DeadlineTick tick)
    {
        if (tick.Name != ReminderDeadline || S.Reminder is not { } reminder) return;
        if (reminder.RemindAt > TimeProvider.GetUtcNow() + TimeSpan.FromSeconds(1))
        {
            await ScheduleDeadlineAsync(ReminderDeadline, reminder.RemindAt); // an older deadline of a replaced reminder
            return;
        }
        if (!reminder.Due)
        {
            S.Reminder = reminder with { Due = true };
            await state.WriteStateAsync();
            PublishCardChanged();
        }
        await Reminders(reminder.OperatorId).Due(S.Reminder);
    }

    /// <summary>The operators and supervisors following the open dialog see the card change.</summary>
    private void PublishCardChanged()
    {
        if (S.OpenConversationId is not { } conversationId) return;
        PublishEvent(new CustomerCardChanged(CustomerId, conversationId, S.Card, S.Reminder),
            RoutingTopics.Conversation(RoutingKeys.Conversation(WorkspaceId, conversationId)));
    }

    private IOperatorRemindersGrain Reminders(string operatorId) =>
        GrainFactory.GetGrain<IOperatorRemindersGrain>(RoutingKeys.OperatorReminders(WorkspaceId, operatorId));
}
