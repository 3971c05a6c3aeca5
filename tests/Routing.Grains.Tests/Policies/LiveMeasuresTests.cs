using Routing.GrainInterfaces;
using Routing.Grains.Policies.Statistics;

namespace Routing.Grains.Tests.Policies;

/// <summary>Issue 13: what a conversation's change adds to the live statistics, by the projection's rules.</summary>
public sealed class LiveMeasuresTests
{
    private static readonly DateTimeOffset Opened = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly ConversationView Waiting = new("c-1") { DepartmentId = "support", SlaDueAt = Opened.AddMinutes(1) };

    [Theory]
    [InlineData(ConversationChangeKinds.Queued)]
    [InlineData(ConversationChangeKinds.BotHandover)]
    public void Entering_a_queue_is_an_arrival_without_an_SLA_outcome(string kind)
    {
        var measured = LiveMeasures.Of(kind, Waiting, Opened);
        Assert.Equal(new DialogMeasured("c-1", "support", LiveMeasure.Arrived, Opened, null), measured);
    }

    [Theory]
    [InlineData(60, true)]
    [InlineData(61, false)]
    public void The_first_reply_is_answered_and_meets_the_SLA_when_it_came_by_the_due_time(int secondsAfterOpening, bool met)
    {
        var at = Opened.AddSeconds(secondsAfterOpening);
        var measured = LiveMeasures.Of(ConversationChangeKinds.FirstResponse, Waiting with { FirstResponseAt = at }, at);
        Assert.Equal(new DialogMeasured("c-1", "support", LiveMeasure.Answered, at, met), measured);
    }

    [Fact]
    public void A_close_before_any_reply_is_abandoned_and_an_SLA_miss_unless_a_bot_kept_it()
    {
        var at = Opened.AddSeconds(30);
        Assert.Equal(new DialogMeasured("c-1", "support", LiveMeasure.Abandoned, at, false), LiveMeasures.Of(ConversationChangeKinds.Closed, Waiting, at));
        var keptByBot = Waiting with { SlaDueAt = null };
        Assert.Equal(new DialogMeasured("c-1", "support", LiveMeasure.Abandoned, at, null), LiveMeasures.Of(ConversationChangeKinds.Closed, keptByBot, at));
    }

    [Theory]
    [InlineData(ConversationChangeKinds.Closed)]
    [InlineData(ConversationChangeKinds.Assigned)]
    [InlineData(ConversationChangeKinds.OperatorMessage)]
    [InlineData(ConversationChangeKinds.Bot)]
    [InlineData(ConversationChangeKinds.SlaBreached)]
    public void Other_changes_and_the_close_of_an_answered_dialog_add_nothing(string kind) =>
        Assert.Null(LiveMeasures.Of(kind, Waiting with { FirstResponseAt = Opened.AddSeconds(5) }, Opened.AddMinutes(2)));
}
