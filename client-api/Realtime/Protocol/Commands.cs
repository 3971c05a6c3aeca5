using Routing.GrainInterfaces;
using Routing.GrainInterfaces.Model;

namespace Routing.ClientApi.Realtime.Protocol;

// The data of client frames, by type (client-api/REALTIME.md lists which role may send which). A parameter without a
// default is required: a frame without it is malformed-frame naming it (the REST binder's rule, same JSON options).

/// <summary>send (customer): a message with text, attachments or both, once per clientMessageId.</summary>
public sealed record CustomerSendCommand(string? Text = null, IReadOnlyList<AttachmentMetadata>? Attachments = null, string? ClientMessageId = null);

/// <summary>send (operator, supervisor): a reply into a dialog, once per clientMessageId.</summary>
public sealed record ReplyCommand(string? ConversationId, string? Text, string? ClientMessageId = null);

/// <summary>history (customer): a page of their own conversation.</summary>
public sealed record HistoryCommand(long? From = null, int? Limit = null);

/// <summary>accept, decline, typing, close, take, monitor, unmonitor, join, leave (operator, supervisor): one conversation.</summary>
public sealed record DialogCommand(string? ConversationId);

/// <summary>history (operator, supervisor): a page of one conversation.</summary>
public sealed record DialogHistoryCommand(string? ConversationId, long? From = null, int? Limit = null);

/// <summary>rate (customer): their rating of their conversation.</summary>
public sealed record RateCommand(int? Score, string? Comment = null);

/// <summary>status (operator): their own status.</summary>
public sealed record StatusCommand(OperatorStatus? Status);

/// <summary>status (supervisor): an operator's status.</summary>
public sealed record OperatorStatusCommand(string? OperatorId, OperatorStatus? Status);

/// <summary>transfer: to exactly one of a department and an operator.</summary>
public sealed record TransferCommand(string? ConversationId, string? DepartmentId = null, string? OperatorId = null, string? Note = null);

public sealed record AssignCommand(string? ConversationId, string? OperatorId, bool Force = false, string? Note = null);

// Issue 15, the widget.

/// <summary>navigate (operator, joined supervisor): send the visitor of a dialog to a page (absolute http/https URL).</summary>
public sealed record NavigateCommand(string? ConversationId, string? Url);

/// <summary>draft (customer): what the visitor has typed so far, not sent (empty: they cleared it).</summary>
public sealed record DraftCommand(string? Text);

// Issue 15, moving a dialog to another channel.

/// <summary>move-channel (operator): their assigned dialog continues in another of the customer's channels; no identity: the known one.</summary>
public sealed record MoveChannelCommand(string? ConversationId, Channel? Channel, string? ExternalCustomerId = null);

// Issue 15, callback requests.

/// <summary>callback (customer): call me back at an E.164 phone, optionally within a window; once per clientRequestId.</summary>
public sealed record CustomerCallbackCommand(string? Phone, DateTimeOffset? WindowStart = null, DateTimeOffset? WindowEnd = null, string? Note = null,
    string? DepartmentId = null, string? ClientRequestId = null);

/// <summary>callback-status (customer): one of their callbacks.</summary>
public sealed record CallbackStatusCommand(string? CallbackId);

/// <summary>callback (operator): a callback of the customer of a held dialog (chat → phone); once per clientRequestId.</summary>
public sealed record OperatorCallbackCommand(string? ConversationId, string? Phone, DateTimeOffset? WindowStart = null, DateTimeOffset? WindowEnd = null,
    string? Note = null, string? DepartmentId = null, string? ClientRequestId = null);

/// <summary>callback-outcome (operator): what came of the call of a held callback attempt.</summary>
public sealed record CallbackOutcomeCommand(string? ConversationId, CallbackOutcome? Outcome, string? Note = null, DateTimeOffset? RetryAt = null);

// Issue 13, live statistics.

/// <summary>live (supervisor): the live statistics frame from now on; <c>departmentIds</c> narrows its departments (null: every one).</summary>
public sealed record LiveCommand(IReadOnlyList<string>? DepartmentIds = null);

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
public sealed record DialogFrame(ConversationView Conversation, bool Offered, IReadOnlyList<ConversationMessage> Messages)
{
    /// <summary>The customer's card and status (issue 15).</summary>
    public CustomerCardResponse? Customer { get; init; }

    /// <summary>When the dialog is a callback attempt (issue 15): the phone number to call, the window and the attempts.</summary>
    public CallbackView? Callback { get; init; }
}
