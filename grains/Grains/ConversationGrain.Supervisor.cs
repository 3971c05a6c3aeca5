using Routing.GrainInterfaces;

namespace Routing.Grains.Grains;

/// <summary>A supervisor who joined a dialog writes into it (R6): the customer and the operator both see it.</summary>
public sealed partial class ConversationGrain
{
    public async Task AddSupervisorMessage(string supervisorId, string text, string? clientMessageId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(supervisorId);
        if (await Replayed(MessageAuthor.Supervisor, supervisorId, clientMessageId)) return;
        ThrowIfInvalid(text, null);
        var view = View;
        if (view.Status == ConversationStatus.Closed) throw new InvalidOperationException($"conversation '{Id}' is closed");
        using var writes = PipelineWrites();
        var (message, stored) = StoreMessage(view.MessagesLength + 1, MessageAuthor.Supervisor, supervisorId, text, null, clientMessageId);
        // Not the operator's reply: the rescue clock and the first-response SLA keep running for them.
        state.State.View = view with { MessagesLength = message.Sequence };
        var remembered = Remember(MessageAuthor.Supervisor, supervisorId, clientMessageId, message.Sequence);
        try
        {
            await Record(ConversationChangeKinds.SupervisorMessage, supervisorId, view.DepartmentId, null, stored);
        }
        catch
        {
            Forget(remembered);
            throw;
        }
        PublishMessage(message);
        await ToChannel([OutboundEvent.OperatorMessage(message, view)]);
        await AskForRatingIfDue();
    }
}
