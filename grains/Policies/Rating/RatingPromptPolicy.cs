using Routing.GrainInterfaces;

namespace Routing.Grains.Policies;

/// <summary>Whom a rating prompt credits, and on which scale (R19).</summary>
public sealed record RatingPrompt(int Scale, string OperatorId);

/// <summary>
/// When a conversation asks its customer for a rating (R19): once per conversation, only when an operator wrote into
/// it, either while open once its N-th message is stored (the department's <see cref="RatingSettings.PromptAtMessage"/>,
/// as Jivo does) or, when that did not happen, at the close after at least <see cref="RatingSettings.PromptAfterMessages"/>.
/// </summary>
public static class RatingPromptPolicy
{
    /// <summary>The prompt an open dialog makes now (after a stored message), or null: not due, off, or asked already.</summary>
    public static RatingPrompt? InDialog(ConversationView view) =>
        view is { Status: not ConversationStatus.Closed, RatingScale: null, Rating: null, FirstResponseAt: not null }
        && view.Timers?.Rating is { PromptAtMessage: > 0 } rating && view.MessagesLength >= rating.PromptAtMessage
        && Credited(view) is { } operatorId
            ? new RatingPrompt(rating.Scale, operatorId)
            : null;

    /// <summary>The prompt the close makes, or null: ratings off, too short, no operator's reply, or asked while open.</summary>
    public static RatingPrompt? AtClose(ConversationView view) =>
        view is { RatingScale: null, Rating: null, FirstResponseAt: not null }
        && view.Timers?.Rating is { } rating && view.MessagesLength >= rating.PromptAfterMessages
        && Credited(view) is { } operatorId
            ? new RatingPrompt(rating.Scale, operatorId)
            : null;

    /// <summary>
    /// The operator a rating given now counts for: while open, the one who has the dialog (a transfer after the prompt
    /// moves it with the dialog), else the last who wrote; once closed, the one recorded at the close.
    /// </summary>
    public static string? Credited(ConversationView view) =>
        view.Status == ConversationStatus.Closed ? view.RatingOperatorId : view.OperatorId ?? view.LastRepliedBy ?? view.RatingOperatorId;
}
