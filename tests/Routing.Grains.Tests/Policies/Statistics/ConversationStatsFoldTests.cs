using Routing.GrainInterfaces;
using Routing.Grains.Policies.Statistics;
using Routing.Storage.Statistics;
using static Routing.Grains.Tests.Policies.Statistics.Timelines;

namespace Routing.Grains.Tests.Policies.Statistics;

public sealed class ConversationStatsFoldTests
{
    [Fact]
    public void An_answered_dialog_counts_offered_assigned_answered_closed_and_resolved_with_its_times()
    {
        var (changes, facts, _) = new Timelines()
            .Add(0, ConversationChangeKinds.Queued, detail: "Chat")
            .Add(20, ConversationChangeKinds.Assigned, "ann")
            .Add(45, ConversationChangeKinds.FirstResponse, "ann")
            .Add(50, ConversationChangeKinds.CustomerMessage)
            .Add(80, ConversationChangeKinds.OperatorMessage, "ann")
            .Add(620, ConversationChangeKinds.Closed, "ann", detail: "operator")
            .Fold();

        Assert.Equal(1, Total(changes, StatsMeasure.Offered, ""));
        Assert.Equal(1, Total(changes, StatsMeasure.Assigned, "ann"));
        Assert.Equal(1, Total(changes, StatsMeasure.Answered, "ann"));
        Assert.Equal(1, Total(changes, StatsMeasure.Closed, "ann"));
        Assert.Equal(1, Total(changes, StatsMeasure.Resolved, "ann"));
        Assert.Equal(0, Total(changes, StatsMeasure.Abandoned));
        Assert.Equal(2, Total(changes, StatsMeasure.CustomerMessages));
        Assert.Equal(2, Total(changes, StatsMeasure.OperatorMessages, "ann"));
        Assert.Equal([20_000L], Durations(changes, StatsTime.Wait));
        Assert.Equal([45_000L], Durations(changes, StatsTime.FirstResponse));
        Assert.Equal([600_000L], Durations(changes, StatsTime.Handle));
        Assert.Equal(1, Total(changes, StatsMeasure.SlaMeasured));
        Assert.Equal(1, Total(changes, StatsMeasure.SlaMet));
        Assert.All(changes, c => Assert.Equal(("acme", "support", "Chat", ""), (c.Key.Workspace, c.Key.Department, c.Key.Channel, c.Key.Topic)));
        Assert.Equal(6, facts.LastSequence);
    }

    [Fact]
    public void A_dialog_an_operator_took_from_the_queue_counts_as_assigned_to_them_with_its_wait()
    {
        var (changes, facts, _) = new Timelines()
            .Add(0, ConversationChangeKinds.Queued, detail: "Chat")
            .Add(35, ConversationChangeKinds.Taken, "bob")
            .Add(50, ConversationChangeKinds.FirstResponse, "bob")
            .Add(90, ConversationChangeKinds.Closed, "bob", detail: "operator")
            .Fold();

        Assert.Equal(1, Total(changes, StatsMeasure.Assigned, "bob"));
        Assert.Equal([35_000L], Durations(changes, StatsTime.Wait));
        Assert.Equal(1, Total(changes, StatsMeasure.Closed, "bob"));
        Assert.Equal([55_000L], Durations(changes, StatsTime.Handle));
        Assert.Equal("bob", facts.Operator);
    }

    [Fact]
    public void A_dialog_closed_before_any_reply_is_abandoned_and_misses_the_sla()
    {
        var (changes, _, _) = new Timelines()
            .Add(0, ConversationChangeKinds.Queued, detail: "Chat")
            .Add(30, ConversationChangeKinds.Assigned, "ann")
            .Add(90, ConversationChangeKinds.Closed, "ann", detail: "customer")
            .Fold();

        Assert.Equal(1, Total(changes, StatsMeasure.Abandoned, ""));
        Assert.Equal(0, Total(changes, StatsMeasure.Resolved));
        Assert.Equal(1, Total(changes, StatsMeasure.SlaMeasured));
        Assert.Equal(0, Total(changes, StatsMeasure.SlaMet));
        Assert.Equal([60_000L], Durations(changes, StatsTime.Handle));
    }

    [Fact]
    public void A_reply_after_the_target_misses_the_sla_and_a_department_without_a_target_measures_none()
    {
        var late = new Timelines()
            .Add(0, ConversationChangeKinds.Queued, detail: "Chat")
            .Add(5, ConversationChangeKinds.Assigned, "ann")
            .Add(61, ConversationChangeKinds.FirstResponse, "ann")
            .Fold().Changes;
        var noTarget = new Timelines()
            .Add(0, ConversationChangeKinds.Queued, department: "sales", detail: "Chat")
            .Add(5, ConversationChangeKinds.Assigned, "ann", "sales")
            .Add(10, ConversationChangeKinds.FirstResponse, "ann", "sales")
            .Fold().Changes;

        Assert.Equal((1L, 0L), (Total(late, StatsMeasure.SlaMeasured), Total(late, StatsMeasure.SlaMet)));
        Assert.Equal((0L, 0L), (Total(noTarget, StatsMeasure.SlaMeasured), Total(noTarget, StatsMeasure.SlaMet)));
    }

    [Fact]
    public void The_sla_measures_the_target_the_dialog_opened_with_not_the_departments_now()
    {
        // Issue 15: a topic's 20 s target misses at 30 s though the department's is 60 s; a department without a
        // target measures the dialog's own (its channel default), and its abandonment misses it.
        var tight = new Timelines()
            .Add(0, ConversationChangeKinds.Queued, detail: "Chat", firstResponseTarget: TimeSpan.FromSeconds(20))
            .Add(30, ConversationChangeKinds.FirstResponse, "ann")
            .Fold().Changes;
        var defaulted = new Timelines()
            .Add(0, ConversationChangeKinds.Queued, department: "sales", detail: "Chat", firstResponseTarget: TimeSpan.FromSeconds(60))
            .Add(59, ConversationChangeKinds.FirstResponse, "ann", "sales")
            .Fold().Changes;
        var abandoned = new Timelines()
            .Add(0, ConversationChangeKinds.Queued, department: "sales", detail: "Chat", firstResponseTarget: TimeSpan.FromSeconds(60))
            .Add(90, ConversationChangeKinds.Closed, department: "sales")
            .Fold().Changes;
        // A bot's dialog waits for a human from the handover (100 s after the opening: 50 s later is within 60 s); one
        // the bot kept to its close never waited for a human.
        var handedOver = new Timelines()
            .Add(0, ConversationChangeKinds.Bot, detail: "Chat", firstResponseTarget: TimeSpan.FromSeconds(60))
            .Add(100, ConversationChangeKinds.BotHandover)
            .Add(150, ConversationChangeKinds.FirstResponse, "ann")
            .Fold().Changes;
        var botOnly = new Timelines()
            .Add(0, ConversationChangeKinds.Bot, detail: "Chat", firstResponseTarget: TimeSpan.FromSeconds(60))
            .Add(300, ConversationChangeKinds.Closed)
            .Fold().Changes;

        Assert.Equal((1L, 0L), (Total(tight, StatsMeasure.SlaMeasured), Total(tight, StatsMeasure.SlaMet)));
        Assert.Equal((1L, 1L), (Total(defaulted, StatsMeasure.SlaMeasured), Total(defaulted, StatsMeasure.SlaMet)));
        Assert.Equal((1L, 0L), (Total(abandoned, StatsMeasure.SlaMeasured), Total(abandoned, StatsMeasure.SlaMet)));
        Assert.Equal((1L, 1L), (Total(handedOver, StatsMeasure.SlaMeasured), Total(handedOver, StatsMeasure.SlaMet)));
        Assert.Equal((0L, 0L), (Total(botOnly, StatsMeasure.SlaMeasured), Total(botOnly, StatsMeasure.SlaMet)));
    }

    [Fact]
    public void A_transfer_is_counted_where_it_left_and_breaks_first_contact_resolution()
    {
        var (changes, _, _) = new Timelines()
            .Add(0, ConversationChangeKinds.Queued, detail: "Chat")
            .Add(10, ConversationChangeKinds.Assigned, "ann")
            .Add(20, ConversationChangeKinds.FirstResponse, "ann")
            .Add(30, ConversationChangeKinds.Transferred, "bob", "sales", "to bob")
            .Add(40, ConversationChangeKinds.Closed, "bob", "sales", "operator")
            .Fold();

        var transfer = Assert.Single(changes, c => c.Measure == StatsMeasure.Transferred);
        Assert.Equal(("support", "ann"), (transfer.Key.Department, transfer.Key.Operator));
        Assert.Equal(1, Total(changes, StatsMeasure.Assigned, "bob"));
        Assert.Equal([10_000L], Durations(changes, StatsTime.Wait)); // only the first assignment waits
        var closed = Assert.Single(changes, c => c.Measure == StatsMeasure.Closed);
        Assert.Equal(("sales", "bob"), (closed.Key.Department, closed.Key.Operator));
        Assert.Equal(0, Total(changes, StatsMeasure.Resolved));
    }

    [Fact]
    public void A_rescue_counts_for_the_operator_it_left()
    {
        var (changes, facts, _) = new Timelines()
            .Add(0, ConversationChangeKinds.Queued, detail: "Chat")
            .Add(10, ConversationChangeKinds.Assigned, "ann")
            .Add(200, ConversationChangeKinds.Rescued, null, "support", "from ann")
            .Add(210, ConversationChangeKinds.Assigned, "bob")
            .Fold();

        Assert.Equal(1, Total(changes, StatsMeasure.Rescued, "ann"));
        Assert.Equal(2, Total(changes, StatsMeasure.Assigned));
        Assert.Equal("bob", facts.Operator);
    }

    [Fact]
    public void A_bot_dialog_is_offered_at_the_handover_and_waits_from_there()
    {
        var (changes, _, _) = new Timelines()
            .Add(0, ConversationChangeKinds.Bot, detail: "Telegram")
            .Add(300, ConversationChangeKinds.BotHandover)
            .Add(330, ConversationChangeKinds.Assigned, "ann")
            .Fold();

        var offered = Assert.Single(changes, c => c.Measure == StatsMeasure.Offered);
        Assert.Equal(T0.AddSeconds(300).ToOffset(TimeSpan.FromHours(1)).ToString("yyyy-MM-dd'T'HH"), offered.Key.Hour);
        Assert.Equal([30_000L], Durations(changes, StatsTime.Wait));
    }

    [Fact]
    public void A_rating_is_counted_normalised_and_kept_for_the_low_rated_list()
    {
        var (changes, _, ratings) = new Timelines()
            .Add(0, ConversationChangeKinds.Queued, detail: "Chat")
            .Add(10, ConversationChangeKinds.Assigned, "ann")
            .Add(20, ConversationChangeKinds.FirstResponse, "ann")
            .Add(30, ConversationChangeKinds.Closed, "ann", detail: "operator")
            .Add(40, ConversationChangeKinds.Rated, "ann", detail: "2/5")
            .Fold();

        Assert.Equal(1, Total(changes, StatsMeasure.Ratings, "ann"));
        Assert.Equal(250_000, Total(changes, StatsMeasure.RatingMicros, "ann"));
        var rating = Assert.Single(ratings);
        Assert.Equal(("c1", "ann", 2, 5, "2026-03-02T10"), (rating.ConversationId, rating.Operator, rating.Score, rating.Scale, rating.Hour));
    }

    [Theory]
    [InlineData(1, 5, 0)]
    [InlineData(5, 5, 1_000_000)]
    [InlineData(2, 3, 500_000)]
    [InlineData(2, 5, 250_000)]
    [InlineData(2, 2, 1_000_000)]
    public void Scores_normalise_from_the_lowest_to_the_highest_of_their_scale(int score, int scale, long micros)
    {
        Assert.Equal(micros, ConversationStatsFold.NormalisedMicros(score, scale));
    }

    [Fact]
    public void Each_event_lands_in_its_own_local_hour_however_late_it_is_folded()
    {
        // 09:59:30 and 10:00:30 UTC: 10 and 11 o'clock in Berlin (UTC+1 in March before the change).
        var (changes, _, _) = new Timelines()
            .Add(3570, ConversationChangeKinds.Queued, detail: "Chat")
            .Add(3630, ConversationChangeKinds.Assigned, "ann")
            .Fold();

        Assert.Equal("2026-03-02T10", Assert.Single(changes, c => c.Measure == StatsMeasure.Offered).Key.Hour);
        Assert.Equal("2026-03-02T11", Assert.Single(changes, c => c.Measure == StatsMeasure.Assigned).Key.Hour);
    }

    [Fact]
    public void An_event_already_counted_changes_nothing()
    {
        var timeline = new Timelines()
            .Add(0, ConversationChangeKinds.Queued, detail: "Chat")
            .Add(20, ConversationChangeKinds.Assigned, "ann");
        var (_, facts, _) = timeline.Fold();

        var again = ConversationStatsFold.Apply(facts, "c1", timeline.Events[1], timeline.Context);

        Assert.Empty(again.Changes);
        Assert.Same(facts, again.Facts);
    }

    [Fact]
    public void A_second_close_is_not_counted()
    {
        var (changes, _, _) = new Timelines()
            .Add(0, ConversationChangeKinds.Queued, detail: "Chat")
            .Add(10, ConversationChangeKinds.Closed, detail: "customer")
            .Add(11, ConversationChangeKinds.Closed, detail: "supervisor")
            .Fold();

        Assert.Equal(1, Total(changes, StatsMeasure.Closed));
        Assert.Equal(1, Total(changes, StatsMeasure.Abandoned));
    }
}
