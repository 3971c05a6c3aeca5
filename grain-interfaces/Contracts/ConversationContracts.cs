using Routing.GrainInterfaces.Model;

namespace Routing.GrainInterfaces;

public enum ConversationStatus
{
    New = 0,
    Bot = 1,
    Queued = 2,
    Offered = 3,
    Assigned = 4,
    Closed = 5,
}

/// <summary>What a conversation is opened with, once intake chose its department.</summary>
public sealed record OpenConversation(string CustomerId, Channel Channel, string DepartmentId, Priority Priority, string FirstMessage)
{
    /// <summary>Opens in the bot state (the department is bot-first); it is queued at the handover.</summary>
    public bool BotFirst { get; init; }
}

/// <summary>A conversation's current state (R3).</summary>
public sealed record ConversationView(string ConversationId)
{
    public string CustomerId { get; init; } = "";
    public ConversationStatus Status { get; init; }
    public Channel Channel { get; init; }
    public string DepartmentId { get; init; } = "";
    public Priority Priority { get; init; } = Priority.Normal;
    public string? OperatorId { get; init; }
    public int MessageCount { get; init; }
    public DateTimeOffset? LastCustomerMessageAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset WaitingSince { get; init; }
    public long TimelineLength { get; init; }

    /// <summary>Became an offline request (R15): nobody was online when it arrived; it still waits for an operator.</summary>
    public bool OfflineRequest { get; init; }
}

/// <summary>One timeline entry (R3): kind (created, queued, assigned, message, closed, ...), when, who, and a detail.</summary>
public sealed record TimelineEvent(long Sequence, string Kind, DateTimeOffset At, string? OperatorId = null, string? DepartmentId = null, string? Detail = null);

/// <summary>A move by hand (transfer, assignment by a supervisor): where to, and the note the timeline keeps.</summary>
public sealed record ConversationMove(ConversationStatus Status, string DepartmentId, string? OperatorId, string Kind, string? Note)
{
    /// <summary>When its wait restarts (a bot handover); null keeps the original wait.</summary>
    public DateTimeOffset? WaitingSince { get; init; }
}

/// <summary>A conversation before and after a move by hand.</summary>
public sealed record ConversationMoved(ConversationView Before, ConversationView After);

/// <summary>A dialog entering a department's queue.</summary>
public sealed record EnqueueRequest(string ConversationId, Priority Priority, Channel Channel, DateTimeOffset WaitingSince)
{
    public IReadOnlyList<SkillRequirement> RequiredSkills { get; init; } = [];

    /// <summary>Sticky routing (R9): the customer's personal manager, and who served them last and when.</summary>
    public string? PersonalManagerId { get; init; }
    public string? LastOperatorId { get; init; }
    public DateTimeOffset? LastContactAt { get; init; }
}

/// <summary>Where a dialog went: to an operator at once, or into the queue at a position.</summary>
public sealed record Placement(string ConversationId, string? OperatorId, int? QueuePosition)
{
    /// <summary>Offered to <see cref="OperatorId"/> (offer mode), not yet accepted.</summary>
    public bool Offered { get; init; }
}

/// <summary>Published on "conversation:{key}" and "workspace:{ws}" for every state change.</summary>
public sealed record ConversationChanged(string ConversationId, ConversationStatus Status, string DepartmentId, string? OperatorId, string Kind);
