namespace Routing.Grains.Tests.Policies;

public class SkillMatchTests
{
    [Fact]
    public void An_operator_meets_requirements_with_every_skill_at_its_level_or_higher()
    {
        var required = Given.Requires(("billing", 3), ("de", 2));
        Assert.True(SkillMatch.Meets(Given.Skills(("billing", 3), ("de", 5)), required));
        Assert.False(SkillMatch.Meets(Given.Skills(("billing", 2), ("de", 5)), required));
        Assert.False(SkillMatch.Meets(Given.Skills(("billing", 5)), required));
    }

    [Fact]
    public void The_better_match_has_the_higher_sum_of_levels()
    {
        var required = Given.Requires(("billing", 1), ("de", 1));
        Assert.Equal(9, SkillMatch.Score(Given.Skills(("billing", 5), ("de", 4), ("fr", 5)), required));
        Assert.Equal(10, SkillMatch.BestPossibleScore(required));
        Assert.Equal(0, SkillMatch.Score(Given.Skills(), []));
    }

    [Fact]
    public void Skills_are_dropped_from_the_widening_delay_on()
    {
        var required = Given.Requires(("billing", 1));
        Assert.True(SkillMatch.Applies(required, TimeSpan.FromSeconds(59), Given.Tiered));
        Assert.False(SkillMatch.Applies(required, TimeSpan.FromSeconds(60), Given.Tiered));
        Assert.True(SkillMatch.Applies(required, TimeSpan.FromDays(1), RoutingSettings.Default));
        Assert.False(SkillMatch.Applies([], TimeSpan.Zero, Given.Tiered));
    }

    [Fact]
    public void Equal_requirement_sets_have_equal_signatures_whatever_their_order()
    {
        Assert.Equal(
            SkillMatch.Signature(Given.Requires(("b", 2), ("a", 1))),
            SkillMatch.Signature(Given.Requires(("a", 1), ("b", 2), ("b", 1))));
        Assert.NotEqual(SkillMatch.Signature(Given.Requires(("a", 1))), SkillMatch.Signature(Given.Requires(("a", 2))));
    }

    [Fact]
    public void Skill_levels_are_one_to_five()
    {
        Assert.Null(new SkillRequirement("billing", 5).Problem());
        Assert.NotNull(new SkillRequirement("billing", 6).Problem());
        Assert.NotNull(new SkillRequirement("billing", 0).Problem());
        Assert.NotNull(new SkillRequirement(" ", 1).Problem());
    }
}
