namespace Routing.Grains.Tests.Policies;

public class EligibilityPolicyTests
{
    private static readonly RoutingSettings Settings = Given.Tiered;

    [Fact]
    public void An_online_first_tier_operator_with_room_is_eligible_for_a_plain_dialog() =>
        Assert.Equal(Eligibility.Eligible, EligibilityPolicy.Check(Given.Operator("a"), Given.Dialog("d"), Given.T0, Settings));

    [Theory]
    [InlineData(OperatorStatus.Away)]
    [InlineData(OperatorStatus.Offline)]
    [InlineData(OperatorStatus.NotResponding)]
    [InlineData(OperatorStatus.WrappingUp)]
    public void Only_online_operators_are_eligible(OperatorStatus status) =>
        Assert.Equal(Eligibility.NotOnline, EligibilityPolicy.Check(Given.Operator("a", status: status), Given.Dialog("d"), Given.T0, Settings));

    [Fact]
    public void A_full_operator_is_not_eligible() =>
        Assert.Equal(Eligibility.NoCapacity, EligibilityPolicy.Check(Given.Operator("a", load: 3, capacity: 3), Given.Dialog("d"), Given.T0, Settings));

    [Fact]
    public void An_operator_who_dropped_the_dialog_is_not_offered_it_again()
    {
        var dialog = Given.Dialog("d") with { SkippedOperators = ["a"] };
        Assert.Equal(Eligibility.SkippedBefore, EligibilityPolicy.Check(Given.Operator("a"), dialog, Given.T0, Settings));
        Assert.Equal(Eligibility.Eligible, EligibilityPolicy.Check(Given.Operator("b"), dialog, Given.T0, Settings));
    }

    [Fact]
    public void A_second_tier_operator_becomes_eligible_exactly_at_thirty_seconds()
    {
        var op = Given.Operator("a", tier: 2);
        var dialog = Given.Dialog("d", since: 0);
        Assert.Equal(Eligibility.TierNotReached, EligibilityPolicy.Check(op, dialog, Given.At(29.999), Settings));
        Assert.Equal(Eligibility.Eligible, EligibilityPolicy.Check(op, dialog, Given.At(30), Settings));
    }

    [Fact]
    public void A_missing_skill_excludes_until_the_skill_widening_delay()
    {
        var op = Given.Operator("a", skills: Given.Skills(("billing", 1)));
        var dialog = Given.Dialog("d") with { RequiredSkills = Given.Requires(("billing", 3)) };
        Assert.Equal(Eligibility.MissingSkills, EligibilityPolicy.Check(op, dialog, Given.At(59), Settings));
        Assert.Equal(Eligibility.Eligible, EligibilityPolicy.Check(op, dialog, Given.At(60), Settings));
    }

    [Fact]
    public void Wait_counts_from_the_original_enqueue_time_and_is_never_negative()
    {
        Assert.Equal(TimeSpan.FromSeconds(40), EligibilityPolicy.Waited(Given.At(10), Given.At(50)));
        Assert.Equal(TimeSpan.Zero, EligibilityPolicy.Waited(Given.At(60), Given.At(50)));
    }

    [Fact]
    public void Minimum_wait_is_the_later_of_the_tier_and_skill_widening()
    {
        var required = Given.Requires(("billing", 3));
        Assert.Equal(TimeSpan.FromSeconds(30), EligibilityPolicy.MinimumWait(Given.Operator("a", tier: 2), [], Settings));
        Assert.Equal(TimeSpan.FromSeconds(60), EligibilityPolicy.MinimumWait(Given.Operator("a", tier: 2), required, Settings));
        Assert.Equal(TimeSpan.FromSeconds(90), EligibilityPolicy.MinimumWait(Given.Operator("a", tier: 3), required, Settings));
        Assert.Null(EligibilityPolicy.MinimumWait(Given.Operator("a", tier: 4), [], Settings));
        Assert.Null(EligibilityPolicy.MinimumWait(Given.Operator("a"), required, RoutingSettings.Default));
    }

    [Fact]
    public void Next_widening_is_the_next_tier_step_or_skill_drop_after_now()
    {
        Assert.Equal(Given.At(30), EligibilityPolicy.NextWidening(Given.At(0), Given.At(10), Settings));
        Assert.Equal(Given.At(60), EligibilityPolicy.NextWidening(Given.At(0), Given.At(30), Settings));
        Assert.Equal(Given.At(90), EligibilityPolicy.NextWidening(Given.At(0), Given.At(60), Settings));
        Assert.Null(EligibilityPolicy.NextWidening(Given.At(0), Given.At(90), Settings));
        Assert.Null(EligibilityPolicy.NextWidening(Given.At(0), Given.At(0), RoutingSettings.Default));
    }
}
