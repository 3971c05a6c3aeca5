using Routing.GrainInterfaces;

namespace Routing.Grains.Policies.Statistics;

/// <summary>
/// What a conversation's change adds to the live statistics (issue 13), by the projection's own rules
/// (<see cref="ConversationStatsFold"/>): an arrival when it enters a queue, answered at the first operator reply (SLA
/// met when it came by the due time), abandoned when it closes unanswered (an SLA miss unless a bot kept it, which set
/// no due time).
/// </summary>
public static class LiveMeasures
{
    public static DialogMeasured? Of(string kind, ConversationView after, DateTimeOffset at) => kind switch
    {
        ConversationChangeKinds.Queued or ConversationChangeKinds.BotHandover =>
            new DialogMeasured(after.ConversationId, after.DepartmentId, LiveMeasure.Arrived, at, null),
        ConversationChangeKinds.FirstResponse =>
            new DialogMeasured(after.ConversationId, after.DepartmentId, LiveMeasure.Answered, at,
                after.SlaDueAt is { } due ? (after.FirstResponseAt ?? at) <= due : null),
        ConversationChangeKinds.Closed when after.FirstResponseAt is null =>
            new DialogMeasured(after.ConversationId, after.DepartmentId, LiveMeasure.Abandoned, at, after.SlaDueAt is null ? null : false),
        _ => null,
    };
}
