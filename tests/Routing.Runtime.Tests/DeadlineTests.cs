using Routing.Runtime.Tests.Grains;
using Routing.Testing;

namespace Routing.Runtime.Tests;

public abstract class DeadlineTests(IStorageBackend backend) : StorageBackedTests(backend)
{
    [Fact]
    public async Task A_deadline_fires_once_at_its_time_with_its_payload()
    {
        await using var silo = await RuntimeSilo.StartAsync(await Backend.CreateDatabaseAsync());
        var key = "acme/" + Guid.NewGuid();
        var due = silo.Time.GetUtcNow().AddSeconds(60);
        await silo.Factory.GetGrain<IAlarmGrain>(key).Set("rescue", due, "dialog-17");

        silo.Time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(50); // give a wrong early delivery the chance to show
        Assert.Empty(AlarmGrain.Of(key));

        silo.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => AlarmGrain.Of(key).Count == 1, "delivered at its due time");
        var tick = AlarmGrain.Of(key).Single();
        Assert.Equal(("rescue", due, "dialog-17", 1), (tick.Name, tick.DueAt, tick.Payload, tick.Attempt));

        silo.Time.Advance(TimeSpan.FromMinutes(10));
        await Eventually.True(() => silo.Runtime.DeadlinesDelivered == 1, "deleted after delivery");
        Assert.Single(AlarmGrain.Of(key));
    }

    [Fact]
    public async Task Scheduling_the_same_name_again_replaces_the_deadline_and_cancel_removes_it()
    {
        await using var silo = await RuntimeSilo.StartAsync(await Backend.CreateDatabaseAsync());
        var key = "acme/" + Guid.NewGuid();
        var grain = silo.Factory.GetGrain<IAlarmGrain>(key);
        var now = silo.Time.GetUtcNow();
        await grain.Set("offer", now.AddSeconds(10), "first");
        await grain.Set("offer", now.AddSeconds(20), "second");
        await grain.Set("cancelled", now.AddSeconds(15), null);
        await grain.Cancel("cancelled");

        silo.Time.Advance(TimeSpan.FromSeconds(30));
        await Eventually.True(() => AlarmGrain.Of(key).Count == 1, "only the replacement fired");
        await Task.Delay(50);
        Assert.Equal("second", AlarmGrain.Of(key).Single().Payload);
    }

    [Fact]
    public async Task A_failing_handler_is_retried_with_backoff_until_it_succeeds()
    {
        await using var silo = await RuntimeSilo.StartAsync(await Backend.CreateDatabaseAsync(), o => o.DeadlineRetryBackoff = TimeSpan.FromSeconds(1));
        var key = "acme/" + Guid.NewGuid();
        AlarmGrain.FailuresLeft[key] = 2;
        await silo.Factory.GetGrain<IAlarmGrain>(key).Set("shift-end", silo.Time.GetUtcNow().AddSeconds(5), null);
        var armed = silo.Time.ArmedTimerCount; // the deadline timer is armed now

        silo.Time.Advance(TimeSpan.FromSeconds(5));                // attempt 1 fails; retry in 1 s
        await Eventually.True(() => AlarmGrain.FailuresLeft[key] == 1, "first attempt failed");
        await WaitForRetryArmed(silo, armed);
        silo.Time.Advance(TimeSpan.FromSeconds(1));                // attempt 2 fails; retry in 2 s
        await Eventually.True(() => AlarmGrain.FailuresLeft[key] == 0, "second attempt failed");
        await WaitForRetryArmed(silo, armed);
        silo.Time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.Empty(AlarmGrain.Of(key));                          // backoff doubled: not yet
        silo.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => AlarmGrain.Of(key).Count == 1, "third attempt succeeded");
        Assert.Equal(3, AlarmGrain.Of(key).Single().Attempt);
    }

    [Fact]
    public async Task Deadlines_survive_a_crash_and_fire_once_after_the_restart_reactivating_their_grains()
    {
        var storage = await Backend.CreateDatabaseAsync();
        var keys = Enumerable.Range(0, 3).Select(_ => "acme/" + Guid.NewGuid()).ToArray();
        var crashed = await RuntimeSilo.StartAsync(storage);
        var start = crashed.Time.GetUtcNow();
        await crashed.Factory.GetGrain<IAlarmGrain>(keys[0]).Set("rescue", start.AddSeconds(30), "a");
        await crashed.Factory.GetGrain<IAlarmGrain>(keys[1]).Set("rescue", start.AddSeconds(90), "b");
        await crashed.Factory.GetGrain<IAlarmGrain>(keys[2]).Set("shift", start.AddHours(3), "c"); // beyond the in-memory window
        await crashed.CrashAsync();

        // The process was down for a minute: the first deadline is overdue when the silo comes back.
        var time = new ManualTimeProvider(start.AddSeconds(60));
        await using var restarted = await RuntimeSilo.StartAsync(storage, time: time);
        time.Advance(TimeSpan.Zero);
        await Eventually.True(() => AlarmGrain.Of(keys[0]).Count == 1, "the overdue deadline fired right after the restart");
        Assert.Empty(AlarmGrain.Of(keys[1]));

        time.Advance(TimeSpan.FromSeconds(30));
        await Eventually.True(() => AlarmGrain.Of(keys[1]).Count == 1, "the next one fired on time");

        time.SetUtcNow(start.AddHours(3).AddMinutes(-5));
        await Task.Delay(50);
        Assert.Empty(AlarmGrain.Of(keys[2]));
        // Refills load it from storage as the window reaches it; keep the clock moving until it fires.
        await Eventually.True(() =>
        {
            time.Advance(TimeSpan.FromSeconds(10));
            return AlarmGrain.Of(keys[2]).Count == 1;
        }, "the far deadline fired after the window reached it");
        Assert.True(AlarmGrain.Of(keys[2]).Single().DueAt == start.AddHours(3));
        await Task.Delay(50);
        Assert.All(keys, k => Assert.Single(AlarmGrain.Of(k)));
    }

    [Fact]
    public async Task A_hundred_thousand_deadlines_due_in_the_same_second_each_fire_exactly_once()
    {
        const int count = 100_000;
        var storage = await Backend.CreateDatabaseAsync();
        await using var silo = await RuntimeSilo.StartAsync(storage, o => o.CallTimeout = TimeSpan.FromHours(1));
        var prefix = "acme/storm-" + Guid.NewGuid() + "-";
        var due = silo.Time.GetUtcNow().AddSeconds(60);
        await Eventually.Within(Task.WhenAll(Enumerable.Range(0, count)
            .Select(i => silo.Factory.GetGrain<IAlarmGrain>(prefix + i).Set("rescue", due.AddMilliseconds(i % 1000), null))), TimeSpan.FromMinutes(5));

        silo.Time.Advance(TimeSpan.FromSeconds(61));
        await Eventually.True(() => silo.Runtime.DeadlinesDelivered == count, "every deadline delivered and deleted", TimeSpan.FromMinutes(5));

        Assert.All(Enumerable.Range(0, count), i => Assert.Single(AlarmGrain.Of(prefix + i)));
        Assert.Empty(await silo.Runtime.Storage!.ReadDueDeadlinesAsync(due.AddHours(1), 10));
    }

    private static Task WaitForRetryArmed(TestSilo silo, int armed) =>
        Eventually.True(() => silo.Time.ArmedTimerCount == armed, "the retry is armed");
}

public sealed class SqliteDeadlineTests() : DeadlineTests(new SqliteBackend());

public sealed class PostgreSqlDeadlineTests() : DeadlineTests(new PostgreSqlBackend());
