namespace Routing.Grains.Policies.Statistics;

/// <summary>
/// What the statistics remember of one conversation between its timeline events (the projection's state per source):
/// enough to turn the next event into measures (wait from the queue to the first assignment, first response from the
/// opening, handle time from the first assignment to the close, abandoned or resolved at the close).
/// </summary>
public sealed record ConversationFacts
{
    /// <summary>The last timeline sequence counted: an event at or below it is not counted again.</summary>
    public long LastSequence { get; init; }
    public string Channel { get; init; } = "";
    public string Department { get; init; } = "";
    public string? Operator { get; init; }
    public DateTimeOffset OpenedAt { get; init; }

    /// <summary>When it entered a queue (opening, or the bot's handover); null while a bot has it.</summary>
    public DateTimeOffset? QueuedAt { get; init; }
    public DateTimeOffset? FirstAssignedAt { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public bool Transferred { get; init; }

    /// <summary>The first-response target its opening event recorded (issue 15); null for older dialogs (the department's counts).</summary>
    public TimeSpan? FirstResponseTarget { get; init; }
    public bool Closed { get; init; }
}
