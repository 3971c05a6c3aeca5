namespace Routing.Runtime.Storage;

/// <summary>One entry of a grain's append-only log.</summary>
public sealed record LogEntry(long Sequence, byte[] Payload);

/// <summary>
/// Append-only logs (conversation messages, timelines). An append is one row: O(1) whatever the log's length.
/// Sequences are chosen by the single writer (the grain), start at 1 and are dense.
/// </summary>
public interface IGrainLogStore
{
    /// <summary>Appends entries; a sequence already present throws <see cref="InconsistentStateException"/> and appends none.</summary>
    Task AppendAsync(GrainLogKey key, IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Entries with sequence &gt;= <paramref name="fromSequence"/>, in order, at most <paramref name="maxCount"/>.</summary>
    Task<IReadOnlyList<LogEntry>> ReadLogAsync(GrainLogKey key, long fromSequence, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The highest sequence in the log, 0 when empty.</summary>
    Task<long> GetLastSequenceAsync(GrainLogKey key, CancellationToken cancellationToken = default);
}
