namespace Routing.Grains.Tests.Policies;

/// <summary>
/// The obvious, slow answers the indexes must reproduce: scan every operator or dialog, filter with
/// <see cref="EligibilityPolicy"/>, sort with LINQ by the documented rules.
/// </summary>
internal static class ScanOracle
{
    public static IEnumerable<WaitingDialog> QueueOrder(IEnumerable<WaitingDialog> dialogs) =>
        dialogs.OrderByDescending(d => (int)d.Priority).ThenBy(d => d.WaitingSince.UtcTicks).ThenBy(d => d.Sequence);

    public static WaitingDialog? FirstFor(IEnumerable<WaitingDialog> dialogs, RoutingOperator op, DateTimeOffset now, RoutingSettings settings) =>
        QueueOrder(dialogs).FirstOrDefault(d => EligibilityPolicy.IsEligible(op, d, now, settings));

    public static DateTimeOffset? NextWidening(IEnumerable<WaitingDialog> dialogs, DateTimeOffset now, RoutingSettings settings) =>
        dialogs.Select(d => EligibilityPolicy.NextWidening(d.WaitingSince, now, settings)).Where(at => at is not null).Min();

    /// <summary>Lowest tier with anyone eligible; there the best skill score while skills apply; then the strategy.</summary>
    public static RoutingOperator? FindBest(
        IEnumerable<RoutingOperator> operators,
        RoutingStrategy strategy,
        IReadOnlyDictionary<int, string> roundRobinCursors,
        WaitingDialog dialog,
        DateTimeOffset now,
        RoutingSettings settings)
    {
        var eligible = operators.Where(op => EligibilityPolicy.IsEligible(op, dialog, now, settings)).ToList();
        if (eligible.Count == 0) return null;
        var tier = eligible.Min(op => op.Tier);
        var pool = eligible.Where(op => op.Tier == tier).ToList();
        if (SkillMatch.Applies(dialog.RequiredSkills, EligibilityPolicy.Waited(dialog.WaitingSince, now), settings))
        {
            var bestScore = pool.Max(op => SkillMatch.Score(op.Skills, dialog.RequiredSkills));
            pool = [.. pool.Where(op => SkillMatch.Score(op.Skills, dialog.RequiredSkills) == bestScore)];
        }
        return strategy switch
        {
            RoutingStrategy.LeastLoaded => pool
                .OrderBy(op => (decimal)op.Load / op.Capacity).ThenBy(op => op.IdleSince).ThenBy(op => op.Id, StringComparer.Ordinal).First(),
            RoutingStrategy.LongestIdle => pool.OrderBy(op => op.IdleSince).ThenBy(op => op.Id, StringComparer.Ordinal).First(),
            RoutingStrategy.RoundRobin => RingFrom(pool, roundRobinCursors.GetValueOrDefault(tier)),
            _ => throw new ArgumentOutOfRangeException(nameof(strategy)),
        };
    }

    /// <summary>The first id after the cursor in id order, wrapping to the smallest.</summary>
    private static RoutingOperator RingFrom(List<RoutingOperator> pool, string? cursor) =>
        pool.OrderBy(op => cursor is null || string.CompareOrdinal(op.Id, cursor) > 0 ? 0 : 1)
            .ThenBy(op => op.Id, StringComparer.Ordinal)
            .First();
}
