using Routing.GrainInterfaces;
using Routing.Grains.Policies;

namespace Routing.Grains.Tests.Policies;

public sealed class CallbackPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CallbackSettings Settings = new() { MaxAttempts = 3, RetryDelay = TimeSpan.FromMinutes(10), ExpireAfter = TimeSpan.FromHours(24) };

    [Theory]
    [InlineData("+4930123456", true)]
    [InlineData("+14155552671", true)]
    [InlineData("+123456789012345", true)]
    [InlineData("+1234567890123456", false)] // 16 digits
    [InlineData("+1234567", false)] // 7 digits
    [InlineData("4930123456", false)]
    [InlineData("+04930123456", false)]
    [InlineData("+49 30 123456", false)]
    [InlineData("", false)]
    public void Phone_numbers_are_E164(string phone, bool valid) => Assert.Equal(valid, CallbackRules.PhoneProblem(phone) is null);

    [Fact]
    public void A_window_must_end_after_it_starts_in_the_future_and_within_30_days()
    {
        Assert.Null(CallbackRules.WindowProblem(T0.AddHours(-1), T0.AddHours(1), T0)); // already open
        Assert.Null(CallbackRules.WindowProblem(null, null, T0));
        Assert.Contains("after windowStart", CallbackRules.WindowProblem(T0.AddHours(2), T0.AddHours(1), T0));
        Assert.Contains("after windowStart", CallbackRules.WindowProblem(T0.AddHours(1), T0.AddHours(1), T0));
        Assert.Contains("past", CallbackRules.WindowProblem(null, T0, T0));
        Assert.Contains("30 days", CallbackRules.WindowProblem(T0.AddDays(31), null, T0));
    }

    [Fact]
    public void The_first_attempt_is_now_or_when_the_window_opens()
    {
        Assert.Equal(new CallbackDecision(CallbackStep.AttemptNow, T0), CallbackPolicy.First(null, T0.AddHours(24), T0));
        Assert.Equal(new CallbackDecision(CallbackStep.AttemptNow, T0), CallbackPolicy.First(T0.AddHours(-1), T0.AddHours(1), T0));
        Assert.Equal(new CallbackDecision(CallbackStep.WaitUntil, T0.AddHours(2)), CallbackPolicy.First(T0.AddHours(2), T0.AddHours(3), T0));
        Assert.Equal(T0.AddHours(24), CallbackPolicy.ExpiresAt(null, T0, Settings));
        Assert.Equal(T0.AddHours(3), CallbackPolicy.ExpiresAt(T0.AddHours(3), T0, Settings));
    }

    [Fact]
    public void Outcomes_end_retry_within_the_window_or_expire()
    {
        var expires = T0.AddHours(1);
        Assert.Equal(CallbackStep.Complete, CallbackPolicy.AfterOutcome(CallbackOutcome.Reached, 1, Settings, null, expires, T0).Step);
        Assert.Equal("wrong-number", CallbackPolicy.AfterOutcome(CallbackOutcome.WrongNumber, 1, Settings, null, expires, T0).Reason);
        Assert.Equal("declined", CallbackPolicy.AfterOutcome(CallbackOutcome.Declined, 1, Settings, null, expires, T0).Reason);
        foreach (var retried in new[] { CallbackOutcome.NoAnswer, CallbackOutcome.Busy, CallbackOutcome.Voicemail, CallbackOutcome.ClosedWithoutOutcome })
        {
            Assert.Equal(new CallbackDecision(CallbackStep.WaitUntil, T0.AddMinutes(10)), CallbackPolicy.AfterOutcome(retried, 2, Settings, null, expires, T0));
            Assert.Equal(new CallbackDecision(CallbackStep.Fail, Reason: "attempts-exhausted"), CallbackPolicy.AfterOutcome(retried, 3, Settings, null, expires, T0));
        }
        Assert.Equal(new CallbackDecision(CallbackStep.WaitUntil, T0.AddMinutes(40)),
            CallbackPolicy.AfterOutcome(CallbackOutcome.RetryLater, 1, Settings, null, expires, T0, T0.AddMinutes(40)));
        Assert.Equal(new CallbackDecision(CallbackStep.Expire, Reason: "window-passed"),
            CallbackPolicy.AfterOutcome(CallbackOutcome.NoAnswer, 1, Settings, null, T0.AddMinutes(5), T0));
    }

    [Fact]
    public void A_retry_later_time_must_go_with_retry_later_and_fall_before_the_expiry()
    {
        var expires = T0.AddHours(1);
        Assert.Null(CallbackPolicy.RetryAtProblem(CallbackOutcome.RetryLater, T0.AddMinutes(30), expires, T0));
        Assert.Null(CallbackPolicy.RetryAtProblem(CallbackOutcome.NoAnswer, null, expires, T0));
        Assert.NotNull(CallbackPolicy.RetryAtProblem(CallbackOutcome.NoAnswer, T0.AddMinutes(30), expires, T0));
        Assert.NotNull(CallbackPolicy.RetryAtProblem(CallbackOutcome.RetryLater, T0, expires, T0));
        Assert.NotNull(CallbackPolicy.RetryAtProblem(CallbackOutcome.RetryLater, expires, expires, T0));
    }

    [Fact]
    public void Settings_are_bounded()
    {
        Assert.Null(CallbackSettings.Default.Problem());
        Assert.NotNull((CallbackSettings.Default with { MaxAttempts = 0 }).Problem());
        Assert.NotNull((CallbackSettings.Default with { MaxAttempts = 11 }).Problem());
        Assert.NotNull((CallbackSettings.Default with { RetryDelay = TimeSpan.Zero }).Problem());
        Assert.NotNull((CallbackSettings.Default with { ExpireAfter = TimeSpan.FromSeconds(30) }).Problem());
    }
}
