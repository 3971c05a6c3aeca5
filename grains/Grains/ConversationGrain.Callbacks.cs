using Routing.GrainInterfaces;

namespace Routing.Grains.Grains;

/// <summary>
/// A callback asked for from this dialog (chat → phone, issue 15) is told in its history, so the customer, the operator
/// and a supervisor reading it later see where the conversation went; the callback's attempts are voice dialogs of their own.
/// </summary>
public sealed partial class ConversationGrain
{
    public async Task NoteCallback(string callbackId, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(callbackId);
        ArgumentException.ThrowIfNullOrEmpty(text);
        if (state.State.View is not { Status: not ConversationStatus.Closed } view) return; // the history is finished
        if (await AdoptedSystemMessage(view, callbackId) is not null) return; // told already (a retried request, or a crash's adopted row)
        using var writes = PipelineWrites();
        var (message, stored) = StoreMessage(view.MessagesLength + 1, MessageAuthor.System, null, text, null, callbackId);
        // Not a reply: the operator's clocks and the first-response SLA keep running.
        state.State.View = view with { MessagesLength = message.Sequence };
        var remembered = Remember(MessageAuthor.System, view.CustomerId, callbackId, message.Sequence);
        try
        {
            await Record(ConversationChangeKinds.CallbackRequested, view.OperatorId, view.DepartmentId, callbackId, stored);
        }
        catch
        {
            Forget(remembered);
            throw;
        }
        PublishMessage(message);
    }
}
