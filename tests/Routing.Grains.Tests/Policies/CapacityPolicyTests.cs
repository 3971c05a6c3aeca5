namespace Routing.Grains.Tests.Policies;

public class CapacityPolicyTests
{
    [Fact]
    public void Text_channels_cost_one_unit_by_default()
    {
        foreach (var channel in new[] { Channel.Chat, Channel.Messenger, Channel.Social, Channel.Email })
            Assert.Equal(1, CapacityPolicy.CostOf(channel, capacity: 5));
    }

    [Fact]
    public void Channel_costs_are_configurable()
    {
        var costs = new ChannelCosts { Email = 2 };
        Assert.Equal(2, CapacityPolicy.CostOf(Channel.Email, 5, costs));
        Assert.True(CapacityPolicy.CanTake(3, false, 5, Channel.Email, costs));
        Assert.False(CapacityPolicy.CanTake(4, false, 5, Channel.Email, costs));
    }

    [Fact]
    public void A_voice_call_takes_the_whole_operator()
    {
        Assert.Equal(5, CapacityPolicy.CostOf(Channel.Voice, capacity: 5));
        Assert.True(CapacityPolicy.CanTake(0, false, 5, Channel.Voice));
        Assert.False(CapacityPolicy.CanTake(1, false, 5, Channel.Voice));
    }

    [Fact]
    public void Nothing_else_fits_while_a_voice_call_is_active_even_if_capacity_is_raised()
    {
        Assert.False(CapacityPolicy.CanTake(load: 5, activeVoice: true, capacity: 10, Channel.Chat));
        Assert.False(CapacityPolicy.CanTake(load: 0, activeVoice: true, capacity: 10, Channel.Voice));
        Assert.Equal(0, CapacityPolicy.FreeUnits(5, true, 10));
    }

    [Theory]
    [InlineData(0, 1, true)]
    [InlineData(1, 1, false)]
    [InlineData(4, 5, true)]
    [InlineData(5, 5, false)]
    [InlineData(7, 5, false)]
    public void Load_never_goes_over_capacity(int load, int capacity, bool fits) =>
        Assert.Equal(fits, CapacityPolicy.CanTake(load, false, capacity, Channel.Chat));

    [Fact]
    public void An_operator_with_zero_capacity_takes_nothing()
    {
        Assert.False(CapacityPolicy.CanTake(0, false, 0, Channel.Chat));
        Assert.False(CapacityPolicy.CanTake(0, false, 0, Channel.Voice));
    }

    [Fact]
    public void Free_units_are_never_negative_after_a_forced_assignment() =>
        Assert.Equal(0, CapacityPolicy.FreeUnits(load: 7, activeVoice: false, capacity: 5));

    [Theory]
    [InlineData(3, 1, 2, 3, false)] // full: a dearer channel does not fit
    [InlineData(2, 1, 2, 3, true)]  // room for the difference
    [InlineData(3, 2, 1, 3, true)]  // cheaper always fits
    [InlineData(5, 1, 1, 3, true)]  // forced over capacity: an equal cost adds nothing
    [InlineData(5, 1, 2, 3, false)]
    public void A_channel_move_fits_when_cheaper_or_within_capacity(int load, int oldCost, int newCost, int capacity, bool fits) =>
        Assert.Equal(fits, CapacityPolicy.CanChangeChannel(load, oldCost, newCost, capacity));

    [Theory]
    [InlineData(OperatorStatus.Online, 2, false, 3, true)]
    [InlineData(OperatorStatus.Online, 3, false, 3, false)]   // full
    [InlineData(OperatorStatus.Online, 4, false, 3, false)]   // forced over capacity
    [InlineData(OperatorStatus.Online, 0, true, 3, false)]    // on a call
    [InlineData(OperatorStatus.Away, 0, false, 3, false)]     // room, but nobody gives them work
    [InlineData(OperatorStatus.WrappingUp, 0, false, 3, false)]
    public void A_router_asks_for_more_only_for_an_online_operator_with_room(OperatorStatus status, int load, bool activeVoice, int capacity, bool more) =>
        Assert.Equal(more, CapacityPolicy.MayTakeMore(status, load, activeVoice, capacity));
}
