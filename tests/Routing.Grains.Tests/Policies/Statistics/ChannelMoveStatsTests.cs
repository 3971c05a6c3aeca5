using Routing.GrainInterfaces;
using Routing.Storage.Statistics;
using static Routing.Grains.Tests.Policies.Statistics.Timelines;

namespace Routing.Grains.Tests.Policies.Statistics;

/// <summary>Issue 15: a dialog moved to another channel counts what happens after the move in the new channel.</summary>
public sealed class ChannelMoveStatsTests
{
    [Fact]
    public void Measures_after_a_channel_move_land_in_the_new_channel()
    {
        var (changes, facts, _) = new Timelines()
            .Add(0, ConversationChangeKinds.Queued, detail: "Chat")
            .Add(10, ConversationChangeKinds.Assigned, "ann")
            .Add(20, ConversationChangeKinds.FirstResponse, "ann")
            .Add(30, ConversationChangeKinds.ChannelMoved, "ann", detail: "Email")
            .Add(40, ConversationChangeKinds.OperatorMessage, "ann")
            .Add(90, ConversationChangeKinds.Closed, "ann", detail: "operator")
            .Fold();

        Assert.Equal("Email", facts.Channel);
        Assert.All(changes.Where(c => c.Measure is StatsMeasure.Offered or StatsMeasure.Assigned or StatsMeasure.Answered), c => Assert.Equal("Chat", c.Key.Channel));
        Assert.Equal(1, Total(changes.Where(c => c.Key.Channel == "Chat"), StatsMeasure.OperatorMessages, "ann"));
        Assert.Equal(1, Total(changes.Where(c => c.Key.Channel == "Email"), StatsMeasure.OperatorMessages, "ann"));
        Assert.Equal(1, Total(changes.Where(c => c.Key.Channel == "Email"), StatsMeasure.Closed, "ann"));
        Assert.Equal(0, Total(changes.Where(c => c.Key.Channel == "Chat"), StatsMeasure.Closed));
    }
}
