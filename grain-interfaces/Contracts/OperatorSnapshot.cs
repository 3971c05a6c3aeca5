using Orleans;
using Routing.GrainInterfaces.Model;

namespace Routing.GrainInterfaces;

/// <summary>One dialog an operator holds, with the cost it took (so releasing frees exactly that).</summary>
[GenerateSerializer, Immutable, Alias("routing.ActiveDialog")]
public sealed record ActiveDialog(string ConversationId, string DepartmentId, Channel Channel, int Cost)
{
    /// <summary>Assigned by a supervisor beyond capacity (recorded so reports can tell).</summary>
    [Id(0)] public bool Forced { get; init; }

    /// <summary>Reserved by a move by hand: its control grain finishes or undoes it, not the department's repair.</summary>
    [Id(1)] public bool ByHand { get; init; }
}

/// <summary>
/// The operator grain's state as routing sees it. <see cref="Version"/> grows with every change, so a department can
/// ignore a snapshot older than the one it holds.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.OperatorSnapshot")]
public sealed record OperatorSnapshot(string OperatorId)
{
    [Id(0)] public long Version { get; init; }
    [Id(1)] public OperatorStatus Status { get; init; } = OperatorStatus.Offline;
    [Id(2)] public OperatorProfile Profile { get; init; } = new();
    [Id(3)] public int Load { get; init; }
    [Id(4)] public bool ActiveVoice { get; init; }
    [Id(5)] public DateTimeOffset AvailableSince { get; init; }
    [Id(6)] public DateTimeOffset? LastAssignedAt { get; init; }
    [Id(7)] public IReadOnlyList<ActiveDialog> Active { get; init; } = [];

    /// <summary>The work schedule (R14); null: none, the status is only set by hand.</summary>
    [Id(8)] public WorkSchedule? Schedule { get; init; }

    /// <summary>The end of the shift they are on (R14); null off shift.</summary>
    [Id(9)] public DateTimeOffset? ShiftEndsAt { get; init; }

    /// <summary>After a shift end, when their remaining dialogs go back to the queue (R14); null when nothing is pending.</summary>
    [Id(10)] public DateTimeOffset? HandOverAt { get; init; }

    /// <summary>When the current status began; null for an operator not seen changing status since this was recorded.</summary>
    [Id(11)] public DateTimeOffset? StatusSince { get; init; }

    /// <summary>An admin blocked their access: offline, never routed, no status but offline until unblocked.</summary>
    [Id(12)] public bool Blocked { get; init; }
}

/// <summary>The operator's answer to a reservation: whether it fit, and its state after (fresh for the department's index).</summary>
[GenerateSerializer, Immutable, Alias("routing.ReserveResult")]
public sealed record ReserveResult(bool Reserved, OperatorSnapshot Operator);
