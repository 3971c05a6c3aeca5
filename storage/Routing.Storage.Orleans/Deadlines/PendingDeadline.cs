namespace Routing.Storage.Orleans.Deadlines;

/// <summary>Names one deadline: one per grain and name.</summary>
internal readonly record struct DeadlineKey(GrainId Grain, string Name);

/// <summary>
/// One stored version of a deadline held in memory (its token tells versions apart), with its delivery's progress.
/// A replacement is a new instance: whoever holds the old one can tell it is no longer current.
/// </summary>
internal sealed class PendingDeadline(DeadlineKey key, DeadlineRecord record)
{
    public DeadlineKey Key { get; } = key;

    public DeadlineRecord Record { get; } = record;

    public DateTimeOffset DueAt => Record.DueAt;

    /// <summary>Attempts made so far; the next delivery is attempt <c>Attempt + 1</c>.</summary>
    public int Attempt { get; set; }

    /// <summary>True from the moment it is taken for delivery until the attempt's outcome is known.</summary>
    public bool Delivering { get; set; }

    public static PendingDeadline Of(DeadlineRecord record) =>
        new(new DeadlineKey(GrainId.Create(record.GrainType, record.GrainKey), record.Name), record);
}
