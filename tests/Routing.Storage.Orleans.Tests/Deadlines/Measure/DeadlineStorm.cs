using System.Diagnostics;

namespace Routing.Storage.Orleans.Tests.Deadlines.Measure;

/// <summary>What one storm on one store measured.</summary>
public sealed record DeadlineStormResult(
    string Store, int Count, TimeSpan Scheduling, TimeSpan P50, TimeSpan P99, TimeSpan Max, TimeSpan AllFiredAfterSecondStart,
    TimeSpan AllDeletedAfterSecondStart, int Repeated, bool ScheduledBeforeDue);

/// <summary>
/// Schedules <c>count</c> deadlines through their grains on one real-time silo, all due within the same second, and
/// times them until every one has fired and been deleted.
/// </summary>
public static class DeadlineStorm
{
    public static async Task<DeadlineStormResult> RunAsync(string storeName, TestDatabase store, int count, TimeSpan lead)
    {
        var recorder = new LatenessRecorder(count);
        LatenessGrain.Recorder = recorder;
        await store.CreateAsync();
        await using var silos = await DeadlineCluster.StartAsync(store, time: null);
        var grains = silos.Grains();
        var secondStart = TruncateToSecond(DateTimeOffset.UtcNow + lead);

        var scheduling = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 256 },
            async (i, _) => await grains.GetGrain<ILatenessGrain>($"storm-{i}").Set(secondStart.AddMilliseconds(i % 1000)));
        scheduling.Stop();
        var scheduledBeforeDue = DateTimeOffset.UtcNow < secondStart;

        await recorder.AllArrived.WaitAsync(lead + TimeSpan.FromMinutes(10));
        while (silos.Counters().Delivered < count) await Task.Delay(10);
        var allDeleted = DateTimeOffset.UtcNow - secondStart;
        var lateness = recorder.SortedLateness();
        return new DeadlineStormResult(storeName, count, scheduling.Elapsed, Percentile(lateness, 0.50), Percentile(lateness, 0.99),
            lateness[^1], recorder.LastArrival - secondStart, allDeleted, recorder.Repeated, scheduledBeforeDue);
    }

    private static TimeSpan Percentile(TimeSpan[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static DateTimeOffset TruncateToSecond(DateTimeOffset instant) => instant.AddTicks(-(instant.Ticks % TimeSpan.TicksPerSecond));
}
