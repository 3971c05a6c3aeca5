using Orleans;
using Routing.GrainInterfaces.Events;

namespace Routing.GrainInterfaces;

/// <summary>Who wrote a conversation message.</summary>
[GenerateSerializer, Alias("routing.MessageAuthor")]
public enum MessageAuthor
{
    Customer = 0,
    Operator = 1,
    System = 2,
    /// <summary>A supervisor who joined the dialog (R6); <see cref="ConversationMessage.OperatorId"/> names them.</summary>
    Supervisor = 3,
}

/// <summary>
/// One stored message of a conversation (R3): a row of its append-only message log, read back with
/// <see cref="IConversationGrain.GetMessages"/>, and the event published on "conversation:{key}" once the row is durable.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.ConversationMessage")]
public sealed record ConversationMessage(
    string ConversationId, long Sequence, MessageAuthor Author, string? OperatorId, string Text, DateTimeOffset At) : IGrainEventPayload
{
    /// <summary>The longest text a message may have (characters); longer ones are refused.</summary>
    public const int MaxTextLength = 20_000;

    /// <summary>The most attachments one message may carry.</summary>
    public const int MaxAttachments = 20;

    /// <summary>The largest size one attachment may declare (the engine stores metadata only): 100 MiB.</summary>
    public const long MaxAttachmentSizeBytes = 100L * 1024 * 1024;

    /// <summary>The most messages one read returns.</summary>
    public const int MaxReadCount = 500;

    [Id(0)] public IReadOnlyList<AttachmentMetadata> Attachments { get; init; } = [];

    /// <summary>The writer's own id for it (an operator's or supervisor's retry key): a resend with it is stored once.</summary>
    [Id(1)] public string? ClientMessageId { get; init; }

    /// <summary>The longest <see cref="ClientMessageId"/>; printable ASCII only.</summary>
    public const int MaxClientMessageIdLength = 128;

    /// <summary>Why a client message id is not acceptable, or null when it is (or there is none).</summary>
    public static string? ClientMessageIdProblem(string? id) =>
        id is not null && (id.Length is 0 or > MaxClientMessageIdLength || !id.All(c => c is >= ' ' and <= '~'))
            ? $"clientMessageId must be 1-{MaxClientMessageIdLength} printable ASCII characters" : null;

    /// <summary>Why text and attachments are not acceptable, or null when they are.</summary>
    public static string? Problem(string? text, IReadOnlyList<AttachmentMetadata>? attachments)
    {
        if (string.IsNullOrWhiteSpace(text) && attachments is not { Count: > 0 }) return "a message needs text or an attachment";
        if (text is { Length: > MaxTextLength }) return $"text is at most {MaxTextLength} characters";
        if (attachments is { Count: > MaxAttachments }) return $"at most {MaxAttachments} attachments";
        if (attachments?.Any(a => a is null || a.SizeBytes is < 0 or > MaxAttachmentSizeBytes) == true)
            return $"attachment sizeBytes must be between 0 and {MaxAttachmentSizeBytes}";
        return null;
    }
}

/// <summary>
/// Published on "conversation:{key}" by the client API while someone types (never stored): the customer, the operator
/// holding the dialog, or a supervisor who joined it.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.TypingIndicator")]
public sealed record TypingIndicator(string ConversationId, MessageAuthor Author, string? OperatorId) : IGrainEventPayload;
