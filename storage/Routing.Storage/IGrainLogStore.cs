namespace Routing.Storage;

/// <summary>One entry of a grain's append-only log.</summary>
public sealed record LogEntry(long Sequence, byte[] Payload);

/// <summary>
/// Append-only logs (conversation messages, timelines). An append is one row: O(1) whatever the log's length.
/// Sequences are chosen by the single writer (the grain), start at 1 and are dense. A grain that keeps a snapshot of
/// its log in its state can drop the entries the snapshot covers with <see cref="TruncateLogAsync"/>; sequencing goes
/// on from where it was, as if the entries were still there.
/// </summary>
public interface IGrainLogStore
{
    /// <summary>
    /// Appends entries; a sequence already present, or at or below the log's truncation point (see
    /// <see cref="TruncateLogAsync"/>), throws <see cref="VersionConflictException"/> and appends none.
    /// </summary>
    Task AppendAsync(GrainLogKey key, IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>
    /// Entries with sequence &gt;= <paramref name="fromSequence"/>, in order, at most <paramref name="maxCount"/>.
    /// Truncated entries are gone: after a truncation, reading from 1 returns only the remaining ones.
    /// </summary>
    Task<IReadOnlyList<LogEntry>> ReadLogAsync(GrainLogKey key, long fromSequence, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// The highest sequence ever appended to the log, 0 when nothing ever was. Truncation never lowers it, even when
    /// it deleted every entry, so a writer resuming from it never reuses a sequence.
    /// </summary>
    Task<long> GetLastSequenceAsync(GrainLogKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the entries with sequence &lt;= <paramref name="throughSequence"/> (those a snapshot already covers).
    /// Completes once the deletion is durable, like an append. Idempotent: truncating again, or through a lower
    /// sequence, changes nothing. Truncating beyond the last entry deletes every entry but does not reset sequencing:
    /// the truncation point is capped at the highest sequence appended so far, <see cref="GetLastSequenceAsync"/>
    /// still returns that sequence, and appending any sequence at or below the truncation point still throws
    /// <see cref="VersionConflictException"/>, so the next append is the last sequence + 1, as without truncation.
    /// Through 0, or of a log never appended to, it is a no-op. Other logs, of the same grain or not, are untouched.
    /// </summary>
    /// <param name="throughSequence">The highest sequence to delete; not negative.</param>
    Task TruncateLogAsync(GrainLogKey key, long throughSequence, CancellationToken cancellationToken = default);
}
