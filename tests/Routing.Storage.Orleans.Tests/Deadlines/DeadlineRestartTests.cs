using Routing.Testing;

namespace Routing.Storage.Orleans.Tests.Deadlines;

public abstract class DeadlineRestartTests(TestDatabase store) : DeadlineSiloTests(store)
{
    [Fact]
    public async Task A_deadline_due_while_no_silo_ran_fires_once_after_a_new_silo_starts_on_the_same_store()
    {
        var keys = Enumerable.Range(0, 3).Select(_ => NewKey()).ToArray();
        await using (var crashed = await StartSilosAsync())
        {
            await crashed.Alarm(keys[0]).Set("rescue", Start.AddSeconds(30), "a");
            await crashed.Alarm(keys[1]).Set("rescue", Start.AddSeconds(90), "b");
            await crashed.Alarm(keys[2]).Set("shift", Start.AddHours(3), "c"); // beyond the in-memory window
            await crashed.KillAsync(0);
        }

        // Down for a minute: the first deadline fell due meanwhile.
        Time.Advance(TimeSpan.FromSeconds(60));
        await using var restarted = await StartSilosAsync();
        await Eventually.True(() => AlarmGrain.Of(keys[0]).Count == 1, "the overdue deadline fired right after the restart");
        Assert.Empty(AlarmGrain.Of(keys[1]));

        Time.Advance(TimeSpan.FromSeconds(30));
        await Eventually.True(() => AlarmGrain.Of(keys[1]).Count == 1, "the next one fired on time");

        Time.SetUtcNow(Start.AddHours(3).AddMinutes(-5));
        Assert.Equal(2, restarted.Counters().Taken);
        // Refills load the far one as the window reaches it; keep the clock moving until it fires.
        await Eventually.True(() =>
        {
            Time.Advance(TimeSpan.FromSeconds(10));
            return AlarmGrain.Of(keys[2]).Count == 1;
        }, "the far deadline fired once the window reached it");
        Assert.Equal((Start.AddHours(3), "c"), (AlarmGrain.Of(keys[2])[0].DueAt, AlarmGrain.Of(keys[2])[0].Payload));
        await Eventually.True(() => restarted.Counters().Delivered == 3, "all three deleted");
        Assert.All(keys, k => Assert.Single(AlarmGrain.Of(k)));
    }

    [Fact]
    public async Task A_deadline_stored_by_our_old_runtime_without_a_ring_position_gets_one_on_start_and_fires()
    {
        var key = NewKey();
        var legacy = new DeadlineRecord(AlarmGrain.GrainTypeName, key, "legacy", Start.AddSeconds(10), "from our runtime", Guid.NewGuid());
        await using (var storage = await Store.OpenAsync()) await storage.UpsertDeadlineAsync(legacy);

        await using var silos = await StartSilosAsync();

        await using (var storage = await Store.OpenAsync())
        {
            var stored = Assert.Single(await storage.ReadDueDeadlinesAsync(Start.AddDays(1), 10));
            Assert.Equal(AlarmGrain.IdOf(key).GetUniformHashCode(), stored.GrainHash);
        }
        Time.Advance(TimeSpan.FromSeconds(10));
        await Eventually.True(() => silos.Counters().Delivered == 1, "the legacy deadline fired");
        Assert.Equal(("legacy", "from our runtime"), (AlarmGrain.Of(key)[0].Name, AlarmGrain.Of(key)[0].Payload));
    }
}

public sealed class SqliteDeadlineRestartTests() : DeadlineRestartTests(new SqliteTestDatabase());

public sealed class PostgreSqlDeadlineRestartTests() : DeadlineRestartTests(new PostgreSqlTestDatabase());
