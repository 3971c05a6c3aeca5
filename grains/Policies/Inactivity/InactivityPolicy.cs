using Routing.GrainInterfaces;

namespace Routing.Grains.Policies;

/// <summary>
/// Closing a dialog whose customer went quiet (R13): only an assigned dialog whose customer is not waiting for an answer,
/// the department's quiet time after the last message either side wrote. The conversation's deadline and the control
/// grain that closes it both ask here, so they cannot disagree.
/// </summary>
public static class InactivityPolicy
{
    /// <summary>When it closes for inactivity; null while it cannot (the customer waits for us, not assigned, no quiet time set).</summary>
    public static DateTimeOffset? CloseAt(ConversationView view) =>
        view.Timers?.InactivityCloseAfter is { } quiet && view.Status == ConversationStatus.Assigned && !view.Unanswered
            ? (Latest(view.LastCustomerMessageAt, view.LastOperatorMessageAt) ?? view.CreatedAt) + quiet
            : null;

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
