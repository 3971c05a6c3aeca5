using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;

namespace Routing.ClientApi;

/// <summary>
/// POST /v1/workspaces (bootstrap key): the new workspace's id, a name for its first admin key and its licensed operator
/// seats (null or absent: unlimited).
/// </summary>
public sealed record CreateWorkspaceRequest(string? WorkspaceId, string? KeyName = null, int? Seats = null);

/// <summary>POST /v1/workspaces/{ws}/api-keys.</summary>
public sealed record CreateApiKeyRequest(ApiKeyScope? Scope, string? Name = null);

/// <summary>A key just created: <paramref name="ApiKey"/> is the raw key, shown this once and never again.</summary>
public sealed record CreatedApiKey(string WorkspaceId, ApiKeyView Key, string ApiKey);

public sealed record DepartmentResponse(string DepartmentId, DepartmentConfig Config);

public sealed record OperatorResponse(string OperatorId, OperatorProfile Profile)
{
    /// <summary>Whether an admin blocked their access (issue 15); <see cref="Block"/> says why and since when.</summary>
    public bool Blocked => Block is not null;
    public OperatorBlock? Block { get; init; }
}

/// <summary>A channel identity (R2, R17): the customer it leads to (null before its first message) and whether it is blocked.</summary>
public sealed record IdentityResponse(Channel Channel, string ExternalId, string? CustomerId, bool Blocked);

public sealed record PersonalManagerRequest(string? OperatorId);

/// <summary>A channel message (R2, R7, R18).</summary>
public sealed record IntakeRequest(Channel? Channel, string? ExternalCustomerId, string? Text = null)
{
    public IReadOnlyList<AttachmentMetadata>? Attachments { get; init; }
    public string? Topic { get; init; }
    public string? Language { get; init; }
    public Priority? Priority { get; init; }
}

/// <summary>Where the message went: its conversation and, when waiting, its place in the queue.</summary>
public sealed record IntakeResponse(string CustomerId, string ConversationId, bool NewConversation, ConversationStatus Status,
    string DepartmentId, string? OperatorId, int? QueuePosition);

public sealed record QueueSummary(string DepartmentId, int Depth, double? LongestWaitSeconds, DateTimeOffset? OldestWaitingSince);

public sealed record WaitingDialog(string ConversationId, int Position, Priority Priority, DateTimeOffset WaitingSince, double WaitedSeconds,
    double? ExpectedWaitSeconds, string? HeldFor, IReadOnlyList<string> SkippedOperators);

/// <summary>
/// One page of a queue (R16): <paramref name="Depth"/> dialogs wait in all (queued and held); <paramref name="Waiting"/>
/// lists some of them in serving order with their positions now; <paramref name="NextAfter"/> is the `after` of the next
/// page, null when this page reaches the end of the queue.
/// </summary>
public sealed record QueueDetail(string DepartmentId, int Depth, double? LongestWaitSeconds, IReadOnlyList<WaitingDialog> Waiting, string? NextAfter);

public sealed record OperatorState(string OperatorId, OperatorStatus Status, int Load, int Capacity, IReadOnlyList<string> Conversations,
    DateTimeOffset? ShiftEndsAt, DateTimeOffset? StatusSince)
{
    /// <summary>An admin blocked their access (issue 15): offline and out of routing until unblocked.</summary>
    public bool Blocked { get; init; }
}

public sealed record StatusRequest(OperatorStatus? Status);

public sealed record AssignRequest(string? OperatorId, bool Force = false, string? Note = null);

/// <summary>Exactly one of the targets.</summary>
public sealed record TransferRequest(string? DepartmentId = null, string? OperatorId = null, string? Note = null);

/// <summary>
/// POST .../conversations/{id}/move-to-channel (issue 15): the channel the dialog continues in, and the customer's id
/// there (an e-mail address for email); without one, the customer's known identity on that channel.
/// </summary>
public sealed record MoveChannelRequest(Channel? Channel, string? ExternalCustomerId = null);

public sealed record ConversationResponse(ConversationView Conversation, IReadOnlyList<TimelineEvent>? Timeline = null);

/// <summary>POST conversations/{id}/rating (channel): the customer's score, 1 to the conversation's scale, and a comment.</summary>
public sealed record RatingRequest(int? Score, string? Comment = null);

/// <summary>PUT templates/{id} (admin): a quick-reply template; departmentId null: for every department.</summary>
public sealed record TemplateRequest(string? Title, string? Text, string? DepartmentId = null);

public sealed record TemplateResponse(string TemplateId, string Title, string Text, string? DepartmentId);

// ---- Customer card and reminders (issue 15) ----

/// <summary>
/// A customer's card as operators and supervisors see it: what channels and the CRM set, and an operator's status with
/// its reminder (null: none).
/// </summary>
public sealed record CustomerCardResponse(string CustomerId, string? Name, string? CrmId, IReadOnlyDictionary<string, string> Attributes,
    DateTimeOffset? UpdatedAt, CustomerReminder? Reminder)
{
    public static CustomerCardResponse Of(string customerId, CustomerCard card, CustomerReminder? reminder) =>
        new(customerId, card.Name, card.CrmId, card.Attributes, card.UpdatedAt, reminder);

    public static CustomerCardResponse Of(CustomerView view) => Of(view.CustomerId, view.Card, view.Reminder);
}

/// <summary>PUT operator/conversations/{id}/reminder: the customer's status, a note and when to remind (UTC, in the future).</summary>
public sealed record ReminderRequest(string? Status, DateTimeOffset? RemindAt, string? Note = null);

// Administration (issue 15): operator access and licensed seats.

/// <summary>PUT operators/{id}/access (admin): block (with a reason, at most 500 characters) or unblock an operator.</summary>
public sealed record OperatorAccessRequest(bool Blocked, string? Reason = null);

/// <summary>An operator's access: blocked or not, and the block's reason and time.</summary>
public sealed record OperatorAccessResponse(string OperatorId, bool Blocked, string? Reason, DateTimeOffset? BlockedAt);

/// <summary>PUT /v1/workspaces/{ws}/seats (bootstrap key): the licensed operator seats; null: unlimited.</summary>
public sealed record SeatsRequest(int? Seats);

/// <summary>
/// A workspace's seats: <paramref name="Seats"/> licensed (null: unlimited), <paramref name="Used"/> by configured operators,
/// <paramref name="Available"/> for new ones (null: unlimited), <paramref name="OverBy"/> operators beyond a licence
/// lowered below the count (they keep working; no operator can be added until it fits).
/// </summary>
public sealed record SeatsResponse(string WorkspaceId, int? Seats, int Used, int? Available, int OverBy)
{
    public static SeatsResponse Of(string workspaceId, SeatsView view) => new(workspaceId, view.Seats, view.Used,
        view.Seats is { } seats ? Math.Max(0, seats - view.Used) : null, view.Seats is { } limit ? Math.Max(0, view.Used - limit) : 0);
}

// Issue 15, the widget.

/// <summary>GET/PUT/DELETE draft-preview: whether the workspace's widgets send the visitor's draft to the operator.</summary>
public sealed record DraftPreviewSetting(bool Enabled);

// Taking from the shared queue (pull).

/// <summary>
/// A dialog of the operator's Incoming: waiting in one of their departments and theirs to take by the routing rules;
/// <paramref name="CanTakeNow"/> is false while their status or free capacity stops them (<paramref name="WhyNotNow"/>).
/// </summary>
public sealed record IncomingDialogResponse(string ConversationId, string DepartmentId, Channel Channel, Priority Priority,
    DateTimeOffset WaitingSince, double WaitedSeconds, bool CanTakeNow, TakeRefusal? WhyNotNow, bool HeldForYou)
{
    public static IncomingDialogResponse Of(IncomingDialog dialog, DateTimeOffset now) =>
        new(dialog.ConversationId, dialog.DepartmentId, dialog.Channel, dialog.Priority, dialog.WaitingSince,
            Math.Max(0, (now - dialog.WaitingSince).TotalSeconds), dialog.WhyNotNow is null, dialog.WhyNotNow, dialog.HeldForYou);
}

/// <summary>POST operator/incoming/take.</summary>
public sealed record TakeRequest(string? ConversationId);
