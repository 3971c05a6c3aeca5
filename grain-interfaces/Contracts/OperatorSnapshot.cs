using Routing.GrainInterfaces.Model;

namespace Routing.GrainInterfaces;

/// <summary>One dialog an operator holds, with the cost it took (so releasing frees exactly that).</summary>
public sealed record ActiveDialog(string ConversationId, string DepartmentId, Channel Channel, int Cost)
{
    /// <summary>Assigned by a supervisor beyond capacity (recorded so reports can tell).</summary>
    public bool Forced { get; init; }

    /// <summary>Reserved by a move by hand: its control grain finishes or undoes it, not the department's repair.</summary>
    public bool ByHand { get; init; }
}

/// <summary>
/// The operator grain's state as routing sees it. <see cref="Version"/> grows with every change, so a department can
/// ignore a snapshot older than the one it holds.
/// </summary>
public sealed record OperatorSnapshot(string OperatorId)
{
    public long Version { get; init; }
    public OperatorStatus Status { get; init; } = OperatorStatus.Offline;
    public OperatorProfile Profile { get; init; } = new();
    public int Load { get; init; }
    public bool ActiveVoice { get; init; }
    public DateTimeOffset AvailableSince { get; init; }
    public DateTimeOffset? LastAssignedAt { get; init; }
    public IReadOnlyList<ActiveDialog> Active { get; init; } = [];

    /// <summary>The work schedule (R14); null: none, the status is only set by hand.</summary>
    public WorkSchedule? Schedule { get; init; }

    /// <summary>The end of the shift they are on (R14); null off shift.</summary>
    public DateTimeOffset? ShiftEndsAt { get; init; }

    /// <summary>After a shift end, when their remaining dialogs go back to the queue (R14); null when nothing is pending.</summary>
    public DateTimeOffset? HandOverAt { get; init; }
}

/// <summary>The operator's answer to a reservation: whether it fit, and its state after (fresh for the department's index).</summary>
public sealed record ReserveResult(bool Reserved, OperatorSnapshot Operator);
