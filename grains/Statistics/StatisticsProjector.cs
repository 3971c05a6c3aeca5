using System.Text.Json;
using Routing.GrainInterfaces;
using Routing.Grains.Policies.Statistics;
using Routing.Grains.State;
using Routing.Storage;
using Routing.Storage.Statistics;

namespace Routing.Grains.Statistics;

/// <summary>
/// Projects the statistics feed into the statistics tables (R20): reads the entries after the checkpoint, folds each
/// into its conversation's facts (<see cref="ConversationStatsFold"/>) or its operator's status (<see cref="OperatorStatusFold"/>), adds the changes to the buckets they touch
/// and to those hours' day and month rollups (<see cref="StatsBucketMath"/>), adds the live measures to their minutes
/// (<see cref="StatsMinutes"/>, pruning those older than the newest event by <see cref="StatsMinutes.Kept"/>) and commits buckets, minutes, facts, ratings and the new checkpoint in one transaction. A crash
/// before the commit leaves nothing; after it, the checkpoint is past the entries: each counts exactly once. Projectors
/// on several silos may run at once: the checkpoint is compared on commit, and the loser reads again.
/// </summary>
public sealed class StatisticsProjector(IStatisticsStore store, IStatsContexts contexts, int batchSize = StatisticsProjector.DefaultBatchSize)
{
    public const int DefaultBatchSize = 1_000;
    private const string StatusLog = "status"; // the feed's operator status changes (its other rows are timeline events)
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SettlePause = TimeSpan.FromMilliseconds(5);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Projects until every timeline event written before the call is counted (on PostgreSQL: until the transactions
    /// running when it was called ended, at most <see cref="SettleTimeout"/>); returns how many entries this call committed.
    /// </summary>
    public async Task<long> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await CatchUpHeldAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Empties the statistics and projects every timeline again from the start; returns how many entries it counted (all
    /// of them, unless a projector on another silo took some meanwhile).
    /// </summary>
    public async Task<long> RebuildAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await store.ResetAsync(cancellationToken);
            return await CatchUpHeldAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<long> CatchUpHeldAsync(CancellationToken cancellationToken)
    {
        var horizon = await store.ReadHorizonAsync(cancellationToken);
        var giveUpAt = TimeProvider.System.GetTimestamp() + (long)(SettleTimeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        long projected = 0;
        var settled = false;
        while (true)
        {
            var step = await StepAsync(cancellationToken);
            if (step > 0) projected += step;
            if (step != 0) continue;
            if (settled || TimeProvider.System.GetTimestamp() > giveUpAt) return projected;
            // Settled: one more read takes what became visible meanwhile. Else wait in wall time, as transactions end.
            settled = await store.HasSettledAsync(horizon, cancellationToken);
            if (!settled) await Task.Delay(SettlePause, TimeProvider.System, cancellationToken);
        }
    }

    /// <summary>One batch: the entries committed, 0 when there were none, -1 when another projector committed first.</summary>
    private async Task<int> StepAsync(CancellationToken cancellationToken)
    {
        var checkpoint = await store.ReadCheckpointAsync(cancellationToken);
        var entries = await store.ReadFeedAsync(checkpoint, batchSize, cancellationToken);
        if (entries.Count == 0) return 0;
        var stored = await store.ReadSourceStatesAsync(entries.Select(e => e.GrainKey).ToHashSet(), cancellationToken);
        var states = new Dictionary<string, byte[]>();
        var workspaces = new Dictionary<string, StatsContext>();
        var changes = new List<StatsChange>();
        var ratings = new List<StatsRating>();
        var minutes = new List<StatsMinute>();
        DateTimeOffset? newest = null;
        foreach (var entry in entries)
        {
            if (entry.Payload is null) continue; // a row truncated since: nothing left to count
            var workspace = GrainKey.WorkspaceOf(entry.GrainKey);
            if (!workspaces.TryGetValue(workspace, out var context)) workspaces[workspace] = context = await contexts.For(workspace);
            var state = states.GetValueOrDefault(entry.GrainKey) ?? stored.GetValueOrDefault(entry.GrainKey);
            states[entry.GrainKey] = entry.LogName == StatusLog
                ? StatusChange(entry, state, context, changes)
                : TimelineEvent(entry, state, context, changes, ratings, minutes, ref newest);
        }
        // The day and month rollups change with their hours, in the same commit: a period query reads them instead.
        var withRollups = changes.SelectMany(c => c.WithRollups()).ToList();
        var buckets = StatsBucketMath.Apply(await store.ReadBucketsAsync(withRollups.Select(c => c.Key).ToHashSet(), cancellationToken), withRollups);
        var last = entries[^1];
        var batch = new StatsBatch(checkpoint, checkpoint with { Transaction = last.Transaction, Position = last.Position }, buckets, states, ratings)
        {
            Minutes = StatsMinutes.Merge(minutes), KeepMinutesFrom = newest is { } at ? StatsMinute.Floor(at) - StatsMinutes.Kept : null,
        };
        return await store.CommitAsync(batch, cancellationToken) ? entries.Count : -1;
    }

    private static byte[] TimelineEvent(StatsFeedEntry entry, byte[]? state, StatsContext context, List<StatsChange> changes, List<StatsRating> ratings,
        List<StatsMinute> minutes, ref DateTimeOffset? newest)
    {
        var timelineEvent = JsonSerializer.Deserialize(entry.Payload, GrainStateJsonContext.Default.TimelineEvent)!;
        var facts = state is null ? null : JsonSerializer.Deserialize(state, StatsJsonContext.Default.ConversationFacts);
        var step = ConversationStatsFold.Apply(facts, RoutingKeys.IdOf(entry.GrainKey), timelineEvent, context);
        changes.AddRange(step.Changes);
        minutes.AddRange(StatsMinutes.Of(step.Changes, timelineEvent.At));
        if (newest is null || timelineEvent.At > newest) newest = timelineEvent.At;
        if (step.Rating is { } rating) ratings.Add(rating);
        return JsonSerializer.SerializeToUtf8Bytes(step.Facts, StatsJsonContext.Default.ConversationFacts);
    }

    private static byte[] StatusChange(StatsFeedEntry entry, byte[]? state, StatsContext context, List<StatsChange> changes)
    {
        var row = JsonSerializer.Deserialize(entry.Payload, StatsJsonContext.Default.StatusChangeRow)!;
        var facts = state is null ? null : JsonSerializer.Deserialize(state, StatsJsonContext.Default.OperatorStatusFacts);
        var (next, statusChanges) = OperatorStatusFold.Apply(facts, RoutingKeys.IdOf(entry.GrainKey), row.Status,
            StorageTime.FromUnixMicroseconds(row.At), entry.Sequence, context);
        changes.AddRange(statusChanges);
        return JsonSerializer.SerializeToUtf8Bytes(next, StatsJsonContext.Default.OperatorStatusFacts);
    }
}
