using System.Collections.Concurrent;

namespace Routing.Runtime.Tests.Grains;

public interface IAlarmGrain : IGrainWithStringKey
{
    Task Set(string name, DateTimeOffset dueAt, string? payload);

    Task Cancel(string name);
}

/// <summary>Records every deadline it receives; can be told to fail the first attempts.</summary>
public sealed class AlarmGrain : Grain, IAlarmGrain, IDeadlineReceiver
{
    public static readonly ConcurrentDictionary<string, ConcurrentQueue<DeadlineTick>> Received = new();
    public static readonly ConcurrentDictionary<string, int> FailuresLeft = new();

    public Task Set(string name, DateTimeOffset dueAt, string? payload) => ScheduleDeadlineAsync(name, dueAt, payload);

    public Task Cancel(string name) => CancelDeadlineAsync(name);

    public Task ReceiveDeadlineAsync(DeadlineTick tick)
    {
        var key = GetPrimaryKeyString();
        if (FailuresLeft.TryGetValue(key, out var left) && left > 0)
        {
            FailuresLeft[key] = left - 1;
            throw new InvalidOperationException("handler failed on purpose");
        }
        Received.GetOrAdd(key, _ => new ConcurrentQueue<DeadlineTick>()).Enqueue(tick);
        return Task.CompletedTask;
    }

    public static IReadOnlyList<DeadlineTick> Of(string key) =>
        Received.TryGetValue(key, out var ticks) ? ticks.ToArray() : [];
}
