namespace Routing.LoadTool.Load;

/// <summary>
/// Open model: starts each arrival when the schedule says it is due, never waiting for earlier ones to finish (a
/// slow engine then shows as queueing and latency, not as a lower offered rate). Wakes every <see cref="Tick"/>.
/// </summary>
public sealed class OpenInjector(ArrivalSchedule schedule, TimeProvider time)
{
    public static readonly TimeSpan DefaultTick = TimeSpan.FromMilliseconds(5);

    public TimeSpan Tick { get; init; } = DefaultTick;

    private long _started;

    /// <summary>Arrivals started so far.</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>Runs the schedule; answers every arrival's task (the caller decides how long to wait for them).</summary>
    public async Task<IReadOnlyCollection<Task>> RunAsync(Func<long, Task> arrive, CancellationToken cancellation)
    {
        var inFlight = new List<Task>();
        var start = time.GetTimestamp();
        while (!cancellation.IsCancellationRequested)
        {
            var elapsed = time.GetElapsedTime(start);
            var due = schedule.DueBy(elapsed);
            while (Started < due)
            {
                var number = Interlocked.Increment(ref _started) - 1;
                inFlight.Add(Task.Run(() => arrive(number), CancellationToken.None));
            }
            if (elapsed >= schedule.Duration) break;
            inFlight.RemoveAll(task => task.IsCompleted);
            try
            {
                await Task.Delay(Tick, time, cancellation);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return inFlight;
    }
}
