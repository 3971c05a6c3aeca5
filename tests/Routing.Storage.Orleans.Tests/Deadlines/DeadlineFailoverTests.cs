using Routing.Testing;

namespace Routing.Storage.Orleans.Tests.Deadlines;

public abstract class DeadlineFailoverTests(TestDatabase store) : DeadlineSiloTests(store)
{
    [Fact]
    public async Task With_two_silos_each_deadline_fires_once_and_a_killed_silos_deadlines_fire_on_the_survivor()
    {
        const int count = 200;
        await using var silos = await StartSilosAsync(silos: 2);
        var keys = Enumerable.Range(0, count).Select(_ => NewKey()).ToArray();
        // Scheduled from both silos, so grains live on both and tell owners on either.
        await Task.WhenAll(keys.Select((key, i) => silos.Alarm(key, i % 2).Set("first", Start.AddSeconds(60), null)));
        await Task.WhenAll(keys.Select((key, i) => silos.Alarm(key, i % 2).Set("second", Start.AddSeconds(120), null)));
        var ownedBySecond = keys.Count(key => silos.Owned(1).Owns(AlarmGrain.IdOf(key).GetUniformHashCode()));
        Assert.InRange(ownedBySecond, 1, count - 1);
        // Each silo holds in memory only the deadlines of its own ring range, whichever silo scheduled them.
        Assert.Equal((2 * (count - ownedBySecond), 2 * ownedBySecond), (silos.Held(0), silos.Held(1)));

        Time.Advance(TimeSpan.FromSeconds(60));
        await Eventually.True(() => silos.Counters(0).Delivered + silos.Counters(1).Delivered == count, "every first deadline fired");
        Assert.All(keys, key => Assert.Single(AlarmGrain.Of(key)));
        Assert.Equal(ownedBySecond, silos.Counters(1).Delivered); // each by the owner of its grain's ring position

        await silos.KillAsync(1);
        // Time goes on: calls to grains that lived on the dead silo fail until membership declares it dead, then retry.
        await Eventually.True(() =>
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            return silos.Counters(0).Delivered == 2 * count - ownedBySecond;
        }, "the survivor fired its own second deadlines and the dead silo's", TimeSpan.FromMinutes(2));
        Assert.All(keys, key => Assert.Equal(["first", "second"], AlarmGrain.Of(key).Select(t => t.Name)));
        await silos.WaitUntilTheRingIsSharedAsync();
    }
}

public sealed class SqliteDeadlineFailoverTests() : DeadlineFailoverTests(new SqliteTestDatabase());

public sealed class PostgreSqlDeadlineFailoverTests() : DeadlineFailoverTests(new PostgreSqlTestDatabase());
