using System.Globalization;

namespace Routing.LoadTests;

/// <summary>The command line: a verb picking the benchmark, <c>--quick</c> for a smoke run, and a few sizes.</summary>
public sealed record LoadTestOptions(string Verb, bool Quick, int? Activations, int? Rounds)
{
    public static readonly IReadOnlyList<string> Verbs = ["calls", "events", "latency", "writes", "memory", "routing", "routing-memory", "rescue-storm", "realtime", "statistics", "search", "all"];

    public static readonly IReadOnlyList<string> StorageChoices = ["sqlite", "sqlite-nosync", "postgresql"];

    /// <summary>Operators for `routing` (one department) or `routing-memory` (all departments).</summary>
    public int? Operators { get; init; }

    /// <summary>Waiting dialogs for `routing`; resident dialogs for `routing-memory`.</summary>
    public int? Dialogs { get; init; }

    /// <summary>Operators closing at once in `routing`'s timed rounds: one load instead of the default two.</summary>
    public int? Agents { get; init; }

    /// <summary>Storage variants for `routing`; null: its default set.</summary>
    public IReadOnlyList<string>? Storages { get; init; }

    public const string Usage = """
        usage: dotnet run -c Release --project loadtests/Routing.LoadTests -- <verb> [--quick] [--activations N] [--rounds N]
                                                                       [--operators N] [--dialogs N] [--agents N] [--storage S[,S]]
          calls           grain call throughput vs raw channel request/reply (BenchmarkDotNet)
          events          publishing an event on a silo alone in its cluster, with the cross-silo relay vs without (BenchmarkDotNet)
          latency         per-call latency percentiles, grain vs raw channel (own harness)
          writes          durable writes/s: PostgreSQL group commit vs naive one-transaction-per-write, and SQLite
          memory          bytes per idle activation of a small grain (default 1,000,000 activations)
          routing         routing decisions/s through the grains vs the bare WaitingQueue + OperatorIndex, and the
                          time from capacity freed to the next assignment (one department, deep queue)
          routing-memory  memory of many operators and dialogs built through the grains (default 100,000 / 1,000,000)
          rescue-storm    dialogs rescued in the same second until all are assigned again (default 10,000)
          realtime        WebSocket round trips customer → operator → customer on the real silo vs the same through the
                          grains; memory per session; resume after dropped sockets (default 200 operators, 1,000 customers)
          statistics      statistics on SQLite (or --storage postgresql): timeline events projected per second (default 50,000
                          conversations, 8 events each), and period queries over a year of buckets (default 1,000 operators)
          search          message search latency (median, p99) on SQLite and PostgreSQL over N messages (--dialogs, default
                          1,000,000) of 100 workspaces, first page of 20, --rounds runs per query (default 50); --storage picks one
          all             every one of the above, in that order
          --quick         a short smoke run of the verb (not a measurement)
          --activations N activations for `memory`
          --rounds N      timed rounds for `latency`, `writes`, `routing` and `realtime` (the median is reported)
          --operators N   operators for `routing` (default 10,000), `routing-memory` (default 100,000), `realtime` (default 200)
                          and `statistics` (default 1,000)
          --dialogs N     waiting dialogs for `routing` (default 100,000); resident dialogs for `routing-memory` (default 1,000,000);
                          rescued dialogs for `rescue-storm` (default 10,000); customers for `realtime` (default 1,000);
                          conversations for `statistics` (default 50,000)
          --agents N      operators closing at once in `routing`'s timed rounds (default: two loads, 16 and 256)
          --storage S     `routing` storage: sqlite (file, fsync), sqlite-nosync (tmpfs, no fsync), postgresql; comma-separated;
                          `search` and `statistics`: sqlite or postgresql
        PostgreSQL: a throwaway server is started from the installed binaries, unless ROUTING_TEST_POSTGRES names one.
        """;

    /// <summary>Parses the arguments; null (after printing why) when they are wrong.</summary>
    public static LoadTestOptions? Parse(string[] args)
    {
        string? verb = null;
        var quick = false;
        int? activations = null, rounds = null, operators = null, dialogs = null, agents = null;
        IReadOnlyList<string>? storages = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--activations" when TryPositive(args, ++i, out var n): activations = n; break;
                case "--rounds" when TryPositive(args, ++i, out var n): rounds = n; break;
                case "--operators" when TryPositive(args, ++i, out var n): operators = n; break;
                case "--dialogs" when TryPositive(args, ++i, out var n): dialogs = n; break;
                case "--agents" when TryPositive(args, ++i, out var n): agents = n; break;
                case "--storage" when TryStorages(args, ++i, out var chosen): storages = chosen; break;
                case var word when verb is null && Verbs.Contains(word): verb = word; break;
                default:
                    Console.Error.WriteLine($"Unexpected argument '{args[Math.Min(i, args.Length - 1)]}'.");
                    return null;
            }
        }
        if (verb is null) Console.Error.WriteLine("Name a verb.");
        return verb is null ? null : new LoadTestOptions(verb, quick, activations, rounds) { Operators = operators, Dialogs = dialogs, Agents = agents, Storages = storages };
    }

    private static bool TryPositive(string[] args, int index, out int value)
    {
        value = 0;
        return index < args.Length && int.TryParse(args[index], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value) && value > 0;
    }

    private static bool TryStorages(string[] args, int index, out IReadOnlyList<string> storages)
    {
        storages = index < args.Length ? args[index].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        return storages.Count > 0 && storages.All(StorageChoices.Contains);
    }
}
