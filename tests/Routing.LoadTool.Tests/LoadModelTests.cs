using Microsoft.Extensions.Time.Testing;
using Routing.LoadTool.Load;

namespace Routing.LoadTool.Tests;

/// <summary>The open and closed models on a fake clock: what starts when, and who waits for whom.</summary>
public sealed class LoadModelTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Open_arrivals_start_on_schedule_even_when_no_reply_ever_comes()
    {
        var time = new FakeTimeProvider();
        var injector = new OpenInjector(new ArrivalSchedule([LoadSimulation.Constant(10, 2 * Second)]), time) { Tick = TimeSpan.FromMilliseconds(100) };
        var never = new TaskCompletionSource();
        var started = 0;
        var run = injector.RunAsync(_ =>
        {
            Interlocked.Increment(ref started);
            return never.Task; // the engine never answers
        }, CancellationToken.None);

        time.Advance(Second);
        await WaitFor(() => injector.Started == 10);
        await Task.Delay(50);
        Assert.Equal(10, injector.Started); // what is due, no more: the clock stands still
        time.Advance(Second);

        var inFlight = await run;
        Assert.Equal(20, injector.Started);
        Assert.Equal(20, inFlight.Count); // none finished, none waited for
        await WaitFor(() => Volatile.Read(ref started) == 20);
    }

    [Fact]
    public async Task Closed_users_wait_for_their_iteration_then_think()
    {
        var time = new FakeTimeProvider();
        var users = new ClosedUsers([new UsersPhase(2, 10 * Second, Second)], time);
        var blocked = new TaskCompletionSource();
        var byUser = new int[2];
        var run = users.RunAsync((user, _) =>
        {
            Interlocked.Increment(ref byUser[user]);
            return user == 1 ? blocked.Task : Task.CompletedTask; // user 1 waits for a reply that is late
        }, CancellationToken.None);
        await WaitFor(() => users.Started == 2);

        for (var i = 0; i < 3; i++)
        {
            var before = Volatile.Read(ref byUser[0]);
            time.Advance(Second);
            await WaitFor(() => Volatile.Read(ref byUser[0]) == before + 1);
        }

        Assert.Equal(4, Volatile.Read(ref byUser[0])); // once at the start, then once per think time
        Assert.Equal(1, Volatile.Read(ref byUser[1])); // still waiting: a closed user never piles up requests
        blocked.SetResult();
        time.Advance(10 * Second);
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met within 10 s");
            await Task.Delay(5);
        }
    }
}
