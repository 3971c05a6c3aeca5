using System.Collections.Concurrent;

namespace Routing.Runtime.Tests.Grains;

public interface INotifyGrain : IGrainWithStringKey
{
    /// <summary>Sends a one-way notification to <paramref name="other"/>, then stays busy until the gate opens.</summary>
    Task NotifyThenHold(string other, string gate);

    [OneWay]
    Task Notify(string sender);

    [OneWay]
    Task FailQuietly();

    Task<int> Ping();
}

public sealed class NotifyGrain : Grain, INotifyGrain
{
    public static readonly ConcurrentDictionary<string, string> Acknowledged = new();

    public async Task NotifyThenHold(string other, string gate)
    {
        await GrainFactory.GetGrain<INotifyGrain>(other).Notify(GetPrimaryKeyString());
        await Gates.WaitAsync(gate);
    }

    // Calls back into the sender, which is still busy: fine for a one-way call, it simply waits its turn.
    public async Task Notify(string sender)
    {
        await GrainFactory.GetGrain<INotifyGrain>(sender).Ping();
        Acknowledged[GetPrimaryKeyString()] = sender;
    }

    public Task FailQuietly() => throw new InvalidOperationException("nobody is waiting for this");

    public Task<int> Ping() => Task.FromResult(1);
}
