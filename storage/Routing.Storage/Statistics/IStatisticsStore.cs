namespace Routing.Storage.Statistics;

/// <summary>
/// The statistics tables beside the grain tables, in the same database (R20). The feed lists every appended timeline
/// row in commit order (a trigger on the log table fills it in the append's own transaction, so grains write as
/// before); a projector reads it after its checkpoint and commits bucket updates and the new checkpoint in one
/// transaction (<see cref="CommitAsync"/>), so each row counts exactly once whatever crashes.
/// </summary>
public interface IStatisticsStore
{
    Task<StatsCheckpoint> ReadCheckpointAsync(CancellationToken cancellationToken = default);

    /// <summary>The feed entries after <paramref name="after"/>, in order, at most <paramref name="maxCount"/>; only committed ones.</summary>
    Task<IReadOnlyList<StatsFeedEntry>> ReadFeedAsync(StatsCheckpoint after, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// A mark of the writes begun so far: once <see cref="HasSettledAsync"/> says so for it, every one of them is either
    /// in the feed <see cref="ReadFeedAsync"/> reads or never will be. PostgreSQL shows a row only once every older
    /// transaction ended; SQLite at once (0).
    /// </summary>
    Task<long> ReadHorizonAsync(CancellationToken cancellationToken = default);

    Task<bool> HasSettledAsync(long horizon, CancellationToken cancellationToken = default);

    /// <summary>The stored buckets among <paramref name="keys"/> (absent ones are left out).</summary>
    Task<IReadOnlyList<StatsBucket>> ReadBucketsAsync(IReadOnlyCollection<StatsBucketKey> keys, CancellationToken cancellationToken = default);

    /// <summary>The projection state kept per source (a conversation's grain key), for those that have one.</summary>
    Task<IReadOnlyDictionary<string, byte[]>> ReadSourceStatesAsync(IReadOnlyCollection<string> sources, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the batch and moves the checkpoint to <see cref="StatsBatch.Next"/> in one transaction, only while it is
    /// <see cref="StatsBatch.Expected"/>; false (and nothing written) when another projector or a rebuild moved it.
    /// </summary>
    Task<bool> CommitAsync(StatsBatch batch, CancellationToken cancellationToken = default);

    /// <summary>A workspace's minute counts of the minutes in [<paramref name="from"/>, <paramref name="to"/>), per department and minute, in minute order.</summary>
    Task<IReadOnlyList<StatsMinute>> ReadMinutesAsync(string workspace, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);

    /// <summary>Empties the buckets, minute counts, source states and ratings and rewinds the checkpoint to the feed's start (a new generation): the first step of a rebuild.</summary>
    Task ResetAsync(CancellationToken cancellationToken = default);

    /// <summary>Sums the counters of a period per group in SQL; histograms come back per group, encoded, for the caller to merge.</summary>
    Task<IReadOnlyList<StatsGroupRow>> QueryAsync(StatsQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StatsRating>> LowRatingsAsync(StatsRatingQuery query, CancellationToken cancellationToken = default);
}
