using System.Globalization;
using Routing.LoadTests.Calls;
using Routing.LoadTests.Reporting;

namespace Routing.LoadTests.Latency;

/// <summary>
/// Per-call latency, grain versus raw channel, timed per call with Stopwatch into the runtime's LogLinearHistogram (in ns,
/// within 6.25 %). First the unloaded round trip (one caller, closed loop), then open-loop load at fixed offered rates
/// spread over every target, where latency includes queueing as a loaded silo's would. Rounds alternate which side goes
/// first; medians over rounds are reported.
/// </summary>
public static class LatencyHarness
{
    private const int Targets = 1_000;
    private static readonly int[] OfferedRates = [100_000, 300_000, 600_000];

    public static async Task RunAsync(LoadTestOptions options)
    {
        var rounds = options.Rounds ?? (options.Quick ? 2 : 9);
        var duration = TimeSpan.FromSeconds(options.Quick ? 0.2 : 1);
        Console.WriteLine($"## latency: {Targets:N0} targets, {rounds} rounds per side and load, medians over rounds");
        await using var targets = await CallTargets.CreateAsync(Targets);
        var channel = new ChannelActorTargets(targets.Actors);
        var grain = new GrainTargets(targets.Grains);
        var table = new MarkdownTable("load", "side", "p50 µs", "p99 µs", "mean µs", "calls/s", "CPU ns/call",
            "p50 ratio", "p99 ratio", "mean ratio", "CPU ratio");

        var unloadedCalls = options.Quick ? 2_000 : 20_000;
        await CompareAsync(table, "1 caller, closed loop", rounds,
            h => CallLoad.RunAsync(channel, callers: 1, unloadedCalls, h),
            h => CallLoad.RunAsync(grain, callers: 1, unloadedCalls, h));
        foreach (var rate in OfferedRates)
        {
            await CompareAsync(table, $"{rate:N0}/s offered, open loop", rounds,
                h => OpenLoopLoad.RunAsync(channel, rate, duration, h),
                h => OpenLoopLoad.RunAsync(grain, rate, duration, h));
        }
        table.Print();
        Console.WriteLine("Ratios are grain / raw channel (above 1: the grain is slower). calls/s below the offered rate means that side");
        Console.WriteLine("could not keep up. CPU ns/call is the process's CPU time per call, thread-pool threads spinning for work included");
        Console.WriteLine("(which dominates at one caller and at low rates).");
        Console.WriteLine();
    }

    private static async Task CompareAsync(MarkdownTable table, string load, int rounds,
        Func<NanosecondHistogram, Task> channelLoad, Func<NanosecondHistogram, Task> grainLoad)
    {
        var channel = new List<LatencyRound>();
        var grain = new List<LatencyRound>();
        await LatencyRound.MeasureAsync(channelLoad); // warm-up, discarded
        await LatencyRound.MeasureAsync(grainLoad);
        for (var round = 0; round < rounds; round++)
        {
            var channelFirst = round % 2 == 0;
            if (channelFirst) channel.Add(await LatencyRound.MeasureAsync(channelLoad));
            grain.Add(await LatencyRound.MeasureAsync(grainLoad));
            if (!channelFirst) channel.Add(await LatencyRound.MeasureAsync(channelLoad));
        }
        var baseline = Summary.Of(channel);
        table.Add(Cells(load, "raw channel (baseline)", baseline, baseline));
        table.Add(Cells(load, "grain", Summary.Of(grain), baseline));
    }

    private static string[] Cells(string load, string side, Summary s, Summary baseline) =>
    [
        load, side, Format(s.P50), Format(s.P99), Format(s.Mean),
        s.CallsPerSecond.ToString("N0", CultureInfo.InvariantCulture), s.CpuNanos.ToString("N0", CultureInfo.InvariantCulture),
        Ratio(s.P50, baseline.P50), Ratio(s.P99, baseline.P99), Ratio(s.Mean, baseline.Mean), Ratio(s.CpuNanos, baseline.CpuNanos),
    ];

    private static string Format(double micros) => micros.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Ratio(double value, double baseline) => (value / baseline).ToString("0.00", CultureInfo.InvariantCulture);

    private sealed record Summary(double P50, double P99, double Mean, double CallsPerSecond, double CpuNanos)
    {
        public static Summary Of(List<LatencyRound> rounds) => new(
            Median.Of(rounds.Select(r => r.P50Micros)),
            Median.Of(rounds.Select(r => r.P99Micros)),
            Median.Of(rounds.Select(r => r.MeanMicros)),
            Median.Of(rounds.Select(r => r.CallsPerSecond)),
            Median.Of(rounds.Select(r => r.CpuNanosPerCall)));
    }
}
