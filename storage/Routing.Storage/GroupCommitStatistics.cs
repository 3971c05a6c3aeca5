namespace Routing.Storage;

/// <summary>
/// Counters of a <see cref="GroupCommitQueue{TOperation}"/> since it started; for metrics and to prove batching.
/// </summary>
/// <param name="Operations">Operations taken into batches.</param>
/// <param name="Batches">Batches drained from the queue (each first tried as one transaction).</param>
/// <param name="Commits">Transactions attempted: one per batch plus one per operation re-run alone.</param>
/// <param name="IsolatedBatches">Batches that failed as a whole and were re-run one operation per transaction.</param>
public readonly record struct GroupCommitStatistics(long Operations, long Batches, long Commits, long IsolatedBatches);
