using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;

namespace Routing.ClientApi.Realtime.Protocol;

// The data of client frames, by type (client-api/REALTIME.md lists which role may send which).

/// <summary>send (customer): a message, once per clientMessageId; send (operator, supervisor): a reply into a dialog.</summary>
public sealed record SendCommand(string? ConversationId, string? Text, IReadOnlyList<AttachmentMetadata>? Attachments, string? ClientMessageId);

/// <summary>typing, history, accept, decline, close, monitor, unmonitor: one conversation (the customer's own when omitted).</summary>
public sealed record ConversationCommand(string? ConversationId, long? From, int? Limit);

public sealed record RateCommand(string? ConversationId, int? Score, string? Comment);

public sealed record StatusCommand(string? OperatorId, OperatorStatus? Status);

public sealed record TransferCommand(string? ConversationId, string? DepartmentId, string? OperatorId, string? Note);

public sealed record AssignCommand(string? ConversationId, string? OperatorId, bool Force, string? Note);

// What the server sends that is not a grain contract as is.

/// <summary>A conversation's history (or its last page) when a client starts following it.</summary>
public sealed record MessagesFrame(string ConversationId, IReadOnlyList<ConversationMessage> Messages, long MessagesLength);

/// <summary>A waiting dialog's place (R16), sent when it changes.</summary>
public sealed record QueueFrame(string ConversationId, string DepartmentId, int Position, double? ExpectedWaitSeconds);

/// <summary>What a customer sees of their conversation (no skip lists, timers or internal ids beyond the operator's).</summary>
public sealed record CustomerConversationFrame(string ConversationId, ConversationStatus Status, string DepartmentId, string? OperatorId,
    DateTimeOffset CreatedAt, long MessagesLength, int? RatingScale, bool Rated)
{
    public static CustomerConversationFrame Of(ConversationView view) =>
        new(view.ConversationId, view.Status, view.DepartmentId, view.OperatorId, view.CreatedAt, view.MessagesLength,
            view.Rating is null ? view.RatingScale : null, view.Rating is not null);
}

/// <summary>A dialog an operator holds (offered or assigned), with its last messages.</summary>
public sealed record DialogFrame(ConversationView Conversation, bool Offered, IReadOnlyList<ConversationMessage> Messages);
