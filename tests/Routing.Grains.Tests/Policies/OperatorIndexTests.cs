namespace Routing.Grains.Tests.Policies;

public class OperatorIndexTests
{
    private static OperatorIndex Index(RoutingStrategy strategy, params RoutingOperator[] operators)
    {
        var index = new OperatorIndex(strategy);
        foreach (var op in operators) index.Upsert(op);
        return index;
    }

    private static string? Pick(OperatorIndex index, WaitingDialog? dialog = null, double now = 100, RoutingSettings? settings = null) =>
        index.FindBest(dialog ?? Given.Dialog("d", since: now), Given.At(now), settings ?? RoutingSettings.Default)?.Id;

    [Fact]
    public void Least_loaded_picks_the_lowest_load_to_capacity_ratio()
    {
        var index = Index(RoutingStrategy.LeastLoaded,
            Given.Operator("half", load: 1, capacity: 2),
            Given.Operator("fifth", load: 1, capacity: 5),
            Given.Operator("third", load: 1, capacity: 3));
        Assert.Equal("fifth", Pick(index));
    }

    [Fact]
    public void Least_loaded_ties_go_to_the_longest_idle()
    {
        var index = Index(RoutingStrategy.LeastLoaded,
            Given.Operator("recent", load: 1, capacity: 5, lastAssigned: 50),
            Given.Operator("idle-longest", load: 2, capacity: 10, lastAssigned: 10),
            Given.Operator("middle", load: 1, capacity: 5, lastAssigned: 30));
        Assert.Equal("idle-longest", Pick(index));
    }

    [Fact]
    public void Longest_idle_counts_from_the_later_of_the_last_assignment_and_becoming_available()
    {
        var index = Index(RoutingStrategy.LongestIdle,
            Given.Operator("back-from-break", availableSince: 40, lastAssigned: 5),
            Given.Operator("busy-recently", availableSince: 0, lastAssigned: 30),
            Given.Operator("never-assigned", availableSince: 35));
        Assert.Equal("busy-recently", Pick(index));
    }

    [Fact]
    public void Round_robin_goes_around_the_ring_and_wraps()
    {
        var index = Index(RoutingStrategy.RoundRobin, Given.Operator("a"), Given.Operator("b"), Given.Operator("c"));
        var picks = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var picked = Pick(index)!;
            index.RecordAssignment(picked);
            picks.Add(picked);
        }
        Assert.Equal(["a", "b", "c", "a", "b"], picks);
    }

    [Fact]
    public void Round_robin_passes_over_operators_who_cannot_take_the_dialog()
    {
        var index = Index(RoutingStrategy.RoundRobin, Given.Operator("a"), Given.Operator("b", load: 3), Given.Operator("c", status: OperatorStatus.Away), Given.Operator("d"));
        index.RecordAssignment("a");
        Assert.Equal("d", Pick(index));
        index.RecordAssignment("d");
        Assert.Equal("a", Pick(index));
        Assert.Equal(new Dictionary<int, string> { [1] = "d" }, index.RoundRobinCursors);
    }

    [Fact]
    public void A_restored_round_robin_cursor_continues_the_rotation()
    {
        var index = Index(RoutingStrategy.RoundRobin, Given.Operator("a"), Given.Operator("b"), Given.Operator("c"));
        index.RestoreRoundRobinCursor(1, "b");
        Assert.Equal("c", Pick(index));
    }

    [Fact]
    public void First_tier_operators_go_first_and_the_second_tier_only_after_widening()
    {
        var index = Index(RoutingStrategy.LeastLoaded,
            Given.Operator("tier1-busy", load: 2, capacity: 3, tier: 1),
            Given.Operator("tier2-idle", load: 0, capacity: 3, tier: 2));
        var dialog = Given.Dialog("d", since: 0);
        Assert.Equal("tier1-busy", Pick(index, dialog, now: 40, Given.Tiered));

        index.Upsert(Given.Operator("tier1-busy", load: 3, capacity: 3, tier: 1));
        Assert.Null(Pick(index, dialog, now: 29, Given.Tiered));
        Assert.Equal("tier2-idle", Pick(index, dialog, now: 30, Given.Tiered));
    }

    [Fact]
    public void A_voice_call_goes_only_to_an_operator_with_nothing_at_all()
    {
        var index = Index(RoutingStrategy.LongestIdle,
            Given.Operator("chatting", load: 1, capacity: 5, availableSince: 0),
            Given.Operator("free", load: 0, capacity: 5, availableSince: 50));
        Assert.Equal("free", Pick(index, Given.Dialog("call", since: 100, channel: Channel.Voice)));
        index.Upsert(Given.Operator("free", load: 5, capacity: 5, activeVoice: true));
        Assert.Null(Pick(index, Given.Dialog("call", since: 100, channel: Channel.Voice)));
        Assert.Equal("chatting", Pick(index));
    }

    [Fact]
    public void The_best_skill_match_goes_first_until_skills_are_widened()
    {
        var index = Index(RoutingStrategy.LeastLoaded,
            Given.Operator("no-skill", load: 0),
            Given.Operator("good", load: 2, skills: Given.Skills(("billing", 3))),
            Given.Operator("expert", load: 2, skills: Given.Skills(("billing", 5)), lastAssigned: 90),
            Given.Operator("expert-idle", load: 2, skills: Given.Skills(("billing", 5)), lastAssigned: 10));
        var dialog = Given.Dialog("d", since: 0) with { RequiredSkills = Given.Requires(("billing", 2)) };
        Assert.Equal("expert-idle", Pick(index, dialog, now: 59, Given.Tiered));
        Assert.Equal("no-skill", Pick(index, dialog, now: 60, Given.Tiered));
    }

    [Fact]
    public void Full_operators_are_no_candidates_until_they_free_capacity()
    {
        var index = Index(RoutingStrategy.LeastLoaded, Given.Operator("a", load: 3, capacity: 3));
        Assert.Equal(0, index.AvailableCount);
        Assert.Null(Pick(index));
        index.Upsert(Given.Operator("a", load: 2, capacity: 3));
        Assert.Equal(1, index.AvailableCount);
        Assert.Equal("a", Pick(index));
        Assert.True(index.Remove("a"));
        Assert.Null(Pick(index));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void An_operator_who_dropped_the_dialog_is_passed_over()
    {
        var index = Index(RoutingStrategy.LeastLoaded, Given.Operator("dropper", load: 0), Given.Operator("other", load: 1));
        Assert.Equal("other", Pick(index, Given.Dialog("d", since: 100) with { SkippedOperators = ["dropper"] }));
    }

    [Fact]
    public void Available_operators_are_listed_by_tier_then_strategy()
    {
        var index = Index(RoutingStrategy.LeastLoaded,
            Given.Operator("t2", tier: 2),
            Given.Operator("t1-loaded", load: 2),
            Given.Operator("t1-free"),
            Given.Operator("full", load: 3));
        Assert.Equal(["t1-free", "t1-loaded", "t2"], index.AvailableInOrder().Select(op => op.Id));
    }
}
