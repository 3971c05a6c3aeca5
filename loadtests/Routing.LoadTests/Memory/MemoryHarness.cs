using System.Diagnostics;
using System.Globalization;
using Routing.LoadTests.Grains;
using Routing.LoadTests.Hosting;
using Routing.LoadTests.Reporting;

namespace Routing.LoadTests.Memory;

/// <summary>
/// Memory per idle activation: activates N small grains (one int field, keys like "ws1/g123456"), lets every call
/// finish, forces a full compacting GC and divides the growth of live managed memory by N. Key strings count, since
/// only the activation keeps them; the callers' grain references do not, since nobody keeps them.
/// </summary>
public static class MemoryHarness
{
    private const long TargetBytesPerMillion = 2L * 1024 * 1024 * 1024;
    private const int ConcurrentActivations = 10_000;

    public static async Task RunAsync(LoadTestOptions options)
    {
        var count = options.Activations ?? (options.Quick ? 50_000 : 1_000_000);
        Console.WriteLine($"## memory: {count:N0} idle activations of a grain with one int field");
        await using var silo = await InProcessSilo.StartAsync();
        // Warm-up: JIT, grain type metadata and call plumbing exist before the "before" snapshot.
        await ActivateAsync(silo, "warm", 1_000);
        var before = HeapSnapshot.Take();

        var started = Stopwatch.GetTimestamp();
        await ActivateAsync(silo, "ws1", count);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var after = HeapSnapshot.Take();
        if (silo.Metrics.ActivationCount != count + 1_000)
            throw new InvalidOperationException($"Expected {count + 1_000:N0} live activations, found {silo.Metrics.ActivationCount:N0}.");

        var perActivation = (after.LiveBytes - before.LiveBytes) / (double)count;
        var heapPerActivation = (after.HeapSizeBytes - before.HeapSizeBytes) / (double)count;
        var workingSetPerActivation = (after.WorkingSetBytes - before.WorkingSetBytes) / (double)count;
        new MarkdownTable("measure", "per activation", $"for {count:N0}", "projected for 1,000,000", "target")
            .Add(Row("live managed bytes (GetTotalMemory)", perActivation, count, target: true))
            .Add(Row("GC heap size (GetGCMemoryInfo)", heapPerActivation, count, target: false))
            .Add(Row("process working set", workingSetPerActivation, count, target: false))
            .Print();
        Console.WriteLine($"activated {count:N0} grains in {elapsed.TotalSeconds:0.0} s ({count / elapsed.TotalSeconds:N0}/s, {ConcurrentActivations:N0} at a time)");
        Console.WriteLine();
        GC.KeepAlive(silo);
    }

    // Keys are built here and dropped after the call: afterwards only the activation holds them.
    private static async Task ActivateAsync(InProcessSilo silo, string workspace, int count)
    {
        for (var first = 0; first < count; first += ConcurrentActivations)
        {
            var batch = Math.Min(ConcurrentActivations, count - first);
            var calls = new Task[batch];
            for (var i = 0; i < batch; i++)
                calls[i] = silo.Factory.GetGrain<ITinyGrain>($"{workspace}/g{first + i}").Touch();
            await Task.WhenAll(calls);
        }
    }

    private static string[] Row(string measure, double bytesPerActivation, int count, bool target)
    {
        var projected = bytesPerActivation * 1_000_000;
        return
        [
            measure,
            $"{bytesPerActivation.ToString("N0", CultureInfo.InvariantCulture)} B",
            Bytes(bytesPerActivation * count),
            Bytes(projected),
            target ? (projected < TargetBytesPerMillion ? "under 2 GB: met" : "over 2 GB: MISSED") : "",
        ];
    }

    private static string Bytes(double bytes) =>
        bytes >= 1024 * 1024 * 1024
            ? $"{(bytes / (1024.0 * 1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture)} GiB"
            : $"{(bytes / (1024.0 * 1024)).ToString("0", CultureInfo.InvariantCulture)} MiB";
}
