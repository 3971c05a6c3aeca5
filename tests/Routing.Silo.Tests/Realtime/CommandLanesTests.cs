using Routing.ClientApi.Realtime.Sessions;

namespace Routing.Silo.Tests.Realtime;

/// <summary>The commands a session runs beside its loop: in order within a lane, lanes side by side, bounded, drained.</summary>
public sealed class CommandLanesTests
{
    [Fact]
    public async Task A_lane_runs_its_commands_in_order_while_another_lane_runs_beside_it()
    {
        var lanes = new CommandLanes(maxInFlight: 8);
        var firstOfA = new TaskCompletionSource();
        var ran = new List<string>();
        await lanes.StartAsync("a", async () => { lock (ran) ran.Add("a1"); await firstOfA.Task; });
        await lanes.StartAsync("a", () => { lock (ran) ran.Add("a2"); return Task.CompletedTask; });
        var b = new TaskCompletionSource();
        await lanes.StartAsync("b", () => { lock (ran) ran.Add("b1"); b.SetResult(); return Task.CompletedTask; });

        await b.Task; // lane b ran although a's first command has not finished
        lock (ran) Assert.Equal(["a1", "b1"], ran); // and a's second waits for it
        firstOfA.SetResult();
        await lanes.DrainAsync();
        Assert.Equal(["a1", "b1", "a2"], ran);
        Assert.Equal(0, lanes.InFlight);
    }

    [Fact]
    public async Task Drain_waits_for_every_command_started_before_it()
    {
        var lanes = new CommandLanes(maxInFlight: 8);
        var slow = new TaskCompletionSource();
        await lanes.StartAsync("a", () => slow.Task);
        await lanes.StartAsync("b", () => Task.CompletedTask);

        var drained = lanes.DrainAsync();
        Assert.False(drained.IsCompleted);
        slow.SetResult();
        await drained;
    }

    [Fact]
    public async Task Starting_one_lane_too_many_waits_until_a_busy_lane_finishes()
    {
        var lanes = new CommandLanes(maxInFlight: 2);
        var a = new TaskCompletionSource();
        await lanes.StartAsync("a", () => a.Task);
        await lanes.StartAsync("b", () => new TaskCompletionSource().Task); // never finishes

        var third = lanes.StartAsync("c", () => Task.CompletedTask).AsTask();
        Assert.False(third.IsCompleted);
        a.SetResult();
        await third;
        Assert.Equal(2, lanes.InFlight); // b and c
    }
}
