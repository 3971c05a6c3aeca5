using Orleans;
using Routing.GrainInterfaces.Events;
using Routing.GrainInterfaces.Model;

namespace Routing.GrainInterfaces;

[GenerateSerializer, Alias("routing.ConversationStatus")]
public enum ConversationStatus
{
    New = 0,
    Bot = 1,
    Queued = 2,
    Offered = 3,
    Assigned = 4,
    Closed = 5,
}

/// <summary>A customer message added (or not: <see cref="StillOpen"/> false when closed), and the conversation's view after it.</summary>
[GenerateSerializer, Immutable, Alias("routing.CustomerMessageAdded")]
public sealed record CustomerMessageAdded(bool StillOpen, ConversationView? View);

/// <summary>What a conversation is opened with, once intake chose its department.</summary>
[GenerateSerializer, Immutable, Alias("routing.OpenConversation")]
public sealed record OpenConversation(string CustomerId, Channel Channel, string DepartmentId, Priority Priority, string FirstMessage)
{
    /// <summary>Opens in the bot state (the department is bot-first); it is queued at the handover.</summary>
    [Id(0)] public bool BotFirst { get; init; }

    /// <summary>The department's dialog timers (R13).</summary>
    [Id(1)] public DialogTimers? Timers { get; init; }

    /// <summary>The attachments of <see cref="FirstMessage"/> (metadata only).</summary>
    [Id(2)] public IReadOnlyList<AttachmentMetadata> FirstAttachments { get; init; } = [];

    /// <summary>The customer's id on <see cref="Channel"/> it came from (chat id, e-mail, phone): where replies go.</summary>
    [Id(3)] public string? ExternalId { get; init; }

    /// <summary>The first message's <see cref="IntakeMessage.ClientMessageId"/>: a retried intake stores it once.</summary>
    [Id(4)] public string? ClientMessageId { get; init; }

    /// <summary>
    /// Its effective first-response target (issue 15: the entry rule's, else the department's, else the channel's
    /// default); null: <see cref="DialogTimers.FirstResponseTarget"/> of <see cref="Timers"/>.
    /// </summary>
    [Id(5)] public TimeSpan? FirstResponseTarget { get; init; }
    [Id(6)] public ResponseTargetSource FirstResponseTargetSource { get; init; }
}

/// <summary>A conversation's current state (R3).</summary>
[GenerateSerializer, Immutable, Alias("routing.ConversationView")]
public sealed record ConversationView(string ConversationId)
{
    [Id(0)] public string CustomerId { get; init; } = "";

    /// <summary>The customer's id on <see cref="Channel"/> the conversation came from (null for conversations older than it).</summary>
    [Id(1)] public string? ExternalId { get; init; }

    /// <summary>The client message id of the intake that opened it: a retry of that intake answers "new conversation" again.</summary>
    [Id(2)] public string? OpeningClientMessageId { get; init; }
    [Id(3)] public ConversationStatus Status { get; init; }
    [Id(4)] public Channel Channel { get; init; }
    [Id(5)] public string DepartmentId { get; init; } = "";
    [Id(6)] public Priority Priority { get; init; } = Priority.Normal;
    [Id(7)] public string? OperatorId { get; init; }
    [Id(8)] public int MessageCount { get; init; }
    [Id(9)] public DateTimeOffset? LastCustomerMessageAt { get; init; }
    [Id(10)] public DateTimeOffset CreatedAt { get; init; }
    [Id(11)] public DateTimeOffset WaitingSince { get; init; }
    [Id(12)] public long TimelineLength { get; init; }

    /// <summary>The last sequence of its message log (customer, operator and system messages).</summary>
    [Id(13)] public long MessagesLength { get; init; }

    /// <summary>Became an offline request (R15): nobody was online when it arrived; it still waits for an operator.</summary>
    [Id(14)] public bool OfflineRequest { get; init; }

    /// <summary>The timers of the department it belongs to (R13), set when it opened or moved there.</summary>
    [Id(15)] public DialogTimers? Timers { get; init; }

    /// <summary>The customer wrote since the operator's last reply (or no operator replied yet).</summary>
    [Id(16)] public bool Unanswered { get; init; }

    /// <summary>When the current operator's rescue clock started (R13): null while nobody waits for their reply.</summary>
    [Id(17)] public DateTimeOffset? AwaitingReplySince { get; init; }

    /// <summary>The rescue clock start the operator was already warned for.</summary>
    [Id(18)] public DateTimeOffset? RescueWarnedFor { get; init; }

    [Id(19)] public int RescueCount { get; init; }

    /// <summary>Operators it was rescued from: never routed to them again.</summary>
    [Id(20)] public IReadOnlyList<string> DroppedBy { get; init; } = [];

    [Id(21)] public DateTimeOffset? LastOperatorMessageAt { get; init; }
    [Id(22)] public DateTimeOffset? FirstResponseAt { get; init; }

    /// <summary>The id of the last move by hand (<see cref="ConversationMove.MoveId"/>).</summary>
    [Id(23)] public string? LastMoveId { get; init; }

    /// <summary>The first-response SLA deadline (R13), null without a target; <see cref="SlaBreached"/> once it passed unanswered.</summary>
    [Id(24)] public DateTimeOffset? SlaDueAt { get; init; }
    [Id(25)] public bool SlaBreached { get; init; }

    /// <summary>The operator who wrote into it last.</summary>
    [Id(26)] public string? LastRepliedBy { get; init; }

    /// <summary>Set when it asked for a rating (R19), at its close or its N-th message: the scale, and the operator the rating goes to.</summary>
    [Id(27)] public int? RatingScale { get; init; }
    [Id(28)] public string? RatingOperatorId { get; init; }

    /// <summary>The customer's rating, once given; <see cref="RatingDelivered"/> once the operator's ratings counted it.</summary>
    [Id(29)] public ConversationRating? Rating { get; init; }
    [Id(30)] public bool RatingDelivered { get; init; }

    /// <summary>While <see cref="Status"/> is Offered: when the offer expires (the department's accept timeout), so a console counts down.</summary>
    [Id(31)] public DateTimeOffset? OfferExpiresAt { get; init; }

    /// <summary>The rating was asked for while the dialog was open (its N-th message): the close does not ask again.</summary>
    [Id(32)] public bool RatingAskedInDialog { get; init; }

    /// <summary>
    /// Its first-response target, fixed when it opened (issue 15: a later change of the rule or department does not
    /// move <see cref="SlaDueAt"/>), and where it came from; null for dialogs opened before targets were always set.
    /// </summary>
    [Id(33)] public TimeSpan? FirstResponseTarget { get; init; }
    [Id(34)] public ResponseTargetSource? FirstResponseTargetSource { get; init; }

    /// <summary>When the current operator loses it unless they reply, or null (R13).</summary>
    public DateTimeOffset? RescueDueAt() =>
        Status == ConversationStatus.Assigned && AwaitingReplySince is { } since && Timers?.Rescue is { } rescue ? since + rescue.After : null;
}

/// <summary>Why a dialog leaves its operator for the queue.</summary>
[GenerateSerializer, Alias("routing.ReturnReason")]
public enum ReturnReason
{
    /// <summary>R13: the customer waited too long for the operator's reply.</summary>
    Rescued = 0,
    /// <summary>R14: the operator's shift ended (after any grace period).</summary>
    ShiftEnded = 1,
    /// <summary>An admin blocked the operator's access (issue 15).</summary>
    OperatorBlocked = 2,
}

/// <summary>Published on "operator:{key}" when an operator is about to lose an unanswered dialog (R13).</summary>
[GenerateSerializer, Immutable, Alias("routing.RescueWarning")]
public sealed record RescueWarning(string ConversationId, string OperatorId, DateTimeOffset RescueAt) : IGrainEventPayload;

/// <summary>Published on "workspace:{ws}" for a supervisor: a dialog needs a human look (rescue limit, SLA breach, lateness).</summary>
[GenerateSerializer, Immutable, Alias("routing.SupervisorAlert")]
public sealed record SupervisorAlert(string Kind, string? ConversationId, string? OperatorId, string? DepartmentId, string Detail) : IGrainEventPayload;

/// <summary>One timeline entry (R3): kind (created, queued, assigned, message, closed, ...), when, who, and a detail.</summary>
[GenerateSerializer, Immutable, Alias("routing.TimelineEvent")]
public sealed record TimelineEvent(long Sequence, string Kind, DateTimeOffset At, string? OperatorId = null, string? DepartmentId = null, string? Detail = null)
{
    /// <summary>On the opening event (queued or bot): the dialog's first-response target, which the statistics' SLA measures against.</summary>
    [Id(0)] public TimeSpan? FirstResponseTarget { get; init; }
}

/// <summary>A move by hand (transfer, assignment by a supervisor): where to, and the note the timeline keeps.</summary>
[GenerateSerializer, Immutable, Alias("routing.ConversationMove")]
public sealed record ConversationMove(ConversationStatus Status, string DepartmentId, string? OperatorId, string Kind, string? Note)
{
    /// <summary>When its wait restarts (a bot handover); null keeps the original wait.</summary>
    [Id(0)] public DateTimeOffset? WaitingSince { get; init; }

    /// <summary>The timers of the department it moves to; null keeps the current ones.</summary>
    [Id(1)] public DialogTimers? Timers { get; init; }

    /// <summary>A rescue (R13): the operator it leaves joins <see cref="ConversationView.DroppedBy"/>.</summary>
    [Id(2)] public bool Rescued { get; init; }

    /// <summary>The mover's id for this move, kept as <see cref="ConversationView.LastMoveId"/> so a resumed move can tell it happened.</summary>
    [Id(3)] public string? MoveId { get; init; }
}

/// <summary>A conversation before and after a move by hand.</summary>
[GenerateSerializer, Immutable, Alias("routing.ConversationMoved")]
public sealed record ConversationMoved(ConversationView Before, ConversationView After);

/// <summary>A dialog entering a department's queue.</summary>
[GenerateSerializer, Immutable, Alias("routing.EnqueueRequest")]
public sealed record EnqueueRequest(string ConversationId, Priority Priority, Channel Channel, DateTimeOffset WaitingSince)
{
    [Id(0)] public IReadOnlyList<SkillRequirement> RequiredSkills { get; init; } = [];

    /// <summary>Operators who dropped it before (rescued from): it is not routed to them.</summary>
    [Id(1)] public IReadOnlyList<string> SkippedOperators { get; init; } = [];

    /// <summary>Sticky routing (R9): the customer's personal manager, and who served them last and when.</summary>
    [Id(2)] public string? PersonalManagerId { get; init; }
    [Id(3)] public string? LastOperatorId { get; init; }
    [Id(4)] public DateTimeOffset? LastContactAt { get; init; }
}

/// <summary>Where a dialog went: to an operator at once, or into the queue at a position.</summary>
[GenerateSerializer, Immutable, Alias("routing.Placement")]
public sealed record Placement(string ConversationId, string? OperatorId, int? QueuePosition)
{
    /// <summary>Offered to <see cref="OperatorId"/> (offer mode), not yet accepted.</summary>
    [Id(0)] public bool Offered { get; init; }
}

/// <summary>Published on "conversation:{key}" and "workspace:{ws}" for every state change.</summary>
[GenerateSerializer, Immutable, Alias("routing.ConversationChanged")]
public sealed record ConversationChanged(string ConversationId, ConversationStatus Status, string DepartmentId, string? OperatorId, string Kind) : IGrainEventPayload
{
    /// <summary>When the change was published, once stored: a wallboard measures how late its feed is from it.</summary>
    [Id(5)] public DateTimeOffset At { get; init; }

    /// <summary>The change's row in the conversation's timeline: rises with every change, so a repeat or a reordering shows.</summary>
    [Id(6)] public long TimelineSequence { get; init; }

    /// <summary>A message was stored and nothing else moved (the message event itself tells more).</summary>
    public bool IsMessageOnly => ConversationChangeKinds.IsMessage(Kind);
}
