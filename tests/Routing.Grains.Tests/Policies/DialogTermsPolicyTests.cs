using Routing.GrainInterfaces;

namespace Routing.Grains.Tests.Policies;

/// <summary>Issue 15: the priority and first-response target a new dialog opens with.</summary>
public class DialogTermsPolicyTests
{
    private static readonly TimeSpan Department = TimeSpan.FromMinutes(2);
    private static readonly EntryRule Outage = new("support") { Topics = ["outage"], Priority = Priority.Urgent, FirstResponseTarget = TimeSpan.FromSeconds(20) };

    [Fact]
    public void A_rules_target_overrides_the_departments()
    {
        Assert.Equal(new DialogTerms(Priority.Urgent, TimeSpan.FromSeconds(20), ResponseTargetSource.EntryRule),
            DialogTermsPolicy.For(Outage, null, Department, Channel.Chat));
    }

    [Fact]
    public void Without_a_rules_target_the_departments_counts_and_without_either_the_channels_default()
    {
        var priorityOnly = new EntryRule("support") { Priority = Priority.Low };
        Assert.Equal(new DialogTerms(Priority.Low, Department, ResponseTargetSource.Department), DialogTermsPolicy.For(priorityOnly, null, Department, Channel.Chat));
        Assert.Equal(new DialogTerms(Priority.Normal, Department, ResponseTargetSource.Department), DialogTermsPolicy.For(null, null, Department, Channel.Email));
        Assert.Equal(new DialogTerms(Priority.Normal, TimeSpan.FromSeconds(60), ResponseTargetSource.ChannelDefault), DialogTermsPolicy.For(null, null, null, Channel.Chat));
    }

    [Theory]
    [InlineData(Channel.Chat, 60)]
    [InlineData(Channel.Messenger, 60)]
    [InlineData(Channel.Social, 60)]
    [InlineData(Channel.Voice, 20)]
    [InlineData(Channel.Email, 4 * 3600)]
    public void Each_channel_has_a_default_target(Channel channel, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), DialogTermsPolicy.For(new EntryRule("support"), null, null, channel).FirstResponseTarget);
    }

    [Theory]
    [InlineData(null, null, Priority.Normal)]
    [InlineData(Priority.Vip, null, Priority.Vip)]
    [InlineData(null, Priority.Low, Priority.Low)] // a rule may lower a dialog the channel said nothing about
    [InlineData(Priority.Normal, Priority.Urgent, Priority.Urgent)] // the higher of the two
    [InlineData(Priority.Vip, Priority.Low, Priority.Vip)] // never lowers what the channel set on purpose
    [InlineData(Priority.Low, Priority.Low, Priority.Low)]
    public void The_priority_is_the_higher_of_an_explicit_intakes_and_the_rules(Priority? intake, Priority? rule, Priority expected)
    {
        Assert.Equal(expected, DialogTermsPolicy.EffectivePriority(intake, rule));
    }

    [Fact]
    public void A_rule_with_a_target_under_a_second_or_over_a_month_or_an_unknown_priority_is_refused()
    {
        Assert.Null(Outage.Problem());
        Assert.Null(new EntryRule("support").Problem());
        Assert.Equal("first response target must be at least 1 s", (Outage with { FirstResponseTarget = TimeSpan.FromMilliseconds(999) }).Problem());
        Assert.Equal("first response target must be at least 1 s", (Outage with { FirstResponseTarget = TimeSpan.Zero }).Problem());
        Assert.Equal("first response target must be at most 31 days", (Outage with { FirstResponseTarget = TimeSpan.FromDays(32) }).Problem());
        Assert.Equal("unknown priority (Low, Normal, Vip, Urgent)", (Outage with { Priority = (Priority)15 }).Problem());
        Assert.NotNull(new DepartmentConfig { FirstResponseTarget = TimeSpan.FromDays(40) }.Problem());
    }
}
