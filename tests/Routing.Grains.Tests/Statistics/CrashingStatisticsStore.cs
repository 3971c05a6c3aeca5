using Routing.Storage.Statistics;

namespace Routing.Grains.Tests.Statistics;

/// <summary>
/// A statistics store whose commit number <paramref name="crashAt"/> fails in the middle of its transaction: after the
/// checkpoint and the real buckets are written, a bucket the table refuses (no workspace) is written last, so the
/// database rolls the whole transaction back, as a crash of the process before its commit would.
/// </summary>
internal sealed class CrashingStatisticsStore(IStatisticsStore inner, int crashAt) : IStatisticsStore
{
    private int _commits;

    public Task<bool> CommitAsync(StatsBatch batch, CancellationToken cancellationToken = default)
    {
        if (++_commits != crashAt) return inner.CommitAsync(batch, cancellationToken);
        var poison = StatsBucket.Empty(new StatsBucketKey(null!, "2026-03-02T09", "x", "", "", ""));
        return inner.CommitAsync(batch with { Buckets = [.. batch.Buckets, poison] }, cancellationToken);
    }

    public Task<StatsCheckpoint> ReadCheckpointAsync(CancellationToken cancellationToken = default) => inner.ReadCheckpointAsync(cancellationToken);
    public Task<IReadOnlyList<StatsFeedEntry>> ReadFeedAsync(StatsCheckpoint after, int maxCount, CancellationToken cancellationToken = default) => inner.ReadFeedAsync(after, maxCount, cancellationToken);
    public Task<long> ReadHorizonAsync(CancellationToken cancellationToken = default) => inner.ReadHorizonAsync(cancellationToken);
    public Task<bool> HasSettledAsync(long horizon, CancellationToken cancellationToken = default) => inner.HasSettledAsync(horizon, cancellationToken);
    public Task<IReadOnlyList<StatsBucket>> ReadBucketsAsync(IReadOnlyCollection<StatsBucketKey> keys, CancellationToken cancellationToken = default) => inner.ReadBucketsAsync(keys, cancellationToken);
    public Task<IReadOnlyDictionary<string, byte[]>> ReadSourceStatesAsync(IReadOnlyCollection<string> sources, CancellationToken cancellationToken = default) => inner.ReadSourceStatesAsync(sources, cancellationToken);
    public Task<IReadOnlyList<StatsMinute>> ReadMinutesAsync(string workspace, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) => inner.ReadMinutesAsync(workspace, from, to, cancellationToken);
    public Task ResetAsync(CancellationToken cancellationToken = default) => inner.ResetAsync(cancellationToken);
    public Task<IReadOnlyList<StatsGroupRow>> QueryAsync(StatsQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);
    public Task<IReadOnlyList<StatsRating>> LowRatingsAsync(StatsRatingQuery query, CancellationToken cancellationToken = default) => inner.LowRatingsAsync(query, cancellationToken);
}
