using Routing.GrainInterfaces;
using Routing.Grains.Policies;

namespace Routing.Grains.Grains;

/// <summary>
/// What the operator does to the visitor's widget beyond messages (issue 15): sends them to a page, and the rating
/// prompt of an open dialog at its N-th message (R19). Both are timeline rows, so they survive a restart and show in
/// the dialog's history.
/// </summary>
public sealed partial class ConversationGrain
{
    public async Task<VisitorNavigation> Navigate(MessageAuthor author, string byId, string url)
    {
        ArgumentException.ThrowIfNullOrEmpty(byId);
        if (author is not (MessageAuthor.Operator or MessageAuthor.Supervisor)) throw new ArgumentException("only an operator or a supervisor sends a visitor to a page", nameof(author));
        if (VisitorNavigation.UrlProblem(url) is { } problem) throw new ArgumentException(problem, nameof(url));
        // Like a reply: one that does not exist is refused alike, so an operator cannot tell another's conversation from none.
        if (author == MessageAuthor.Operator && (state.State.View is not { Status: ConversationStatus.Assigned } assigned || assigned.OperatorId != byId))
            throw new RoutingRefusedException(RoutingRefusedException.NotAssigned, $"conversation '{Id}' is not assigned to operator '{byId}'");
        var view = View;
        if (view.Status == ConversationStatus.Closed) throw new InvalidOperationException($"conversation '{Id}' is closed");
        await Record(ConversationChangeKinds.Navigated, byId, view.DepartmentId, url);
        var navigation = new VisitorNavigation(Id, url, author, byId, TimeProvider.GetUtcNow(), View.TimelineLength);
        PublishEvent(navigation, "conversation:" + GetPrimaryKeyString());
        await ToChannel([OutboundEvent.ForNavigation(navigation, View)]);
        return navigation;
    }

    /// <summary>
    /// After a stored message: asks for the rating once the dialog reached its department's N-th message with an
    /// operator's reply. Recorded (state and timeline) before it is published, so a restart never asks again; a crash
    /// before the record leaves it due, and the next message asks.
    /// </summary>
    private async Task AskForRatingIfDue()
    {
        if (RatingPromptPolicy.InDialog(View) is not { } prompt) return;
        state.State.View = View with { RatingScale = prompt.Scale, RatingOperatorId = prompt.OperatorId, RatingAskedInDialog = true };
        await Record(ConversationChangeKinds.RatingRequested, prompt.OperatorId, View.DepartmentId, prompt.Scale.ToString(System.Globalization.CultureInfo.InvariantCulture));
        PublishEvent(new RatingRequested(Id, prompt.Scale, prompt.OperatorId), "conversation:" + GetPrimaryKeyString());
        await ToChannel([OutboundEvent.RatingRequestedInDialog(View, TimeProvider.GetUtcNow())]);
    }
}
