using Routing.Testing;

namespace Routing.Storage.Orleans.Tests.Deadlines;

public abstract class DeadlineStormTests(TestDatabase store) : DeadlineSiloTests(store)
{
    [Fact]
    public async Task A_hundred_thousand_deadlines_due_in_the_same_second_each_fire_exactly_once()
    {
        const int count = 100_000;
        await using var silos = await StartSilosAsync();
        var prefix = NewKey("storm/") + "/";
        var due = Start.AddSeconds(60);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 256 },
            async (i, _) => await silos.Alarm(prefix + i).Set("rescue", due.AddMilliseconds(i % 1000), null)).WaitAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(count, silos.Held());

        Time.Advance(TimeSpan.FromSeconds(61));
        await Eventually.True(() => silos.Counters().Delivered == count, "every deadline delivered and deleted", TimeSpan.FromMinutes(5));

        Assert.Equal(count, silos.Counters().Taken); // no attempt failed, none was repeated
        Assert.All(Enumerable.Range(0, count), i => Assert.Single(AlarmGrain.Of(prefix + i)));
        await using var storage = await Store.OpenAsync();
        Assert.Empty(await storage.ReadDueDeadlinesAsync(due.AddDays(1), 10));
    }
}

public sealed class SqliteDeadlineStormTests() : DeadlineStormTests(new SqliteTestDatabase());

public sealed class PostgreSqlDeadlineStormTests() : DeadlineStormTests(new PostgreSqlTestDatabase());
