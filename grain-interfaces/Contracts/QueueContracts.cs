namespace Routing.GrainInterfaces;

/// <summary>A waiting dialog as supervisors see it (R16): who waits, since when, and which operators it skips.</summary>
public sealed record WaitingDialogView(string ConversationId, Model.Priority Priority, DateTimeOffset WaitingSince, IReadOnlyList<string> SkippedOperators)
{
    /// <summary>Held for this operator only (sticky routing, R9) until <see cref="HeldUntil"/>; null for the shared queue.</summary>
    public string? HeldFor { get; init; }
    public DateTimeOffset? HeldUntil { get; init; }
}

/// <summary>A department's queue at a glance: dialogs waiting (queued and held) and the oldest wait's start.</summary>
public sealed record QueueSummaryView(int Depth, DateTimeOffset? OldestWaitingSince);

/// <summary>Where a waiting dialog stands (R16): 1-based position and the expected wait (null when unknown). Also published on "conversation:{key}" when it enters the queue.</summary>
public sealed record QueuePosition(string ConversationId, string DepartmentId, int Position, TimeSpan? ExpectedWait);

/// <summary>
/// Published on "conversation:{key}" when a dialog is queued while no operator of its department is online (R15),
/// so the customer can be told; the dialog waits, nothing is dropped.
/// </summary>
public sealed record NoOperatorOnline(string ConversationId, string DepartmentId, int Position, TimeSpan? ExpectedWait, bool OfflineRequest);

/// <summary>
/// Published on "conversation:{key}" when a dialog is queued while its department is closed (R15): the channel answers
/// with the next opening time (null when the hours never open again). The dialog waits; nothing is dropped.
/// </summary>
public sealed record OutsideBusinessHours(string ConversationId, string DepartmentId, DateTimeOffset? NextOpening, bool OfflineRequest);
