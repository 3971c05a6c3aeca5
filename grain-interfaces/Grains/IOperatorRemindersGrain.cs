using Orleans.Concurrency;

namespace Routing.GrainInterfaces;

/// <summary>
/// The customer reminders one operator set (issue 15), pending and due, so their console shows them after a reconnect.
/// Customers own their reminder and its deadline; they keep this list in step. Key: RoutingKeys.OperatorReminders(ws, operatorId).
/// </summary>
public interface IOperatorRemindersGrain : IGrainWithStringKey
{
    /// <summary>Adds or replaces the reminder of its customer.</summary>
    Task Remember(CustomerReminder reminder);

    /// <summary>Marks it due and tells the operator's sessions (once; a repeated delivery is not told again).</summary>
    Task Due(CustomerReminder reminder);

    /// <summary>Removes the reminder of that customer, if any.</summary>
    Task Forget(string customerId);

    /// <summary>Every reminder the operator set, soonest first.</summary>
    [ReadOnly] Task<IReadOnlyList<CustomerReminder>> List();
}
