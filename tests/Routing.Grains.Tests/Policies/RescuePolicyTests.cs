using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Tests.Policies;

public sealed class RescuePolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DialogTimers Timers = new(new RescueSettings { After = TimeSpan.FromSeconds(60), WarningLead = TimeSpan.FromSeconds(15) }, null, null);

    private static ConversationView Assigned(bool unanswered = true) => new("c1")
    {
        Status = ConversationStatus.Assigned, OperatorId = "ann", Unanswered = unanswered, Timers = Timers,
    };

    [Fact]
    public void The_clock_starts_only_for_an_assigned_dialog_with_an_unanswered_customer_and_keeps_its_start()
    {
        var started = RescuePolicy.WithClock(Assigned(), T0);
        Assert.Equal(T0, started.AwaitingReplySince);
        Assert.Equal(T0, RescuePolicy.WithClock(started, T0.AddSeconds(30)).AwaitingReplySince);
        Assert.Null(RescuePolicy.WithClock(Assigned(unanswered: false), T0).AwaitingReplySince);
        Assert.Null(RescuePolicy.WithClock(Assigned() with { Status = ConversationStatus.Offered }, T0).AwaitingReplySince);
        Assert.Null(RescuePolicy.WithClock(Assigned() with { Timers = DialogTimers.None }, T0).AwaitingReplySince);
        Assert.Null(RescuePolicy.WithClock(started with { Unanswered = false, RescueWarnedFor = T0 }, T0).RescueWarnedFor);
    }

    [Fact]
    public void The_deadline_walks_from_not_yet_to_warning_to_rescue_and_never_warns_twice()
    {
        var view = RescuePolicy.WithClock(Assigned(), T0);
        Assert.Equal(T0.AddSeconds(45), RescuePolicy.FirstCheck(view));
        Assert.Equal(new RescueDecision(RescueStep.NotYet, T0.AddSeconds(45)), RescuePolicy.Decide(view, T0.AddSeconds(10)));
        Assert.Equal(new RescueDecision(RescueStep.Warn, T0.AddSeconds(60)), RescuePolicy.Decide(view, T0.AddSeconds(45)));
        Assert.Equal(new RescueDecision(RescueStep.NotYet, T0.AddSeconds(60)), RescuePolicy.Decide(view with { RescueWarnedFor = T0 }, T0.AddSeconds(50)));
        Assert.Equal(RescueStep.Rescue, RescuePolicy.Decide(view, T0.AddSeconds(60)).Step);
        Assert.Equal(RescueStep.Rescue, RescuePolicy.Decide(view, T0.AddHours(3)).Step); // late after a restart: still rescues
    }

    [Fact]
    public void A_reply_a_move_or_no_rescue_setting_leaves_nothing_to_do()
    {
        var view = RescuePolicy.WithClock(Assigned(), T0);
        Assert.Equal(RescueStep.Idle, RescuePolicy.Decide(RescuePolicy.WithClock(view with { Unanswered = false }, T0), T0.AddMinutes(5)).Step);
        Assert.Equal(RescueStep.Idle, RescuePolicy.Decide(view with { Status = ConversationStatus.Queued }, T0.AddMinutes(5)).Step);
        Assert.Equal(RescueStep.Idle, RescuePolicy.Decide(view with { Timers = DialogTimers.None }, T0.AddMinutes(5)).Step);
    }

    [Fact]
    public void Without_a_warning_lead_the_first_check_is_the_rescue()
    {
        var view = RescuePolicy.WithClock(Assigned() with { Timers = new(new RescueSettings { WarningLead = TimeSpan.Zero }, null, null) }, T0);
        Assert.Equal(T0.AddSeconds(60), RescuePolicy.FirstCheck(view));
        Assert.Equal(new RescueDecision(RescueStep.NotYet, T0.AddSeconds(60)), RescuePolicy.Decide(view, T0.AddSeconds(59)));
    }

    [Theory]
    [InlineData(0, 15, 3, "rescue time must be at least 1 s")]
    [InlineData(60, 60, 3, "rescue warning lead")]
    [InlineData(60, -1, 3, "rescue warning lead")]
    [InlineData(60, 15, -1, "retry limit")]
    public void Bad_rescue_settings_are_refused(int afterSeconds, int leadSeconds, int retries, string problem)
    {
        var settings = new RescueSettings { After = TimeSpan.FromSeconds(afterSeconds), WarningLead = TimeSpan.FromSeconds(leadSeconds), RetryLimit = retries };
        Assert.Contains(problem, settings.Problem());
        Assert.Contains(problem, new DepartmentConfig { Rescue = settings }.Problem());
    }
}
