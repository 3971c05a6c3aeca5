using Routing.GrainInterfaces;
using Routing.Grains.Policies.Statistics;
using Routing.Storage.Statistics;

namespace Routing.Grains.Tests.Policies.Statistics;

/// <summary>Hand-built timelines, folded into bucket changes as the projector does.</summary>
internal sealed class Timelines
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private readonly List<TimelineEvent> _events = [];

    public StatsContext Context { get; init; } = new("acme", _ => Berlin, department => department == "support" ? TimeSpan.FromSeconds(60) : null);

    public Timelines Add(double seconds, string kind, string? operatorId = null, string? department = "support", string? detail = null,
        TimeSpan? firstResponseTarget = null)
    {
        _events.Add(new TimelineEvent(_events.Count + 1, kind, T0.AddSeconds(seconds), operatorId, department, detail) { FirstResponseTarget = firstResponseTarget });
        return this;
    }

    public IReadOnlyList<TimelineEvent> Events => _events;

    /// <summary>Folds every event; the changes of all steps, the facts after the last and the ratings seen.</summary>
    public (List<StatsChange> Changes, ConversationFacts Facts, List<StatsRating> Ratings) Fold(ConversationFacts? facts = null)
    {
        var changes = new List<StatsChange>();
        var ratings = new List<StatsRating>();
        foreach (var e in _events)
        {
            var step = ConversationStatsFold.Apply(facts, "c1", e, Context);
            facts = step.Facts;
            changes.AddRange(step.Changes);
            if (step.Rating is { } rating) ratings.Add(rating);
        }
        return (changes, facts!, ratings);
    }

    /// <summary>The total of a counter over the changes, optionally for one operator ("" for none) or one hour.</summary>
    public static long Total(IEnumerable<StatsChange> changes, StatsMeasure measure, string? operatorId = null, string? hour = null) =>
        changes.Where(c => c.Measure == measure && (operatorId is null || c.Key.Operator == operatorId) && (hour is null || c.Key.Hour == hour))
            .Sum(c => c.Amount);

    public static IReadOnlyList<long> Durations(IEnumerable<StatsChange> changes, StatsTime time) =>
        changes.Where(c => c.Time == time).Select(c => c.Amount).ToList();
}
