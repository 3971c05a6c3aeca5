using Routing.Grains.Policies;

namespace Routing.Grains.Tests.Policies.Seats;

public sealed class SeatPolicyTests
{
    [Theory]
    [InlineData(null, 0, true)]
    [InlineData(null, 5000, true)]
    [InlineData(3, 2, true)]
    [InlineData(3, 3, false)]
    [InlineData(1, 2, false)] // a licence lowered below the count
    [InlineData(0, 0, false)]
    public void A_new_operator_fits_only_below_the_seats(int? seats, int configured, bool fits) =>
        Assert.Equal(fits, SeatPolicy.Refusal(seats, configured) is null);

    [Theory]
    [InlineData(null, true)]
    [InlineData(0, true)]
    [InlineData(1_000_000, true)]
    [InlineData(-1, false)]
    [InlineData(1_000_001, false)]
    public void Seats_are_unlimited_or_between_0_and_a_million(int? seats, bool valid) =>
        Assert.Equal(valid, SeatPolicy.Problem(seats) is null);
}
