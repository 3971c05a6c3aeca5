using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// Taking from the shared queue (pull, "Incoming"): which waiting dialogs an operator sees and may take, by the very
/// rules the automatic router applies (<see cref="EligibilityPolicy"/>), never a second copy of them. An operator sees a
/// queued dialog when its own rules let them (<see cref="EligibilityPolicy.Fit"/>: skip list, tier, skills), and a held
/// one only when it is held for them (sticky routing gives it to nobody else); they may take it when, in addition,
/// their status and free capacity allow it now (<see cref="EligibilityPolicy.Availability"/>).
/// </summary>
public static class PullPolicy
{
    /// <summary>Whether <paramref name="op"/> finds the dialog at <paramref name="place"/> in their Incoming list.</summary>
    public static bool Sees(RoutingOperator op, WaitingPlace place, DateTimeOffset now, RoutingSettings settings) =>
        place.Held is { } held
            ? held.OperatorId == op.Id
            : EligibilityPolicy.Fit(op, place.Dialog, now, settings) == Eligibility.Eligible;

    /// <summary>
    /// What stops <paramref name="op"/> from taking the dialog now, or <see cref="Eligibility.Eligible"/>: the router's
    /// <see cref="EligibilityPolicy.Check"/> for a queued dialog; for a held one, being its operator and available (what
    /// the router asks before it gives an operator their held dialog).
    /// </summary>
    public static Eligibility CanTake(RoutingOperator op, WaitingPlace place, DateTimeOffset now, RoutingSettings settings)
    {
        if (place.Held is { } held)
            return held.OperatorId == op.Id ? EligibilityPolicy.Availability(op, place.Dialog.Channel) : Eligibility.HeldForAnother;
        return EligibilityPolicy.Check(op, place.Dialog, now, settings);
    }

    /// <summary>
    /// The first <paramref name="limit"/> places <paramref name="op"/> sees, in serving order, each with what stops them
    /// taking it now (<see cref="Eligibility.Eligible"/>: nothing). O(n) over the places walked.
    /// </summary>
    public static IReadOnlyList<(WaitingPlace Place, Eligibility Now)> Incoming(
        IEnumerable<WaitingPlace> places, RoutingOperator op, DateTimeOffset now, RoutingSettings settings, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var incoming = new List<(WaitingPlace, Eligibility)>();
        foreach (var place in places)
        {
            if (incoming.Count == limit) break;
            if (Sees(op, place, now, settings)) incoming.Add((place, CanTake(op, place, now, settings)));
        }
        return incoming;
    }
}
