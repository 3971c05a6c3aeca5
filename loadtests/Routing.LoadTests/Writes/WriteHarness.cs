using System.Globalization;
using Routing.LoadTests.Reporting;

namespace Routing.LoadTests.Writes;

/// <summary>
/// Durable writes per second with many concurrent writers: the providers' group commit against one transaction per
/// write. I/O bound, so a plain harness: timed rounds, scenarios taking turns within each round (slow drift of the
/// machine hits all alike), the median round reported. fsync stays on everywhere.
/// </summary>
public static class WriteHarness
{
    private const int Writers = 256;
    private const int PayloadBytes = 256;

    public static async Task RunAsync(LoadTestOptions options)
    {
        var rounds = options.Rounds ?? (options.Quick ? 2 : 7);
        var duration = TimeSpan.FromSeconds(options.Quick ? 0.5 : 3);
        Console.WriteLine($"## writes: {Writers} concurrent writers (one grain state each), {PayloadBytes}-byte payload, " +
                          $"{rounds} rounds of {duration.TotalSeconds:0.#} s per scenario, medians over rounds");
        var payload = Payload();
        await using var scenarios = await WriteScenarios.CreateAsync(Writers);

        // Warm-up: inserts every writer's row (later rounds are version-checked updates), JIT, pools, prepared statements.
        foreach (var scenario in scenarios.All) await scenario.RunRoundAsync(duration, payload);

        var results = scenarios.All.ToDictionary(s => s, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            // Rotate the order so no scenario always runs right after the same neighbour (checkpoints, page cache).
            for (var i = 0; i < scenarios.All.Count; i++)
            {
                var scenario = scenarios.All[(i + round) % scenarios.All.Count];
                results[scenario].Add(await scenario.RunRoundAsync(duration, payload));
            }
        }

        var baseline = Median.Of(results[scenarios.All.Single(s => s.IsBaseline)]);
        var table = new MarkdownTable("scenario", "writes/s (median)", "min", "max", "ratio to baseline", "writes per transaction");
        foreach (var scenario in scenarios.All)
        {
            var median = Median.Of(results[scenario]);
            table.Add(
                scenario.IsBaseline ? $"{scenario.Name} (baseline)" : scenario.Name,
                Number(median), Number(results[scenario].Min()), Number(results[scenario].Max()),
                (median / baseline).ToString("0.00", CultureInfo.InvariantCulture),
                scenario.WritesPerTransaction?.ToString("0.0", CultureInfo.InvariantCulture) ?? "1");
        }
        table.Print();
    }

    // Same bytes for every scenario: a small JSON state, the size of a typical grain's.
    private static byte[] Payload()
    {
        var json = $$"""{"status":"active","queue":"sales","skills":["en","ru"],"load":3,"notes":"{{new string('x', PayloadBytes)}}"}""";
        return System.Text.Encoding.UTF8.GetBytes(json)[..PayloadBytes];
    }

    private static string Number(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
