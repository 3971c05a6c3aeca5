using Routing.GrainInterfaces;
using Routing.Grains.State;

namespace Routing.Grains.Grains;

/// <summary>
/// The customer reminders one operator set (issue 15): what their console lists on connecting, pending and due. The
/// customers own the reminders and their deadlines and keep this list in step; a due one is told on the operator's topic.
/// </summary>
[GrainType("operator-reminders")]
public sealed class OperatorRemindersGrain(
    [PersistentState("operator-reminders")] IPersistentState<OperatorRemindersState> state) : RoutingGrain, IOperatorRemindersGrain
{
    private List<CustomerReminder> Reminders => state.State.Reminders;

    public async Task Remember(CustomerReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        if (Reminders.Find(r => r.CustomerId == reminder.CustomerId) == reminder) return;
        Reminders.RemoveAll(r => r.CustomerId == reminder.CustomerId);
        Reminders.Add(reminder);
        await state.WriteStateAsync();
    }

    public async Task Due(CustomerReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var due = reminder with { Due = true };
        if (Reminders.Find(r => r.CustomerId == reminder.CustomerId) == due) return; // told already (a repeated delivery)
        await Remember(due);
        PublishEvent(new CustomerReminderDue(due), RoutingTopics.Operator(RoutingKeys.Operator(WorkspaceId, due.OperatorId)));
    }

    public async Task Forget(string customerId)
    {
        if (Reminders.RemoveAll(r => r.CustomerId == customerId) == 0) return;
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<CustomerReminder>> List() =>
        Task.FromResult<IReadOnlyList<CustomerReminder>>(Reminders.OrderBy(r => r.RemindAt).ThenBy(r => r.CustomerId, StringComparer.Ordinal).ToList());
}
