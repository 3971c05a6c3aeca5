namespace Routing.Storage;

// Rules every group-commit storage provider applies identically: argument checks, conflict wording, time precision.

/// <summary>The exceptions a provider reports for version and sequence conflicts, worded the same by every provider.</summary>
public static class StorageConflicts
{
    public static VersionConflictException State(GrainStateKey key, long? storedVersion, long? expectedVersion) =>
        new($"State {key}: expected {Describe(expectedVersion)} but storage has {Describe(storedVersion)}; "
            + "another writer got there first. Re-read before writing again.", storedVersion, expectedVersion);

    public static VersionConflictException Log(GrainLogKey key, IReadOnlyList<LogEntry> entries) =>
        new($"Log {key}: a sequence among {string.Join(", ", entries.Select(e => e.Sequence))} is already present "
            + "or was truncated; nothing of this append was stored.");

    private static string Describe(long? version) => version is { } v ? $"version {v}" : "no record";
}

/// <summary>Argument rules shared by the providers, so both reject the same input the same way.</summary>
public static class StorageArguments
{
    public static void Check(GrainStateKey key)
    {
        CheckText(key.GrainType, nameof(key));
        CheckText(key.GrainKey, nameof(key));
        CheckText(key.StateName, nameof(key));
    }

    public static void Check(GrainLogKey key)
    {
        CheckText(key.GrainType, nameof(key));
        CheckText(key.GrainKey, nameof(key));
        CheckText(key.LogName, nameof(key));
    }

    /// <summary>Non-null and without NUL characters, which PostgreSQL text cannot hold (SQLite would, so reject both).</summary>
    public static void CheckText(string value, string parameterName)
    {
        if (value is null) throw new ArgumentNullException(parameterName);
        if (value.Contains('\0')) throw new ArgumentException("Text must not contain NUL characters.", parameterName);
    }

    public static void CheckVersion(long? version)
    {
        if (version is < 0 or long.MaxValue) throw new ArgumentOutOfRangeException(nameof(version), version, "Not a storable version.");
    }

    public static void CheckMaxCount(int maxCount) => ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
}

/// <summary>How instants are stored: UTC with microsecond precision (PostgreSQL's), identically by both providers.</summary>
public static class StorageTime
{
    public static DateTimeOffset Normalize(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TicksPerMicrosecond));
    }

    public static long ToUnixMicroseconds(DateTimeOffset instant) =>
        (Normalize(instant) - DateTimeOffset.UnixEpoch).Ticks / TicksPerMicrosecond;

    public static DateTimeOffset FromUnixMicroseconds(long microseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks(microseconds * TicksPerMicrosecond);

    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;
}
