namespace Routing.Grains.Tests.Policies;

public class TierWideningTests
{
    private static readonly IReadOnlyList<TierStep> Steps = Given.Tiered.TierSteps;

    [Fact]
    public void Tier_widening_applies_exactly_at_the_boundary()
    {
        Assert.Equal(1, TierWidening.AllowedTier(Steps, TimeSpan.Zero));
        Assert.Equal(1, TierWidening.AllowedTier(Steps, TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1)));
        Assert.Equal(2, TierWidening.AllowedTier(Steps, TimeSpan.FromSeconds(30)));
        Assert.Equal(2, TierWidening.AllowedTier(Steps, TimeSpan.FromSeconds(89.999)));
        Assert.Equal(3, TierWidening.AllowedTier(Steps, TimeSpan.FromSeconds(90)));
        Assert.Equal(3, TierWidening.AllowedTier(Steps, TimeSpan.FromHours(5)));
    }

    [Fact]
    public void Without_steps_every_tier_may_take_a_dialog_at_once() =>
        Assert.Equal(int.MaxValue, TierWidening.AllowedTier([], TimeSpan.Zero));

    [Fact]
    public void Wait_before_a_tier_is_the_delay_of_the_first_step_reaching_it()
    {
        Assert.Equal(TimeSpan.Zero, TierWidening.WaitBeforeTier(Steps, 1));
        Assert.Equal(TimeSpan.FromSeconds(30), TierWidening.WaitBeforeTier(Steps, 2));
        Assert.Equal(TimeSpan.FromSeconds(90), TierWidening.WaitBeforeTier(Steps, 3));
        Assert.Null(TierWidening.WaitBeforeTier(Steps, 4));
        Assert.Equal(TimeSpan.Zero, TierWidening.WaitBeforeTier([], 7));
    }

    [Fact]
    public void Steps_must_start_at_zero_and_grow()
    {
        Assert.Null(TierStep.Problem(Steps));
        Assert.NotNull(TierStep.Problem([new TierStep(1, TimeSpan.FromSeconds(5))]));
        Assert.NotNull(TierStep.Problem([new TierStep(1, TimeSpan.Zero), new TierStep(1, TimeSpan.FromSeconds(5))]));
        Assert.NotNull(TierStep.Problem([new TierStep(1, TimeSpan.Zero), new TierStep(2, TimeSpan.Zero)]));
        Assert.NotNull(TierStep.Problem([new TierStep(0, TimeSpan.Zero)]));
    }
}
