using Routing.GrainInterfaces;

namespace Routing.Grains.Policies;

/// <summary>What happens next to a callback after an outcome or at a due time.</summary>
public enum CallbackStep
{
    /// <summary>Queue an attempt now.</summary>
    AttemptNow,
    /// <summary>Wait until <see cref="CallbackDecision.At"/>, then attempt.</summary>
    WaitUntil,
    Complete,
    Fail,
    Expire,
}

public sealed record CallbackDecision(CallbackStep Step, DateTimeOffset? At = null, string? Reason = null);

/// <summary>
/// Callback requests (issue 15), the clock a parameter (what is valid is <see cref="CallbackRules"/>'s): when the first and the next attempts
/// are queued (never before the preferred window opens), and what an outcome leads to (done, failed, retried after the
/// department's delay while attempts remain, or expired when the next try would fall after the window).
/// </summary>
public static class CallbackPolicy
{
    /// <summary>When the request expires unless the customer is reached.</summary>
    public static DateTimeOffset ExpiresAt(DateTimeOffset? windowEnd, DateTimeOffset createdAt, CallbackSettings settings) =>
        windowEnd ?? createdAt + settings.ExpireAfter;

    /// <summary>The first attempt: now, or when the window opens.</summary>
    public static CallbackDecision First(DateTimeOffset? windowStart, DateTimeOffset expiresAt, DateTimeOffset now) =>
        Next(windowStart is { } start ? Max(start, now) : now, windowStart, expiresAt, now);

    /// <summary>An attempt due at <paramref name="due"/>, moved into the window; expired when that is at or after its end.</summary>
    public static CallbackDecision Next(DateTimeOffset due, DateTimeOffset? windowStart, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var at = windowStart is { } start ? Max(due, start) : due;
        if (at >= expiresAt || now >= expiresAt) return new CallbackDecision(CallbackStep.Expire, Reason: "window-passed");
        return at <= now ? new CallbackDecision(CallbackStep.AttemptNow, now) : new CallbackDecision(CallbackStep.WaitUntil, at);
    }

    /// <summary>
    /// After attempt <paramref name="attempt"/> ended with <paramref name="outcome"/>: done, failed, or the next attempt's
    /// time (the retry delay, or the customer's own <paramref name="retryAt"/> for retry-later), kept inside the window.
    /// </summary>
    public static CallbackDecision AfterOutcome(CallbackOutcome outcome, int attempt, CallbackSettings settings, DateTimeOffset? windowStart,
        DateTimeOffset expiresAt, DateTimeOffset now, DateTimeOffset? retryAt = null)
    {
        switch (outcome)
        {
            case CallbackOutcome.Reached: return new CallbackDecision(CallbackStep.Complete, Reason: "reached");
            case CallbackOutcome.WrongNumber: return new CallbackDecision(CallbackStep.Fail, Reason: "wrong-number");
            case CallbackOutcome.Declined: return new CallbackDecision(CallbackStep.Fail, Reason: "declined");
        }
        if (attempt >= settings.MaxAttempts) return new CallbackDecision(CallbackStep.Fail, Reason: "attempts-exhausted");
        var due = outcome == CallbackOutcome.RetryLater && retryAt is { } asked ? Max(asked, now) : now + settings.RetryDelay;
        return Next(due, windowStart, expiresAt, now);
    }

    /// <summary>Why a retry-later time is unacceptable, or null.</summary>
    public static string? RetryAtProblem(CallbackOutcome outcome, DateTimeOffset? retryAt, DateTimeOffset expiresAt, DateTimeOffset now) =>
        retryAt is not { } at ? null
        : outcome != CallbackOutcome.RetryLater ? "retryAt goes with the retry-later outcome only"
        : at <= now ? "retryAt is in the past"
        : at >= expiresAt ? $"retryAt is after the callback expires ({expiresAt:O})"
        : null;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
