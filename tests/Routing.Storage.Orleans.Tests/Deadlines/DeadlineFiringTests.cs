using Routing.Testing;

namespace Routing.Storage.Orleans.Tests.Deadlines;

public abstract class DeadlineFiringTests(TestDatabase store) : DeadlineSiloTests(store)
{
    [Fact]
    public async Task A_deadline_fires_once_at_its_due_time_with_its_payload_and_not_before()
    {
        await using var silos = await StartSilosAsync();
        var key = NewKey();
        var due = Time.GetUtcNow().AddSeconds(60);
        await silos.Alarm(key).Set("rescue", due, "dialog-17");

        Time.Advance(TimeSpan.FromSeconds(59));
        // The timer runs inside Advance: had the deadline been due, it would have been taken by now.
        Assert.Equal(0, silos.Counters().Taken);
        Assert.Empty(AlarmGrain.Of(key));

        Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => silos.Counters().Delivered == 1, "delivered at its due time, then deleted");
        var tick = Assert.Single(AlarmGrain.Of(key));
        Assert.Equal(("rescue", due, "dialog-17", 1), (tick.Name, tick.DueAt, tick.Payload, tick.Attempt));
        Assert.Equal(0, silos.Held());

        await using var storage = await Store.OpenAsync();
        Assert.Empty(await storage.ReadDueDeadlinesAsync(due.AddDays(1), 10));
        Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, silos.Counters().Taken);
    }

    [Fact]
    public async Task Scheduling_the_same_name_again_replaces_the_deadline_and_cancel_removes_it()
    {
        await using var silos = await StartSilosAsync();
        var key = NewKey();
        var grain = silos.Alarm(key);
        var now = Time.GetUtcNow();
        await grain.Set("offer", now.AddSeconds(10), "first");
        await grain.Set("offer", now.AddSeconds(20), "second");
        await grain.Set("cancelled", now.AddSeconds(15), null);
        await grain.Cancel("cancelled");
        await grain.Set("moved-away", now.AddSeconds(5), null);
        await grain.Set("moved-away", now.AddHours(5), "beyond the window");

        Time.Advance(TimeSpan.FromSeconds(30));
        // Only the replacement was ever due: neither old form nor the cancelled one was taken.
        Assert.Equal(1, silos.Counters().Taken);
        await Eventually.True(() => silos.Counters().Delivered == 1, "the replacement fired");
        Assert.Equal("second", Assert.Single(AlarmGrain.Of(key)).Payload);
        Assert.Equal(0, silos.Held()); // the one left is beyond the window: in storage only

        await using var storage = await Store.OpenAsync();
        var left = Assert.Single(await storage.ReadDueDeadlinesAsync(now.AddDays(1), 10));
        Assert.Equal(("moved-away", "beyond the window"), (left.Name, left.Payload));
    }

    [Fact]
    public async Task A_handler_that_schedules_its_deadline_again_keeps_only_the_new_version_which_fires_then_goes()
    {
        await using var silos = await StartSilosAsync();
        var key = NewKey();
        AlarmGrain.RearmAfter[key] = TimeSpan.FromSeconds(30);
        var due = Time.GetUtcNow().AddSeconds(10);
        await silos.Alarm(key).Set("rescue", due, "first");

        Time.Advance(TimeSpan.FromSeconds(10));
        await Eventually.True(() => silos.Counters().Delivered == 1, "the first version was delivered");
        await using (var storage = await Store.OpenAsync())
        {
            // The new version's row replaced the delivered one's: nothing of the first is left to fire again.
            var left = Assert.Single(await storage.ReadDueDeadlinesAsync(due.AddDays(1), 10));
            Assert.Equal(("rescue", due.AddSeconds(30), "again"), (left.Name, left.DueAt, left.Payload));
        }
        Assert.Equal(1, silos.Held());

        Time.Advance(TimeSpan.FromSeconds(30));
        await Eventually.True(() => silos.Counters().Delivered == 2, "the new version was delivered");
        Assert.Equal(["first", "again"], AlarmGrain.Of(key).Select(t => t.Payload));
        await using (var storage = await Store.OpenAsync())
            Assert.Empty(await storage.ReadDueDeadlinesAsync(due.AddDays(1), 10)); // not re-armed this time: deleted
        Assert.Equal(0, silos.Held());
    }

    [Fact]
    public async Task A_failing_handler_is_retried_with_doubling_backoff_until_it_succeeds()
    {
        await using var silos = await StartSilosAsync(configure: o => o.RetryBackoff = TimeSpan.FromSeconds(1));
        var key = NewKey();
        AlarmGrain.FailuresLeft[key] = 2;
        await silos.Alarm(key).Set("shift-end", Time.GetUtcNow().AddSeconds(5), null);
        var counters = silos.Counters();

        Time.Advance(TimeSpan.FromSeconds(5));                       // attempt 1 fails: retry in 1 s
        await Eventually.True(() => counters.Failed == 1, "the first attempt failed and its retry is armed");
        Time.Advance(TimeSpan.FromSeconds(1));                       // attempt 2 fails: retry in 2 s
        await Eventually.True(() => counters.Failed == 2, "the second attempt failed and its retry is armed");
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, counters.Taken);                             // the backoff doubled: not yet
        Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => counters.Delivered == 1, "the third attempt succeeded");

        var tick = Assert.Single(AlarmGrain.Of(key));
        Assert.Equal(3, tick.Attempt);
        Assert.Equal(Start.AddSeconds(5), tick.DueAt);
    }

    [Fact]
    public async Task No_more_handlers_run_at_once_than_the_configured_bound()
    {
        await using var silos = await StartSilosAsync(configure: o => o.MaxConcurrentDeliveries = 2);
        var gate = new HandlerGate();
        var keys = Enumerable.Range(0, 5).Select(_ => NewKey()).ToArray();
        foreach (var key in keys)
        {
            AlarmGrain.Gates[key] = gate;
            await silos.Alarm(key).Set("sla", Time.GetUtcNow().AddSeconds(1), null);
        }

        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(5, silos.Counters().Taken);
        await Eventually.True(() => gate.Inside == 2, "two handlers hold the two delivery slots");
        gate.Open();
        await Eventually.True(() => silos.Counters().Delivered == 5, "the other three had their turn");

        Assert.Equal(5, gate.Entered);
        Assert.Equal(2, gate.MostInside);
    }
}

public sealed class SqliteDeadlineFiringTests() : DeadlineFiringTests(new SqliteTestDatabase());

public sealed class PostgreSqlDeadlineFiringTests() : DeadlineFiringTests(new PostgreSqlTestDatabase());
