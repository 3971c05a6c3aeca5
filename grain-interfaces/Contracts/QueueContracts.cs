using Orleans;
using Routing.GrainInterfaces.Events;

namespace Routing.GrainInterfaces;

/// <summary>A waiting dialog as supervisors see it (R16): who waits, since when, and which operators it skips.</summary>
[GenerateSerializer, Immutable, Alias("routing.WaitingDialogView")]
public sealed record WaitingDialogView(string ConversationId, Model.Priority Priority, DateTimeOffset WaitingSince, IReadOnlyList<string> SkippedOperators)
{
    /// <summary>Held for this operator only (sticky routing, R9) until <see cref="HeldUntil"/>; null for the shared queue.</summary>
    [Id(0)] public string? HeldFor { get; init; }
    [Id(1)] public DateTimeOffset? HeldUntil { get; init; }
}

/// <summary>A department's queue at a glance: dialogs waiting (queued and held) and the oldest wait's start.</summary>
[GenerateSerializer, Immutable, Alias("routing.QueueSummaryView")]
public sealed record QueueSummaryView(int Depth, DateTimeOffset? OldestWaitingSince);

/// <summary>
/// A place in a department's serving order (priority, original wait, arrival sequence): where a page of the queue
/// listing ended. It stays meaningful after that dialog left, so the next page starts right behind it.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.QueueCursor")]
public sealed record QueueCursor(Model.Priority Priority, DateTimeOffset WaitingSince, long Sequence);

/// <summary>A waiting dialog with its place in the one numbering of queued and held dialogs (R16) and its expected wait.</summary>
[GenerateSerializer, Immutable, Alias("routing.QueueEntry")]
public sealed record QueueEntry(WaitingDialogView Dialog, int Position, TimeSpan? ExpectedWait);

/// <summary>
/// One page of a department's waiting dialogs in serving order, read in one turn: the whole queue's summary, the
/// entries, and the cursor to read on from (<see cref="Next"/>, null when the page reaches the end).
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.QueuePage")]
public sealed record QueuePage(QueueSummaryView Summary, IReadOnlyList<QueueEntry> Entries, QueueCursor? Next);

/// <summary>Where a waiting dialog stands (R16): 1-based position and the expected wait (null when unknown). Also published on "conversation:{key}" when it enters the queue.</summary>
[GenerateSerializer, Immutable, Alias("routing.QueuePosition")]
public sealed record QueuePosition(string ConversationId, string DepartmentId, int Position, TimeSpan? ExpectedWait) : IGrainEventPayload;

/// <summary>
/// Published on "conversation:{key}" when a dialog is queued while no operator of its department is online (R15),
/// so the customer can be told; the dialog waits, nothing is dropped.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.NoOperatorOnline")]
public sealed record NoOperatorOnline(string ConversationId, string DepartmentId, int Position, TimeSpan? ExpectedWait, bool OfflineRequest) : IGrainEventPayload;

/// <summary>
/// Published on "conversation:{key}" when a dialog is queued while its department is closed (R15): the channel answers
/// with the next opening time (null when the hours never open again). The dialog waits; nothing is dropped.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.OutsideBusinessHours")]
public sealed record OutsideBusinessHours(string ConversationId, string DepartmentId, DateTimeOffset? NextOpening, bool OfflineRequest) : IGrainEventPayload;

/// <summary>Why a waiting dialog waits (R15), for a widget that starts following it after the notices went out: either, both or neither.</summary>
[GenerateSerializer, Immutable, Alias("routing.WaitReasons")]
public sealed record WaitReasons(
    [property: Id(0)] OutsideBusinessHours? OutsideBusinessHours,
    [property: Id(1)] NoOperatorOnline? NoOperatorOnline);

/// <summary>A department's first waiting dialog for an operator, as FairSharePolicy weighs it.</summary>
[GenerateSerializer, Immutable, Alias("routing.DepartmentHeadView")]
public sealed record DepartmentHeadView(string DepartmentId, string ConversationId, Model.Priority Priority, DateTimeOffset WaitingSince);
