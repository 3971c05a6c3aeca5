using System.Globalization;

namespace Routing.LoadTests;

/// <summary>The command line: a verb picking the benchmark, <c>--quick</c> for a smoke run, and a few sizes.</summary>
public sealed record LoadTestOptions(string Verb, bool Quick, int? Activations, int? Rounds)
{
    public static readonly IReadOnlyList<string> Verbs = ["calls", "latency", "writes", "memory", "all"];

    public const string Usage = """
        usage: dotnet run -c Release --project loadtests/Routing.LoadTests -- <verb> [--quick] [--activations N] [--rounds N]
          calls    grain call throughput vs raw channel request/reply (BenchmarkDotNet)
          latency  per-call latency percentiles, grain vs raw channel (own harness)
          writes   durable writes/s: PostgreSQL group commit vs naive one-transaction-per-write, and SQLite
          memory   bytes per idle activation of a small grain (default 1,000,000 activations)
          all      every one of the above, in that order
          --quick         a short smoke run of the verb (not a measurement)
          --activations N activations for `memory`
          --rounds N      timed rounds for `latency` and `writes` (the median is reported)
        PostgreSQL: a throwaway server is started from the installed binaries, unless ROUTING_TEST_POSTGRES names one.
        """;

    /// <summary>Parses the arguments; null (after printing why) when they are wrong.</summary>
    public static LoadTestOptions? Parse(string[] args)
    {
        string? verb = null;
        var quick = false;
        int? activations = null, rounds = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--activations" when TryPositive(args, ++i, out var n): activations = n; break;
                case "--rounds" when TryPositive(args, ++i, out var n): rounds = n; break;
                case var word when verb is null && Verbs.Contains(word): verb = word; break;
                default:
                    Console.Error.WriteLine($"Unexpected argument '{args[Math.Min(i, args.Length - 1)]}'.");
                    return null;
            }
        }
        if (verb is null) Console.Error.WriteLine("Name a verb.");
        return verb is null ? null : new LoadTestOptions(verb, quick, activations, rounds);
    }

    private static bool TryPositive(string[] args, int index, out int value)
    {
        value = 0;
        return index < args.Length && int.TryParse(args[index], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value) && value > 0;
    }
}
