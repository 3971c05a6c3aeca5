using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;
using Routing.Grains.Journal;
using Routing.Grains.Policies;

namespace Routing.Grains.State;

public sealed class WorkspaceState : IJournalSnapshot
{
    public Dictionary<string, DepartmentConfig> Departments { get; set; } = new();
    public Dictionary<string, OperatorProfile> Operators { get; set; } = new();
    public EntryRouting? EntryRouting { get; set; }

    /// <summary>Created through the API (with its first admin key); workspaces configured directly by grains need not be.</summary>
    public bool Created { get; set; }
    public Dictionary<string, ApiKeyRecord> ApiKeys { get; set; } = new();

    /// <summary>
    /// HMAC key of the workspace's operator and customer tokens (32 random bytes); null in workspaces created before
    /// tokens existed, until first asked for. Replacing it invalidates every token issued with it.
    /// </summary>
    public byte[]? TokenSigningKey { get; set; }

    /// <summary>The workspace's widgets send what the visitor types before it is sent (issue 15); off by default.</summary>
    public bool DraftPreview { get; set; }

    /// <summary>The last row of the operator journal (<see cref="OperatorConfigured"/>) this snapshot includes.</summary>
    public long JournalThrough { get; set; }

    /// <summary>Operators whose access an admin blocked (issue 15); their tokens are refused.</summary>
    public Dictionary<string, OperatorBlock> BlockedOperators { get; set; } = new();

    /// <summary>Per operator, their last block or removal: tokens issued up to that second stay refused after an unblock.</summary>
    public Dictionary<string, DateTimeOffset> OperatorTokensRevokedAt { get; set; } = new();

    /// <summary>Licensed operator seats, set by the platform (bootstrap key); null: unlimited.</summary>
    public int? Seats { get; set; }

    /// <summary>
    /// The workspace's time zone (IANA id): the day of its live statistics' "today" (UTC when null) and the zone of its
    /// reports (each department's own when null). Null until an admin sets one.
    /// </summary>
    public string? TimeZoneId { get; set; }
}

/// <summary>A row of the workspace's operator journal: the operator's profile as configured.</summary>
public sealed record OperatorConfigured(string OperatorId, OperatorProfile Profile);

public sealed class IntakeIdempotencyState
{
    public string? Fingerprint { get; set; }
    public IntakeResult? Result { get; set; }
    public DateTimeOffset StoredAt { get; set; }
}

public sealed class IdentityState
{
    public string? CustomerId { get; set; }
    public bool Blocked { get; set; }
}

public sealed class CustomerState
{
    public List<string> Identities { get; set; } = [];
    public string? OpenConversationId { get; set; }
    public string? PersonalManagerId { get; set; }
    public int ConversationCount { get; set; }
    public bool Blocked { get; set; }
    public CustomerCard Card { get; set; } = CustomerCard.Empty;
    public CustomerReminder? Reminder { get; set; }
}

public sealed class ConversationState
{
    public ConversationView? View { get; set; }

    /// <summary>The last messages stored with a client message id (a resend with one is not stored again), written with the state.</summary>
    public List<RecentClientMessage> RecentClientMessages { get; set; } = [];

    /// <summary>The sequence of the last message whose client id the window above pushed out (0: none): older ids are read back from the log.</summary>
    public long ClientMessagesForgottenThrough { get; set; }

    /// <summary>Where the last channel move (issue 15) left from: a resumed move tells that channel again.</summary>
    public ChannelLeft? LastChannelMove { get; set; }
}

/// <summary>The channel and identity a dialog left in a channel move, and the move's timeline row.</summary>
public sealed record ChannelLeft(Channel Channel, string? ExternalId, long TimelineSequence);

/// <summary>A writer's client message id (keyed with the author kind and writer) and the sequence it was stored at.</summary>
public sealed record RecentClientMessage(string Key, long Sequence);

public sealed class OperatorState
{
    public long Version { get; set; }
    public OperatorProfile Profile { get; set; } = new();
    public OperatorStatus Status { get; set; } = OperatorStatus.Offline;
    public DateTimeOffset AvailableSince { get; set; }
    public DateTimeOffset? LastAssignedAt { get; set; }
    public Dictionary<string, ActiveDialog> Active { get; set; } = new();

    /// <summary>When <see cref="Status"/> last changed (the wallboard's time in status).</summary>
    public DateTimeOffset? StatusSince { get; set; }

    /// <summary>The work schedule (R14) and where the operator stands in it.</summary>
    public WorkSchedule? Schedule { get; set; }
    public OperatorShiftState Shift { get; set; } = new();

    /// <summary>An admin blocked their access (issue 15): offline, never reserved, until unblocked.</summary>
    public bool Blocked { get; set; }

    /// <summary>Removed from the workspace: never reserved until configured again.</summary>
    public bool Removed { get; set; }
}

/// <summary>
/// A department's snapshot; the queue and index are rebuilt from it plus the journal entries after
/// <see cref="JournalThrough"/> (<see cref="DepartmentChange"/>) on activation.
/// </summary>
public sealed class DepartmentState
{
    public DepartmentConfig Config { get; set; } = new();
    public Dictionary<string, int> Members { get; set; } = new();
    public List<WaitingDialog> Waiting { get; set; } = [];
    public List<HeldDialog> Held { get; set; } = [];
    public long LastSequence { get; set; }
    public Dictionary<int, string> RoundRobinCursors { get; set; } = new();
    public Dictionary<string, PendingOffer> Offers { get; set; } = new();
    public DateTimeOffset? WideningArmedAt { get; set; }
    public DateTimeOffset? LastWideningAt { get; set; }

    /// <summary>The last journal sequence this snapshot includes.</summary>
    public long JournalThrough { get; set; }

    /// <summary>Written by a clean deactivation; with no journal entry after it, no flow can have been cut.</summary>
    public bool CleanlyDeactivated { get; set; }

    /// <summary>The expected-wait rate (R16), so a restart does not fall back to the handle-time guess.</summary>
    public AssignmentRateSnapshot? RecentAssignments { get; set; }
}

/// <summary>A dialog offered to an operator who has not answered yet; the dialog keeps its queue identity for a return.</summary>
public sealed record PendingOffer(WaitingDialog Dialog, string OperatorId, DateTimeOffset ExpiresAt);

/// <summary>A move by hand in progress (R23): recorded before its first step so a crash cannot leave it half done.</summary>
public sealed class ConversationControlState
{
    public PendingMove? Pending { get; set; }

    /// <summary>The last move finished: a retry of the same request after a lost answer is answered, not moved again.</summary>
    public PendingMove? Done { get; set; }
}

public enum MoveKind
{
    ToDepartment = 0,
    ToOperator = 1,
    BotHandover = 2,

    /// <summary>To another of the customer's channels (issue 15): <see cref="PendingMove.Target"/> is the channel's name.</summary>
    ToChannel = 3,
}

/// <param name="Target">The department or operator id.</param>
/// <param name="MoveId">Recorded by the conversation with the move: a resumed move knows whether that step happened.</param>
/// <param name="FromDepartment">Where the dialog was when the move began: it is detached there, also on resume.</param>
/// <param name="FromOperator">Who held it then: released, also on resume, unless it is the target.</param>
public sealed record PendingMove(MoveKind Kind, string Target, bool Force, string Note, string MoveId, string FromDepartment, string? FromOperator)
{
    public string? TimelineKind { get; init; }

    /// <summary>A rescue (R13): the operator it leaves is skipped from now on.</summary>
    public bool Rescue { get; init; }

    /// <summary>The operator whose own request this is (their transfer or close); null for a supervisor, the engine or a customer.</summary>
    public string? RequestedBy { get; init; }

    /// <summary>A channel move's identity on the new channel, and the channel it leaves (restored should the move be undone).</summary>
    public string? ExternalId { get; init; }
    public Channel? FromChannel { get; init; }
}

public sealed class OperatorRatingsState
{
    public int Count { get; set; }
    public double NormalizedSum { get; set; }
    public Dictionary<int, RatingTally> ByScale { get; set; } = new();

    /// <summary>The last rated conversations (oldest first), to ignore a redelivered rating.</summary>
    public List<string> Recent { get; set; } = [];
}

/// <summary>The templates as of <see cref="JournalThrough"/> (the snapshot beside the <see cref="TemplateChanged"/> journal).</summary>
public sealed class TemplatesState : IJournalSnapshot
{
    public Dictionary<string, QuickReplyTemplate> Templates { get; set; } = new();
    public long JournalThrough { get; set; }
}

/// <summary>A row of the templates journal: the template as put, or null when deleted.</summary>
public sealed record TemplateChanged(string TemplateId, QuickReplyTemplate? Template);

/// <summary>The customer reminders one operator set, pending and due (issue 15).</summary>
public sealed class OperatorRemindersState
{
    public List<CustomerReminder> Reminders { get; set; } = [];
}

/// <summary>A callback request (issue 15): what was asked (its fingerprint answers repeats), the department's rules taken then, and where it stands.</summary>
public sealed class CallbackState
{
    public CallbackRequest? Request { get; set; }
    public CallbackSettings Settings { get; set; } = CallbackSettings.Default;
    public CallbackView? View { get; set; }
}
