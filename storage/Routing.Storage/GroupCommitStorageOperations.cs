namespace Routing.Storage;

// The writes a grain storage provider sends through its group-commit queue. Both providers execute the same operations,
// so their arguments are checked and their conflicts worded in one place.

/// <summary>Writes a state payload. No expected version inserts version 1; otherwise expected + 1 replaces expected.</summary>
public sealed class StateWriteOperation : GroupCommitOperation<long>
{
    public StateWriteOperation(GrainStateKey key, byte[] payload, long? expectedVersion)
    {
        StorageArguments.Check(key);
        ArgumentNullException.ThrowIfNull(payload);
        StorageArguments.CheckVersion(expectedVersion);
        Key = key;
        Payload = payload;
        ExpectedVersion = expectedVersion;
    }

    public override (string GrainType, string GrainKey)? Grain => (Key.GrainType, Key.GrainKey);

    public GrainStateKey Key { get; }

    public byte[] Payload { get; }

    public long? ExpectedVersion { get; }

    public long NewVersion => (ExpectedVersion ?? 0) + 1;

    public void Committed() => Succeed(NewVersion);

    public void Conflicted(long? storedVersion) => Fail(StorageConflicts.State(Key, storedVersion, ExpectedVersion));
}

/// <summary>Clears a state payload (null, row kept) and bumps its version; the record must be at the expected version.</summary>
public sealed class StateClearOperation : GroupCommitOperation<long>
{
    public StateClearOperation(GrainStateKey key, long expectedVersion)
    {
        StorageArguments.Check(key);
        StorageArguments.CheckVersion(expectedVersion);
        Key = key;
        ExpectedVersion = expectedVersion;
    }

    public override (string GrainType, string GrainKey)? Grain => (Key.GrainType, Key.GrainKey);

    public GrainStateKey Key { get; }

    public long ExpectedVersion { get; }

    public long NewVersion => ExpectedVersion + 1;

    public void Committed() => Succeed(NewVersion);

    public void Conflicted(long? storedVersion) => Fail(StorageConflicts.State(Key, storedVersion, ExpectedVersion));
}

/// <summary>Appends log entries, all or none: one sequence already present and nothing is appended.</summary>
public sealed class LogAppendOperation : GroupCommitOperation<bool>
{
    public LogAppendOperation(GrainLogKey key, IReadOnlyList<LogEntry> entries)
    {
        StorageArguments.Check(key);
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) throw new ArgumentException("At least one entry is needed.", nameof(entries));
        var sequences = new HashSet<long>();
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(entries));
            ArgumentNullException.ThrowIfNull(entry.Payload, nameof(entries));
            if (entry.Sequence < 1) throw new ArgumentOutOfRangeException(nameof(entries), "Log sequences start at 1.");
            if (!sequences.Add(entry.Sequence))
                throw new ArgumentException($"Sequence {entry.Sequence} appears twice in one append.", nameof(entries));
        }
        Key = key;
        Entries = entries.ToArray();
    }

    public override (string GrainType, string GrainKey)? Grain => (Key.GrainType, Key.GrainKey);

    public GrainLogKey Key { get; }

    /// <summary>A copy taken at enqueue time, so the caller may reuse its list.</summary>
    public IReadOnlyList<LogEntry> Entries { get; }

    public void Committed() => Succeed(true);

    public void Conflicted() => Fail(StorageConflicts.Log(Key, Entries));
}

/// <summary>
/// Deletes a log's entries through <see cref="ThroughSequence"/> and raises the log's truncation point to it, capped
/// at the highest sequence appended so far, so the log's last sequence survives and older sequences stay taken.
/// Never conflicts.
/// </summary>
public sealed class LogTruncateOperation : GroupCommitOperation<bool>
{
    public LogTruncateOperation(GrainLogKey key, long throughSequence)
    {
        StorageArguments.Check(key);
        ArgumentOutOfRangeException.ThrowIfNegative(throughSequence);
        Key = key;
        ThroughSequence = throughSequence;
    }

    public override (string GrainType, string GrainKey)? Grain => (Key.GrainType, Key.GrainKey);

    public GrainLogKey Key { get; }

    public long ThroughSequence { get; }

    public void Committed() => Succeed(true);
}

/// <summary>Inserts or replaces the deadline of (grain, name), in its writer's pipeline (the deadline's grain unless given).</summary>
public sealed class DeadlineUpsertOperation : GroupCommitOperation<bool>
{
    private readonly (string GrainType, string GrainKey)? _writer;

    public DeadlineUpsertOperation(DeadlineRecord deadline, (string GrainType, string GrainKey)? writer = null)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        _writer = writer;
        StorageArguments.CheckText(deadline.GrainType, nameof(deadline));
        StorageArguments.CheckText(deadline.GrainKey, nameof(deadline));
        StorageArguments.CheckText(deadline.Name, nameof(deadline));
        if (deadline.Payload is not null) StorageArguments.CheckText(deadline.Payload, nameof(deadline));
        Deadline = deadline with { DueAt = StorageTime.Normalize(deadline.DueAt) };
    }

    public override (string GrainType, string GrainKey)? Grain => _writer ?? (Deadline.GrainType, Deadline.GrainKey);

    /// <summary>The deadline as stored: due time in UTC, truncated to microseconds.</summary>
    public DeadlineRecord Deadline { get; }

    public void Committed() => Succeed(true);
}

/// <summary>Deletes the deadline of (grain, name): only if it still has <see cref="Token"/>, or whatever its token when null.</summary>
public sealed class DeadlineDeleteOperation : GroupCommitOperation<bool>
{
    public DeadlineDeleteOperation(string grainType, string grainKey, string name, Guid? token)
    {
        StorageArguments.CheckText(grainType, nameof(grainType));
        StorageArguments.CheckText(grainKey, nameof(grainKey));
        StorageArguments.CheckText(name, nameof(name));
        GrainType = grainType;
        GrainKey = grainKey;
        Name = name;
        Token = token;
    }

    public override (string GrainType, string GrainKey)? Grain => (GrainType, GrainKey);

    public string GrainType { get; }

    public string GrainKey { get; }

    public string Name { get; }

    public Guid? Token { get; }

    /// <param name="deleted">Whether a row was deleted.</param>
    public void Committed(bool deleted) => Succeed(deleted);
}

/// <summary>Stores the hash of a grain whose deadlines were stored without one; deadlines that have one keep it.</summary>
public sealed class DeadlineHashOperation : GroupCommitOperation<bool>
{
    public DeadlineHashOperation(string grainType, string grainKey, uint grainHash)
    {
        StorageArguments.CheckText(grainType, nameof(grainType));
        StorageArguments.CheckText(grainKey, nameof(grainKey));
        GrainType = grainType;
        GrainKey = grainKey;
        GrainHash = grainHash;
    }

    public string GrainType { get; }

    public string GrainKey { get; }

    public uint GrainHash { get; }

    public void Committed() => Succeed(true);
}
