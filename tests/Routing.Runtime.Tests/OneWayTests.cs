using Routing.Runtime.Tests.Grains;

namespace Routing.Runtime.Tests;

public sealed class OneWayTests
{
    [Fact]
    public async Task A_one_way_call_returns_at_once_and_may_call_back_into_its_busy_sender()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var sender = "acme/s-" + Guid.NewGuid();
        var receiver = "acme/r-" + Guid.NewGuid();
        var gate = Guid.NewGuid().ToString();

        var held = silo.Factory.GetGrain<INotifyGrain>(sender).NotifyThenHold(receiver, gate);
        await Task.Delay(50);
        Assert.False(held.IsCompleted);                                  // the sender is still busy...
        Assert.False(NotifyGrain.Acknowledged.ContainsKey(receiver));    // ...so the receiver's call-back waits its turn, no cycle error

        Gates.Open(gate);
        await Eventually.Within(held);
        await Eventually.True(() => NotifyGrain.Acknowledged.TryGetValue(receiver, out var from) && from == sender, "the call-back ran once the sender was free");
    }

    [Fact]
    public async Task A_one_way_call_that_fails_does_not_fail_its_caller()
    {
        await using var silo = await RuntimeSilo.StartAsync();
        var grain = silo.Factory.GetGrain<INotifyGrain>("acme/" + Guid.NewGuid());
        await grain.FailQuietly();
        Assert.Equal(1, await grain.Ping());
        await Eventually.True(() => MethodStats(silo, "FailQuietly") is { Errors: 1 }, "the failure is counted");
    }

    private static Metrics.GrainMethodStatistics? MethodStats(TestSilo silo, string method) =>
        silo.Runtime.Metrics.Snapshot().GrainTypes.SingleOrDefault(t => t.GrainType == "notify")?.Methods.SingleOrDefault(m => m.Method == method);
}
