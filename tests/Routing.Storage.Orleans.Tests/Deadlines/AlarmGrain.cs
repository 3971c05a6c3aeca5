using System.Collections.Concurrent;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Storage.Orleans.Tests.Deadlines;

[Alias("routing.tests.IAlarmGrain")]
public interface IAlarmGrain : IGrainWithStringKey
{
    [Alias("Set")]
    Task Set(string name, DateTimeOffset dueAt, string? payload);

    [Alias("Cancel")]
    Task Cancel(string name);
}

/// <summary>
/// A grain that schedules deadlines on itself and records each one it receives, process-wide, so a test sees what every
/// silo delivered. Keys are unique per test. <see cref="FailuresLeft"/> makes its handler throw that many times first.
/// </summary>
[GrainType(GrainTypeName)]
public sealed class AlarmGrain : Grain, IAlarmGrain, IDeadlineReceiver
{
    public const string GrainTypeName = "test-alarm";

    private static readonly ConcurrentDictionary<string, ConcurrentQueue<DeadlineTick>> Received = new();

    public static ConcurrentDictionary<string, int> FailuresLeft { get; } = new();

    /// <summary>The handler of these keys schedules the same deadline again this long after the one it received, once.</summary>
    public static ConcurrentDictionary<string, TimeSpan> RearmAfter { get; } = new();

    /// <summary>The handlers of these keys wait at their gate first.</summary>
    public static ConcurrentDictionary<string, HandlerGate> Gates { get; } = new();

    /// <summary>The ticks the grain with this key received, in order.</summary>
    public static IReadOnlyList<DeadlineTick> Of(string key) => Received.TryGetValue(key, out var ticks) ? ticks.ToArray() : [];

    public static GrainId IdOf(string key) => GrainId.Create(GrainTypeName, key);

    public Task Set(string name, DateTimeOffset dueAt, string? payload) => this.ScheduleDeadlineAsync(name, dueAt, payload);

    public Task Cancel(string name) => this.CancelDeadlineAsync(name);

    public async Task ReceiveDeadline(DeadlineTick tick)
    {
        var key = this.GetPrimaryKeyString();
        if (Gates.TryGetValue(key, out var gate)) await gate.PassAsync();
        if (FailuresLeft.TryGetValue(key, out var left) && left > 0)
        {
            FailuresLeft[key] = left - 1;
            throw new InvalidOperationException($"Attempt {tick.Attempt} of {tick.Name} fails on purpose.");
        }
        Received.GetOrAdd(key, _ => new ConcurrentQueue<DeadlineTick>()).Enqueue(tick);
        if (RearmAfter.TryRemove(key, out var after)) await this.ScheduleDeadlineAsync(tick.Name, tick.DueAt + after, "again");
    }
}
