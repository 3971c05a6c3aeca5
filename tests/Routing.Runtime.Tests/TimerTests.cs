using Routing.Runtime.Tests.Grains;

namespace Routing.Runtime.Tests;

public sealed class TimerTests
{
    [Fact]
    public async Task A_timer_ticks_as_turns_of_its_grain_driven_by_the_injected_clock()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var key = "acme/" + Guid.NewGuid();
        var grain = silo.Factory.GetGrain<ITickerGrain>(key);
        await grain.Start(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), keepAlive: false);
        var armed = silo.Time.ArmedTimerCount;

        silo.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, await grain.Ticks());

        for (var expected = 1; expected <= 3; expected++)
        {
            silo.Time.Advance(TimeSpan.FromSeconds(expected == 1 ? 1 : 5));
            await TickedAndRearmed(silo, key, expected, armed);
        }
        Assert.Equal(3, await grain.Ticks());

        await grain.StopTicking();
        silo.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(3, await grain.Ticks());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Timer_ticks_keep_a_grain_alive_only_when_asked_to(bool keepAlive)
    {
        await using var silo = await RuntimeSilo.StartAsync(configure: o =>
        {
            o.CollectionAge = TimeSpan.FromMinutes(5);
            o.CollectionQuantum = TimeSpan.FromMinutes(1);
        });
        var key = "acme/" + Guid.NewGuid();
        await silo.Factory.GetGrain<ITickerGrain>(key).Start(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), keepAlive);
        var armed = silo.Time.ArmedTimerCount;

        for (var minute = 1; minute <= 8 && Probe.DeactivationsOf(key) == 0; minute++)
        {
            silo.Time.Advance(TimeSpan.FromMinutes(1));
            await Eventually.True(() => Probe.DeactivationsOf(key) > 0 || (Probe.TicksOf(key) == minute && silo.Time.ArmedTimerCount == armed),
                $"tick {minute} ran and re-armed, or the grain was collected");
        }

        if (keepAlive)
        {
            Assert.Equal(0, Probe.DeactivationsOf(key));
            Assert.Equal(8, Probe.TicksOf(key));
        }
        else
        {
            await Eventually.True(() => Probe.DeactivationsOf(key) == 1, "collected although its timer kept ticking");
            Assert.InRange(Probe.TicksOf(key), 4, 6); // it did tick every minute until collected at 5-6 minutes
        }
    }

    [Fact]
    public async Task Timers_die_with_their_activation()
    {
        await using var silo = await RuntimeSilo.StartAsync(configure: o => o.CollectionAge = TimeSpan.FromMinutes(5));
        var key = "acme/" + Guid.NewGuid();
        var grain = silo.Factory.GetGrain<ITickerGrain>(key);
        await grain.Start(TimeSpan.FromHours(1), TimeSpan.FromHours(1), keepAlive: false);
        var armedWithTimer = silo.Time.ArmedTimerCount;

        silo.Time.Advance(TimeSpan.FromMinutes(7));
        await Eventually.True(() => Probe.DeactivationsOf(key) == 1, "collected");
        Assert.Equal(armedWithTimer - 1, silo.Time.ArmedTimerCount);
    }

    private static Task TickedAndRearmed(TestSilo silo, string key, int ticks, int armed) =>
        Eventually.True(() => Probe.TicksOf(key) == ticks && silo.Time.ArmedTimerCount == armed, $"tick {ticks} ran and the timer re-armed");
}
