using System.Diagnostics;

namespace Routing.LoadTests.Latency;

/// <summary>
/// One timed round of one side: latency percentiles and mean (µs), throughput, and the process's CPU time per call. CPU time
/// is the steadier figure on a shared machine: other processes stretch wall time far more than they add CPU time here.
/// </summary>
public sealed record LatencyRound(double P50Micros, double P99Micros, double MeanMicros, double CallsPerSecond, double CpuNanosPerCall)
{
    /// <summary>Runs <paramref name="load"/>, which records each call into the histogram it is given.</summary>
    public static async Task<LatencyRound> MeasureAsync(Func<NanosecondHistogram, Task> load)
    {
        // Start each round from a clean heap so one side does not pay for the other's garbage.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var histogram = new NanosecondHistogram();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await load(histogram);
        var elapsed = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        return new LatencyRound(
            histogram.PercentileNanoseconds(50) / 1000.0,
            histogram.PercentileNanoseconds(99) / 1000.0,
            histogram.MeanNanoseconds / 1000.0,
            histogram.Count / elapsed.TotalSeconds,
            cpu.Ticks * 100.0 / histogram.Count);
    }
}
