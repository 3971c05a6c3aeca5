namespace Routing.Storage.Statistics;

/// <summary>
/// One bucket's key: the workspace, the local hour ("yyyy-MM-ddTHH") and the dimensions; a dimension that does not
/// apply to a measure (no operator yet, no topic) is the empty string, so every key is a plain primary key. A day or
/// month rollup's key has the day ("yyyy-MM-dd") or month ("yyyy-MM") in <see cref="Hour"/> (<see cref="StatsGrains"/>).
/// </summary>
public sealed record StatsBucketKey(string Workspace, string Hour, string Department, string Operator, string Channel, string Topic)
{
    public StatsGrain Grain => StatsGrains.Of(Hour);

    /// <summary>
    /// A rollup across operators: the sum of every operator's bucket with the other dimensions of this key, kept in a
    /// table of its own (<see cref="StatsGrains.TableOf"/>); its <see cref="Operator"/> is "".
    /// </summary>
    public bool AllOperators { get; init; }
}

/// <summary>
/// One bucket's values: a counter per <see cref="StatsMeasure"/> (indexed by it) and an encoded histogram (or null) per
/// <see cref="StatsTime"/>.
/// </summary>
public sealed record StatsBucket(StatsBucketKey Key, long[] Counters, byte[]?[] Histograms)
{
    public static StatsBucket Empty(StatsBucketKey key) =>
        new(key, new long[StatsColumns.Counters.Count], new byte[]?[StatsColumns.Histograms.Count]);
}

/// <summary>A rated dialog, kept per conversation so a supervisor can list the low-rated ones of a period.</summary>
public sealed record StatsRating(
    string Workspace, string ConversationId, string Hour, string Department, string Operator, int Score, int Scale, DateTimeOffset RatedAt);
