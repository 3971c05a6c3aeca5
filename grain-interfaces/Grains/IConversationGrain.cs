using Routing.Runtime;

namespace Routing.GrainInterfaces;

/// <summary>
/// A dialog (R3): state plus an append-only timeline. Key: RoutingKeys.Conversation(ws, id).
/// Called by the customer (open, messages), the department (assigned) and clients (close); it calls only the operator.
/// </summary>
public interface IConversationGrain : IGrainWithStringKey
{
    Task<ConversationView> Open(OpenConversation open);

    /// <summary>A customer message; false when the conversation is closed (the caller opens a new one).</summary>
    Task<bool> AddCustomerMessage(string text);

    /// <summary>The department placed it with an operator; false when it closed meanwhile (the caller releases the operator).</summary>
    Task<bool> Assigned(string operatorId, string departmentId);

    /// <summary>The department offered it to an operator (offer mode); false when it closed meanwhile.</summary>
    Task<bool> Offered(string operatorId, string departmentId);

    /// <summary>Back to waiting in the department (offer declined or expired); false when it closed meanwhile.</summary>
    Task<bool> Requeued(string departmentId, string reason);

    /// <summary>Moved by hand to a queue or an operator (the caller already detached it); throws when closed.</summary>
    Task<ConversationView> Move(ConversationMove move);

    Task SetPriority(Model.Priority priority);

    /// <summary>Marks it an offline request (R15); idempotent.</summary>
    Task MarkOfflineRequest();

    /// <summary>Closes it (operator, customer, supervisor); frees the operator at once. Idempotent.</summary>
    Task Close(string by);

    [ReadOnly] Task<ConversationView> Get();
    [ReadOnly] Task<IReadOnlyList<TimelineEvent>> GetTimeline();
}
