using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// Eligibility of an operator for a waiting dialog (R8-R10, R13), the one rule every index and oracle shares.
/// Eligible when: online; the channel fits their free capacity; they never dropped this dialog; their tier is
/// allowed after the dialog's wait; they meet its required skills, or the skills have been widened away.
/// The wait counts from the original enqueue time and is never negative, so it only grows: an operator who is
/// eligible for a dialog stays eligible for it as long as their own state does not change (the queue relies on this).
/// </summary>
public static class EligibilityPolicy
{
    public static TimeSpan Waited(DateTimeOffset waitingSince, DateTimeOffset now)
    {
        var waited = now - waitingSince;
        return waited > TimeSpan.Zero ? waited : TimeSpan.Zero;
    }

    public static bool IsEligible(RoutingOperator op, WaitingDialog dialog, DateTimeOffset now, RoutingSettings settings) =>
        Check(op, dialog, now, settings) == Eligibility.Eligible;

    public static Eligibility Check(RoutingOperator op, WaitingDialog dialog, DateTimeOffset now, RoutingSettings settings) =>
        Availability(op, dialog.Channel) is var available and not Eligibility.Eligible ? available : Fit(op, dialog, now, settings);

    /// <summary>The operator's side of <see cref="Check"/>: online, and the channel fits their free capacity now.</summary>
    public static Eligibility Availability(RoutingOperator op, Channel channel)
    {
        if (op.Status != OperatorStatus.Online) return Eligibility.NotOnline;
        return CapacityPolicy.CanTake(op, channel) ? Eligibility.Eligible : Eligibility.NoCapacity;
    }

    /// <summary>
    /// The dialog's side of <see cref="Check"/>: they never dropped it, their tier is allowed after its wait, they meet its
    /// skills or the skills were widened away. What decides whether a dialog is theirs to see in the shared queue (pull).
    /// </summary>
    public static Eligibility Fit(RoutingOperator op, WaitingDialog dialog, DateTimeOffset now, RoutingSettings settings)
    {
        if (dialog.Skips(op.Id)) return Eligibility.SkippedBefore;
        var waited = Waited(dialog.WaitingSince, now);
        if (TierWidening.AllowedTier(settings.TierSteps, waited) < op.Tier) return Eligibility.TierNotReached;
        if (SkillMatch.Applies(dialog.RequiredSkills, waited, settings) && !SkillMatch.Meets(op.Skills, dialog.RequiredSkills))
            return Eligibility.MissingSkills;
        return Eligibility.Eligible;
    }

    /// <summary>
    /// The wait from which the tier and skill rules let <paramref name="op"/> take dialogs that require
    /// <paramref name="required"/>; null when they never do. Equivalent to the tier and skill checks of <see cref="Check"/>.
    /// </summary>
    public static TimeSpan? MinimumWait(RoutingOperator op, IReadOnlyList<SkillRequirement> required, RoutingSettings settings)
    {
        if (TierWidening.WaitBeforeTier(settings.TierSteps, op.Tier) is not { } tierWait) return null;
        if (required.Count == 0 || SkillMatch.Meets(op.Skills, required)) return tierWait;
        if (settings.SkillWideningAfter is not { } skillWait) return null;
        return skillWait > tierWait ? skillWait : tierWait;
    }

    /// <summary>Every wait at which a dialog's pool of operators grows (tier steps and skill widening), ascending, without 0.</summary>
    public static IReadOnlyList<TimeSpan> WideningDelays(RoutingSettings settings)
    {
        var delays = new SortedSet<TimeSpan>();
        foreach (var step in settings.TierSteps)
            if (step.After > TimeSpan.Zero) delays.Add(step.After);
        if (settings.SkillWideningAfter is { } skills && skills > TimeSpan.Zero) delays.Add(skills);
        return [.. delays];
    }

    /// <summary>
    /// The next moment after <paramref name="now"/> at which a dialog waiting since <paramref name="waitingSince"/> widens
    /// (a tier step or the skill widening), or null when it never widens again: when to re-try routing it.
    /// </summary>
    public static DateTimeOffset? NextWidening(DateTimeOffset waitingSince, DateTimeOffset now, RoutingSettings settings)
    {
        foreach (var delay in WideningDelays(settings))
        {
            var at = waitingSince + delay;
            if (at > now) return at;
        }
        return null;
    }
}
