using Routing.LoadTool.Engine;

namespace Routing.LoadTool.Tests;

public sealed class FeedTallyTests
{
    [Fact]
    public void Changes_in_timeline_order_are_new_and_frames_numbered_without_a_jump_are_no_gap()
    {
        var tally = new FeedTally();

        foreach (var seq in new long[] { 1, 2, 3, 4 }) tally.Frame(seq);
        Assert.Equal(FeedSighting.New, tally.Change("c1", 1));
        Assert.Equal(FeedSighting.New, tally.Change("c2", 1));
        Assert.Equal(FeedSighting.New, tally.Change("c1", 3)); // rows of message-only changes are never sent: a jump in rows is no loss

        Assert.Equal((0, 0, 0, 3, 4L), (tally.Gaps, tally.Duplicates, tally.OutOfOrder, tally.Changes, tally.Frames));
    }

    [Fact]
    public void A_repeated_row_is_a_duplicate_a_lower_row_is_out_of_order_and_a_skipped_frame_number_is_a_gap()
    {
        var tally = new FeedTally();

        tally.Frame(7); // a session's numbers start anywhere once it is followed
        tally.Frame(8);
        tally.Frame(10);
        Assert.Equal(FeedSighting.New, tally.Change("c1", 4));
        Assert.Equal(FeedSighting.Duplicate, tally.Change("c1", 4));
        Assert.Equal(FeedSighting.OutOfOrder, tally.Change("c1", 2));
        Assert.Equal(FeedSighting.New, tally.Change("c1", 5));

        Assert.Equal((1, 1, 1, 3), (tally.Gaps, tally.Duplicates, tally.OutOfOrder, tally.Changes));
    }

    [Fact]
    public void What_another_supervisor_saw_and_this_one_did_not_is_missing()
    {
        var (first, second, third) = (new FeedTally(), new FeedTally(), new FeedTally());
        first.Change("c1", 1);
        first.Change("c1", 2);
        first.Change("c2", 1);
        second.Change("c1", 1);
        second.Change("c3", 1);
        foreach (var (conversation, row) in new[] { ("c1", 1L), ("c1", 2L), ("c2", 1L), ("c3", 1L) }) third.Change(conversation, row);

        var views = new[] { first.Seen(), second.Seen(), third.Seen() };
        first.Change("c9", 1); // after the views were taken: in none of them

        Assert.Equal([1, 2, 0], FeedTally.Missing(views));
        Assert.Equal(3, views[0].Count);
    }
}
