namespace Routing.Storage.Statistics;

/// <summary>
/// Where the projection stands in the feed: <see cref="Generation"/> counts rebuilds (a projector that read before a
/// rebuild cannot commit after it); <see cref="Transaction"/> (PostgreSQL's writer transaction, 0 on SQLite) and
/// <see cref="Position"/> order the feed.
/// </summary>
public readonly record struct StatsCheckpoint(long Generation, long Transaction, long Position);

/// <summary>
/// One row of the statistics feed with its payload: a conversation's timeline event (<see cref="LogName"/> "timeline",
/// the log row's payload; null when the row is gone, which the projection skips), or an operator's status change
/// ("status": {"status":n,"at":unix microseconds}, <see cref="Sequence"/> the state's version).
/// </summary>
public sealed record StatsFeedEntry(long Transaction, long Position, string GrainType, string GrainKey, string LogName, long Sequence, byte[]? Payload);

/// <summary>
/// What one projection step commits atomically: the buckets it changed (their new values), the per-source projection
/// state it keeps (a conversation's facts so far), the ratings it saw, and the checkpoint after the entries it read.
/// It commits only while the checkpoint is still <see cref="Expected"/>.
/// </summary>
public sealed record StatsBatch(
    StatsCheckpoint Expected,
    StatsCheckpoint Next,
    IReadOnlyList<StatsBucket> Buckets,
    IReadOnlyDictionary<string, byte[]> SourceStates,
    IReadOnlyList<StatsRating> Ratings)
{
    /// <summary>What the batch adds to the minute counts (added to the stored ones; one row per workspace, department and minute).</summary>
    public IReadOnlyList<StatsMinute> Minutes { get; init; } = [];

    /// <summary>Minute rows older than this are deleted in the same commit (null: none).</summary>
    public DateTimeOffset? KeepMinutesFrom { get; init; }
}
