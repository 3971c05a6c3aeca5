using Routing.ClientApi.Realtime.Sessions;

namespace Routing.Silo.Tests.Realtime;

/// <summary>The session's replay window: contiguous sequences, bounded by count and bytes, and honest about gaps.</summary>
public sealed class ReplayBufferTests
{
    [Fact]
    public void Frames_after_a_sequence_are_read_back_in_order_until_the_count_bound_drops_the_oldest()
    {
        var buffer = new ReplayBuffer(capacity: 4, maxBytes: 1 << 20);
        for (var i = 1; i <= 6; i++) Assert.Equal(i, buffer.Append(seq => [(byte)seq]));
        Assert.Equal((3L, 6L), (buffer.FirstSeq, buffer.LastSeq));

        var read = new List<byte[]>();
        Assert.True(buffer.TryRead(2, 100, read));
        Assert.Equal(new byte[] { 3, 4, 5, 6 }, read.Select(f => f[0]));
        read.Clear();
        Assert.True(buffer.TryRead(6, 100, read)); // up to date: nothing to read, but no gap
        Assert.Empty(read);
        Assert.False(buffer.TryRead(1, 100, read)); // frame 2 is gone: the reader must resync
        Assert.False(buffer.CanReplayAfter(7)); // a sequence never sent
    }

    [Fact]
    public void The_byte_bound_drops_the_oldest_but_keeps_the_newest_frame_however_large()
    {
        var buffer = new ReplayBuffer(capacity: 100, maxBytes: 10);
        buffer.Append(_ => new byte[4]);
        buffer.Append(_ => new byte[4]);
        buffer.Append(_ => new byte[4]);
        Assert.Equal(2, buffer.FirstSeq);
        buffer.Append(_ => new byte[50]);
        Assert.Equal((4L, 4L), (buffer.FirstSeq, buffer.LastSeq));
        var read = new List<byte[]>();
        Assert.True(buffer.TryRead(3, 1, read));
        Assert.Single(read);
    }

    [Fact]
    public void A_read_stops_at_its_maximum()
    {
        var buffer = new ReplayBuffer(capacity: 16, maxBytes: 1 << 20);
        for (var i = 0; i < 10; i++) buffer.Append(seq => [(byte)seq]);
        var read = new List<byte[]>();
        Assert.True(buffer.TryRead(0, 3, read));
        Assert.Equal(new byte[] { 1, 2, 3 }, read.Select(f => f[0]));
    }
}
