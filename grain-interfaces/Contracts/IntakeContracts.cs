using Orleans;
using Routing.GrainInterfaces.Events;
using Routing.GrainInterfaces.Model;

namespace Routing.GrainInterfaces;

/// <summary>A customer's message from a channel (R2, R7): who (channel identity), what, and entry-rule facts.</summary>
[GenerateSerializer, Immutable, Alias("routing.IntakeMessage")]
public sealed record IntakeMessage(Channel Channel, string ExternalId, string Text)
{
    [Id(0)] public string? Topic { get; init; }
    [Id(1)] public string? Language { get; init; }
    /// <summary>The priority the channel gave (R8); null: none, so the entry rule's applies (<see cref="Priority.Normal"/> without one).</summary>
    [Id(2)] public Priority? Priority { get; init; }
    [Id(3)] public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Skills the dialog needs (R10), e.g. from a bot's classification; widened per the department's settings.</summary>
    [Id(4)] public IReadOnlyList<SkillRequirement> RequiredSkills { get; init; } = [];

    /// <summary>Files attached to the message (R18, metadata only). Routing does not read them.</summary>
    [Id(5)] public IReadOnlyList<AttachmentMetadata> Attachments { get; init; } = [];

    /// <summary>
    /// Set by the intake's idempotency grain from the connector's key, never by a caller: the conversation stores a
    /// message with this id once, so a retry after a crash that lost the answer is not stored twice (R23).
    /// </summary>
    [Id(6)] public string? ClientMessageId { get; init; }
}

/// <summary>A file a customer sent (R18): metadata only; the channel keeps the bytes at <paramref name="Url"/>.</summary>
[GenerateSerializer, Immutable, Alias("routing.AttachmentMetadata")]
public sealed record AttachmentMetadata(string FileName, string ContentType, long SizeBytes, string? Url = null);

/// <summary>Where a message landed: the customer, the conversation (new or open), and its state after.</summary>
[GenerateSerializer, Immutable, Alias("routing.IntakeResult")]
public sealed record IntakeResult(string CustomerId, string ConversationId, bool NewConversation, ConversationStatus Status, string DepartmentId, string? OperatorId, int? QueuePosition);

/// <summary>Published on "identity:{key}" when a message of that identity opens a new conversation.</summary>
[GenerateSerializer, Immutable, Alias("routing.ConversationOpened")]
public sealed record ConversationOpened(string CustomerId, string ConversationId) : IGrainEventPayload;

/// <summary>A customer's identities and open conversation (R2).</summary>
[GenerateSerializer, Immutable, Alias("routing.CustomerView")]
public sealed record CustomerView(string CustomerId)
{
    [Id(0)] public IReadOnlyList<string> Identities { get; init; } = [];
    [Id(1)] public string? OpenConversationId { get; init; }
    [Id(2)] public string? PersonalManagerId { get; init; }
    [Id(3)] public int ConversationCount { get; init; }
    [Id(4)] public bool Blocked { get; init; }

    /// <summary>What channels and the CRM set (issue 15, customer card).</summary>
    [Id(5)] public CustomerCard Card { get; init; } = CustomerCard.Empty;

    /// <summary>An operator's status of the customer with its reminder, until dismissed or replaced.</summary>
    [Id(6)] public CustomerReminder? Reminder { get; init; }
}

/// <summary>Published on "operator:{key}" and "workspace:{ws}" for every operator change.</summary>
[GenerateSerializer, Immutable, Alias("routing.OperatorChanged")]
public sealed record OperatorChanged(string OperatorId, OperatorStatus Status, int Load, int Capacity, string Kind) : IGrainEventPayload
{
    /// <summary>When the current status began (a wallboard's "time in status").</summary>
    [Id(0)] public DateTimeOffset? StatusSince { get; init; }
}

/// <summary>Published on "department:{key}" when the queue changes.</summary>
[GenerateSerializer, Immutable, Alias("routing.QueueChanged")]
public sealed record QueueChanged(string DepartmentId, string ConversationId, string Kind, int QueueLength) : IGrainEventPayload
{
    /// <summary>The department's grain started on this silo (no conversation): the queue's length from here.</summary>
    public const string Activated = "activated";

    /// <summary>The department's grain stopped on this silo (no conversation): whatever it said here is no longer current.</summary>
    public const string Deactivated = "deactivated";

    /// <summary>False for the grain's own start and stop notices (for metrics): no dialog moved, nothing to read again.</summary>
    public bool MovedADialog => Kind is not (Activated or Deactivated);
}

/// <summary>One channel identity (R2, R17).</summary>
[GenerateSerializer, Immutable, Alias("routing.IdentityView")]
public sealed record IdentityView(string? CustomerId, bool Blocked);

/// <summary>Intake's answer and whether it is a stored one (a retry).</summary>
[GenerateSerializer, Immutable, Alias("routing.IdempotentIntakeResult")]
public sealed record IdempotentIntakeResult(IntakeResult Result, bool Replayed);
