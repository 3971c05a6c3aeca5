using Routing.GrainInterfaces;

namespace Routing.Grains.Policies;

/// <summary>What a conversation's rescue deadline should do when it fires (R13).</summary>
public enum RescueStep
{
    /// <summary>Nobody waits for this operator's reply (answered, moved, closed, no rescue configured).</summary>
    Idle,
    /// <summary>Too early: look again at <see cref="RescueDecision.At"/>.</summary>
    NotYet,
    /// <summary>Warn the operator now; the rescue is at <see cref="RescueDecision.At"/>.</summary>
    Warn,
    /// <summary>Take the dialog from the operator now.</summary>
    Rescue,
}

public sealed record RescueDecision(RescueStep Step, DateTimeOffset? At = null);

/// <summary>
/// Chat rescue (R13) as pure rules over a conversation's view. The clock runs while the customer waits for the ASSIGNED
/// operator's reply: it starts when a dialog with an unanswered customer message is assigned (the operator could not
/// answer before), or at the first customer message after the operator's last reply; any operator reply stops it.
/// One durable deadline per conversation walks warning → rescue; a deadline that fires late (after a restart) still
/// does the right step, and one that fires after a reply does nothing.
/// </summary>
public static class RescuePolicy
{
    /// <summary>The view with its rescue clock started or stopped as its status, unanswered flag and timers say.</summary>
    public static ConversationView WithClock(ConversationView view, DateTimeOffset now)
    {
        var running = view.Status == ConversationStatus.Assigned && view.Unanswered && view.Timers?.Rescue is not null;
        if (!running) return view.AwaitingReplySince is null ? view : view with { AwaitingReplySince = null, RescueWarnedFor = null };
        return view.AwaitingReplySince is null ? view with { AwaitingReplySince = now, RescueWarnedFor = null } : view;
    }

    /// <summary>When the deadline should first fire for a running clock: the warning, or the rescue without a lead.</summary>
    public static DateTimeOffset? FirstCheck(ConversationView view) =>
        view.AwaitingReplySince is { } since && view.Timers?.Rescue is { } rescue ? since + rescue.After - rescue.WarningLead : null;

    public static RescueDecision Decide(ConversationView view, DateTimeOffset now)
    {
        if (view.Status != ConversationStatus.Assigned || view.AwaitingReplySince is not { } since || view.Timers?.Rescue is not { } rescue)
            return new RescueDecision(RescueStep.Idle);
        var rescueAt = since + rescue.After;
        if (now >= rescueAt) return new RescueDecision(RescueStep.Rescue);
        var warnAt = rescueAt - rescue.WarningLead;
        if (now < warnAt) return new RescueDecision(RescueStep.NotYet, warnAt);
        return view.RescueWarnedFor == since
            ? new RescueDecision(RescueStep.NotYet, rescueAt)
            : new RescueDecision(RescueStep.Warn, rescueAt);
    }
}
