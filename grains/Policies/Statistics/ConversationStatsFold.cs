using System.Globalization;
using Routing.GrainInterfaces;
using Routing.Storage.Statistics;

namespace Routing.Grains.Policies.Statistics;

/// <summary>What one timeline event adds to the statistics, and the conversation's facts after it.</summary>
public sealed record StatsStep(ConversationFacts Facts, IReadOnlyList<StatsChange> Changes, StatsRating? Rating);

/// <summary>
/// Turns a conversation's timeline, one event at a time, into bucket changes (R20). Each measure lands in the hour its
/// event happened (the department's local hour) and in the department the event names:
/// <list type="bullet">
/// <item>offered: it entered a queue (opened, or a bot handed it over); customer messages count from the first one;</item>
/// <item>assigned (per operator): routed, taken from the queue (pull), accepted, assigned by hand, or transferred to an operator; the first one
/// records the wait from the queue;</item>
/// <item>answered (per operator): the first operator reply, recording the first-response time from the opening, and the
/// SLA (met when within the dialog's own target, recorded on its opening event, the department's for older timelines;
/// a bot's dialog from its handover);</item>
/// <item>rescued and transferred: in the department and for the operator it left;</item>
/// <item>closed (per operator holding it); abandoned when nobody had answered (an SLA miss where there is a target, unless a bot kept it);
/// resolved (first-contact resolution) when answered and never transferred; handle time from the first assignment;</item>
/// <item>rated: count and the score normalised to 0..1, and the rating itself for the low-rated list;</item>
/// <item>channel-moved (issue 15): later measures land in the new channel (the channel dimension is where it happened).</item>
/// </list>
/// An event at or below <see cref="ConversationFacts.LastSequence"/> changes nothing (a second delivery counts once).
/// </summary>
public static class ConversationStatsFold
{
    public static StatsStep Apply(ConversationFacts? facts, string conversationId, TimelineEvent e, StatsContext context)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(context);
        facts ??= new ConversationFacts { Department = e.DepartmentId ?? "", OpenedAt = e.At, QueuedAt = e.At };
        if (e.Sequence <= facts.LastSequence) return new StatsStep(facts, [], null);
        var changes = new List<StatsChange>();
        StatsRating? rating = null;
        var next = facts with { LastSequence = e.Sequence, Department = e.DepartmentId ?? facts.Department };

        StatsBucketKey Key(string? operatorId = null, string? department = null)
        {
            department ??= next.Department;
            return new(context.Workspace, StatsHour.Of(e.At, context.ZoneOf(department)), department, operatorId ?? "", next.Channel, "");
        }
        void Count(StatsMeasure measure, string? operatorId = null, long amount = 1) => changes.Add(StatsChange.Count(Key(operatorId), measure, amount));
        // The dialog's own target, fixed when it opened (issue 15); a timeline older than that: the department's now.
        TimeSpan? SlaTarget() => next.FirstResponseTarget ?? context.SlaTargetOf(next.Department);
        void Sla(bool met)
        {
            if (SlaTarget() is null) return;
            Count(StatsMeasure.SlaMeasured);
            if (met) Count(StatsMeasure.SlaMet);
        }

        switch (e.Kind)
        {
            case ConversationChangeKinds.Queued:
            case ConversationChangeKinds.Bot:
                next = next with
                {
                    Channel = e.Detail ?? "", OpenedAt = e.At, QueuedAt = e.Kind == ConversationChangeKinds.Queued ? e.At : null,
                    FirstResponseTarget = e.FirstResponseTarget,
                };
                if (e.Kind == ConversationChangeKinds.Queued) Count(StatsMeasure.Offered);
                Count(StatsMeasure.CustomerMessages);
                break;
            case ConversationChangeKinds.BotHandover:
                next = next with { QueuedAt = e.At };
                Count(StatsMeasure.Offered);
                break;
            case ConversationChangeKinds.Assigned:
            case ConversationChangeKinds.Taken:
            case ConversationChangeKinds.Accepted:
            case ConversationChangeKinds.AssignedByHand:
            case ConversationChangeKinds.AssignedByHandForced:
                next = Assign(next, e, Count, changes, Key);
                break;
            case ConversationChangeKinds.Transferred:
                changes.Add(StatsChange.Count(Key(facts.Operator, facts.Department), StatsMeasure.Transferred)); // where it left from
                next = next with { Transferred = true, Operator = null };
                if (e.OperatorId is not null) next = Assign(next, e, Count, changes, Key);
                break;
            case ConversationChangeKinds.Rescued:
                changes.Add(StatsChange.Count(Key(facts.Operator, facts.Department), StatsMeasure.Rescued));
                next = next with { Operator = null };
                break;
            case ConversationChangeKinds.ShiftEnded:
            case ConversationChangeKinds.OperatorBlocked:
                next = next with { Operator = null };
                break;
            case ConversationChangeKinds.ChannelMoved:
                // Issue 15: what happens from here on (messages, the close, the rating) counts in the channel it moved to.
                next = next with { Channel = e.Detail ?? next.Channel };
                break;
            case ConversationChangeKinds.CustomerMessage:
                Count(StatsMeasure.CustomerMessages);
                break;
            case ConversationChangeKinds.FirstResponse:
                Count(StatsMeasure.OperatorMessages, e.OperatorId);
                if (next.AnsweredAt is not null) break;
                next = next with { AnsweredAt = e.At };
                Count(StatsMeasure.Answered, e.OperatorId);
                var firstResponse = e.At - next.OpenedAt;
                changes.Add(StatsChange.Duration(Key(e.OperatorId), StatsTime.FirstResponse, firstResponse));
                Sla(e.At - (next.QueuedAt ?? next.OpenedAt) <= SlaTarget()); // a bot's dialog: from the handover
                break;
            case ConversationChangeKinds.OperatorMessage:
            case ConversationChangeKinds.SupervisorMessage:
                Count(StatsMeasure.OperatorMessages, e.OperatorId);
                break;
            case ConversationChangeKinds.Closed:
                if (next.Closed) break;
                next = next with { Closed = true };
                Count(StatsMeasure.Closed, facts.Operator);
                if (next.AnsweredAt is null)
                {
                    Count(StatsMeasure.Abandoned);
                    if (next.QueuedAt is not null) Sla(met: false); // a dialog the bot kept never waited for a human
                }
                else if (!next.Transferred) Count(StatsMeasure.Resolved, facts.Operator);
                if (next.FirstAssignedAt is { } assignedAt) changes.Add(StatsChange.Duration(Key(facts.Operator), StatsTime.Handle, e.At - assignedAt));
                break;
            case ConversationChangeKinds.Rated:
                if (ParseRating(e.Detail) is not var (score, scale)) break;
                Count(StatsMeasure.Ratings, e.OperatorId);
                Count(StatsMeasure.RatingMicros, e.OperatorId, NormalisedMicros(score, scale));
                var key = Key(e.OperatorId);
                rating = new StatsRating(context.Workspace, conversationId, key.Hour, key.Department, key.Operator, score, scale, e.At);
                break;
        }
        return new StatsStep(next, changes, rating);
    }

    /// <summary>A score on its scale normalised to 0..1 (<see cref="RatingSettings.Normalized"/>), in millionths so SQL sums it exactly.</summary>
    public static long NormalisedMicros(int score, int scale) => (long)Math.Round(RatingSettings.Normalized(score, scale) * 1_000_000);

    private static ConversationFacts Assign(ConversationFacts facts, TimelineEvent e, Action<StatsMeasure, string?, long> count,
        List<StatsChange> changes, Func<string?, string?, StatsBucketKey> key)
    {
        count(StatsMeasure.Assigned, e.OperatorId, 1);
        var next = facts with { Operator = e.OperatorId };
        if (facts.FirstAssignedAt is not null) return next;
        changes.Add(StatsChange.Duration(key(e.OperatorId, null), StatsTime.Wait, e.At - (facts.QueuedAt ?? facts.OpenedAt)));
        return next with { FirstAssignedAt = e.At };
    }

    /// <summary>The "score/scale" detail of a rated event.</summary>
    private static (int Score, int Scale)? ParseRating(string? detail)
    {
        var cut = detail?.IndexOf('/') ?? -1;
        if (cut <= 0) return null;
        return int.TryParse(detail.AsSpan(0, cut), NumberStyles.None, CultureInfo.InvariantCulture, out var score)
            && int.TryParse(detail.AsSpan(cut + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var scale) && scale > 1
            ? (score, scale) : null;
    }
}
