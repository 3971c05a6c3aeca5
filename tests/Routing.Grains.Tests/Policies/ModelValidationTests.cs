namespace Routing.Grains.Tests.Policies;

public class ModelValidationTests
{
    [Fact]
    public void Default_settings_are_valid_and_documented_defaults_hold()
    {
        var settings = RoutingSettings.Default;
        Assert.Null(settings.Problem());
        Assert.Equal(RoutingStrategy.LeastLoaded, settings.Strategy);
        Assert.Equal(TimeSpan.FromHours(24), settings.StickyReturnWindow);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.MaxStickyWait);
        Assert.Null(settings.SkillWideningAfter);
        Assert.Null(Given.Tiered.Problem());
    }

    [Fact]
    public void Negative_delays_are_reported()
    {
        Assert.NotNull((RoutingSettings.Default with { SkillWideningAfter = TimeSpan.FromSeconds(-1) }).Problem());
        Assert.NotNull((RoutingSettings.Default with { MaxStickyWait = TimeSpan.FromSeconds(-1) }).Problem());
        Assert.NotNull((RoutingSettings.Default with { TierSteps = [new TierStep(1, TimeSpan.FromSeconds(-1))] }).Problem());
    }

    [Fact]
    public void A_channel_cost_below_one_is_reported()
    {
        Assert.Null(ChannelCosts.Default.Problem());
        Assert.NotNull(new ChannelCosts { Email = 0 }.Problem());
    }
}
