namespace Routing.Grains.Policies;

/// <summary>Why a dialog goes to a particular operator.</summary>
public enum StickyReason
{
    PersonalManager,
    ReturningCustomer,
}

/// <summary>What to do with a dialog under sticky routing (R9).</summary>
public enum StickyAction
{
    /// <summary>Offer the dialog to <see cref="StickyDecision.OperatorId"/> now.</summary>
    OfferNow,
    /// <summary>Hold the dialog for <see cref="StickyDecision.OperatorId"/> until <see cref="StickyDecision.WaitUntil"/>, then decide again.</summary>
    WaitForOperator,
    /// <summary>Route through the department's queue as usual.</summary>
    RouteToDepartment,
}

/// <summary>The outcome of <see cref="StickyRoutingPolicy.Decide"/>.</summary>
public sealed record StickyDecision(StickyAction Action, string? OperatorId = null, StickyReason? Reason = null, DateTimeOffset? WaitUntil = null)
{
    public static StickyDecision Department { get; } = new(StickyAction.RouteToDepartment);
}
