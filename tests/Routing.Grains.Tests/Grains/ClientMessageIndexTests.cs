using Routing.Grains.Grains;

namespace Routing.Grains.Tests.Grains;

public sealed class ClientMessageIndexTests
{
    [Fact]
    public void It_keeps_the_newest_keys_up_to_its_capacity()
    {
        var index = new ClientMessageIndex(3);
        for (var s = 1; s <= 5; s++) index.Add($"k{s}", s);

        Assert.Equal([null, null, 3L, 4L, 5L], Enumerable.Range(1, 5).Select(s => index.Find($"k{s}")));
    }

    [Fact]
    public void A_key_used_again_points_at_its_latest_message_and_outlives_its_first_use()
    {
        var index = new ClientMessageIndex(3);
        index.Add("reused", 1);
        index.Add("a", 2);
        index.Add("reused", 3);
        index.Add("b", 4); // pushes out the first "reused" (1), not the second

        Assert.Equal(3L, index.Find("reused"));
        Assert.Equal(2L, index.Find("a"));
        Assert.Null(index.Find("never"));
    }
}
