using Routing.GrainInterfaces.Model;
using Orleans.Concurrency;

namespace Routing.GrainInterfaces;

/// <summary>One person across channels (R2). Key: RoutingKeys.Customer(ws, customerId).</summary>
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>A message: into the open conversation, or a new one routed by the entry rules and queued/assigned.</summary>
    Task<IntakeResult> Receive(IntakeMessage message);

    /// <summary>Adds an identity to this customer (merging two identities of one person).</summary>
    Task AddIdentity(Channel channel, string externalId);

    Task SetPersonalManager(string? operatorId);

    /// <summary>Blocks (or unblocks) the customer: every message is refused with code customer-blocked (R17).</summary>
    Task SetBlocked(bool blocked);

    [ReadOnly] Task<CustomerView> Get();

    /// <summary>Changes the customer card (a channel or the CRM); a bad update throws ArgumentException and changes nothing.</summary>
    Task<CustomerView> UpdateCard(CustomerCardUpdate update);

    /// <summary>
    /// Sets (replacing any) the operator's status of the customer with a reminder at <c>remindAt</c> (future, UTC): a
    /// durable deadline then tells that operator. The caller checked the operator holds the customer's dialog.
    /// </summary>
    Task<CustomerView> SetReminder(string operatorId, string status, string? note, DateTimeOffset remindAt, string? conversationId);

    /// <summary>Removes the reminder if <paramref name="operatorId"/> set it (pending or due); false when there is none of theirs.</summary>
    Task<bool> DismissReminder(string operatorId);
}
