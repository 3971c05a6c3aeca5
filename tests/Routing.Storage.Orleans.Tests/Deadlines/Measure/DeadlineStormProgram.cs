using System.Globalization;

namespace Routing.Storage.Orleans.Tests.Deadlines.Measure;

/// <summary>
/// The deadline storm measurement, outside the test run (wall-clock figures are recorded, never asserted):
/// <c>dotnet run -c Release --project tests/Routing.Storage.Orleans.Tests -- deadline-storm [--count N] [--lead S] [--storage sqlite,postgresql]</c>.
/// PostgreSQL is a throwaway server started from the installed binaries, as in the tests (or ROUTING_TEST_POSTGRES).
/// </summary>
public static class DeadlineStormProgram
{
    private const string Usage = "usage: deadline-storm [--count N (100000)] [--lead SECONDS (60)] [--storage sqlite,postgresql (both)]";

    public static async Task<int> Main(string[] args)
    {
        if (!TryParse(args, out var count, out var lead, out var stores))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        Console.WriteLine($"{count:N0} deadlines due in the same second, {lead.TotalSeconds:0} s after scheduling starts; {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| store | scheduled in | schedule rate | lateness p50 | p99 | max | all fired by | all deleted by | repeated |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var name in stores)
        {
            await using var store = TestDatabase.Of(name);
            var result = await DeadlineStorm.RunAsync(name, store, count, lead);
            Console.WriteLine(Row(result));
            if (!result.ScheduledBeforeDue) Console.WriteLine($"(scheduling outlasted the {lead.TotalSeconds:0} s lead: run again with a longer --lead)");
        }
        Console.WriteLine();
        Console.WriteLine("\"all fired by\" and \"all deleted by\" count from the start of the due second.");
        return 0;
    }

    private static string Row(DeadlineStormResult r) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.Store} | {r.Scheduling.TotalSeconds:0.0} s | {r.Count / r.Scheduling.TotalSeconds:N0}/s | {Ms(r.P50)} | {Ms(r.P99)} | {Ms(r.Max)} | {r.AllFiredAfterSecondStart.TotalSeconds:0.00} s | {r.AllDeletedAfterSecondStart.TotalSeconds:0.00} s | {r.Repeated} |");

    private static string Ms(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:N0} ms");

    private static bool TryParse(string[] args, out int count, out TimeSpan lead, out IReadOnlyList<string> stores)
    {
        (count, lead, stores) = (100_000, TimeSpan.FromSeconds(60), ["sqlite", "postgresql"]);
        if (args is not ["deadline-storm", ..]) return false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--count" when i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var n) && n > 0: count = n; break;
                case "--lead" when i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var s) && s > 0: lead = TimeSpan.FromSeconds(s); break;
                case "--storage" when i + 1 < args.Length:
                    stores = args[++i].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    if (stores.Count == 0 || stores.Any(s => s is not ("sqlite" or "postgresql"))) return false;
                    break;
                default: return false;
            }
        }
        return true;
    }
}
