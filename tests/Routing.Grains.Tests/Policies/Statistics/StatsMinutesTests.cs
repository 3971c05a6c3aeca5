using Routing.GrainInterfaces;
using Routing.Grains.Policies.Statistics;
using Routing.Storage.Statistics;
using static Routing.Grains.Tests.Policies.Statistics.Timelines;

namespace Routing.Grains.Tests.Policies.Statistics;

public sealed class StatsMinutesTests
{
    // Each event's changes into its minute, as the projector does, merged per department and minute.
    private static IReadOnlyList<StatsMinute> Minutes(Timelines timelines)
    {
        ConversationFacts? facts = null;
        var minutes = new List<StatsMinute>();
        foreach (var e in timelines.Events)
        {
            var step = ConversationStatsFold.Apply(facts, "c1", e, timelines.Context);
            facts = step.Facts;
            minutes.AddRange(StatsMinutes.Of(step.Changes, e.At));
        }
        return StatsMinutes.Merge(minutes);
    }

    [Fact]
    public void An_arrival_and_an_answer_within_the_target_land_in_their_utc_minutes_with_the_sla_met_and_nothing_else_counts()
    {
        var minutes = Minutes(new Timelines()
            .Add(50, ConversationChangeKinds.Queued, detail: "Chat")
            .Add(65, ConversationChangeKinds.Assigned, "ann")
            .Add(70, ConversationChangeKinds.CustomerMessage)
            .Add(100, ConversationChangeKinds.FirstResponse, "ann")
            .Add(130, ConversationChangeKinds.OperatorMessage, "ann")
            .Add(620, ConversationChangeKinds.Closed, "ann", detail: "operator")
            .Add(700, ConversationChangeKinds.Rated, "ann", detail: "5/5"));

        // Berlin's hour buckets, but UTC minutes: 09:00 (queued at :50) and 09:01 (answered at 1:40).
        Assert.Equal([new StatsMinute("acme", "support", T0, 1, 0, 0, 0, 0), new StatsMinute("acme", "support", T0.AddMinutes(1), 0, 1, 0, 1, 1)], minutes);
    }

    [Fact]
    public void An_abandon_is_an_sla_miss_in_the_department_it_waited_in_and_a_department_without_a_target_measures_none()
    {
        var minutes = Minutes(new Timelines()
            .Add(0, ConversationChangeKinds.Queued, department: "sales", detail: "Chat")
            .Add(30, ConversationChangeKinds.Transferred, department: "support")
            .Add(200, ConversationChangeKinds.Closed, department: "support", detail: "customer"));
        var unmeasured = Minutes(new Timelines()
            .Add(0, ConversationChangeKinds.Queued, department: "sales", detail: "Chat")
            .Add(90, ConversationChangeKinds.FirstResponse, "bob", department: "sales"));

        Assert.Equal([new StatsMinute("acme", "sales", T0, 1, 0, 0, 0, 0), new StatsMinute("acme", "support", T0.AddMinutes(3), 0, 0, 1, 1, 0)], minutes);
        Assert.Equal([new StatsMinute("acme", "sales", T0, 1, 0, 0, 0, 0), new StatsMinute("acme", "sales", T0.AddMinutes(1), 0, 1, 0, 0, 0)], unmeasured);
    }

    [Fact]
    public void Rows_of_the_same_workspace_department_and_minute_merge_into_one()
    {
        var merged = StatsMinutes.Merge([
            new StatsMinute("acme", "support", T0, 1, 0, 0, 0, 0), new StatsMinute("acme", "support", T0, 0, 1, 0, 1, 1),
            new StatsMinute("acme", "sales", T0, 1, 0, 0, 0, 0), new StatsMinute("other", "support", T0, 1, 0, 0, 0, 0),
        ]);

        Assert.Equal([new StatsMinute("acme", "support", T0, 1, 1, 0, 1, 1), new StatsMinute("acme", "sales", T0, 1, 0, 0, 0, 0),
            new StatsMinute("other", "support", T0, 1, 0, 0, 0, 0)], merged);
        Assert.Equal(T0.AddMinutes(2), StatsMinute.Floor(T0.AddSeconds(179.999)));
    }
}
