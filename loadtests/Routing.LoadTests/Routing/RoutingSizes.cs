namespace Routing.LoadTests.Routing;

/// <summary>
/// Sizes of the `routing` benchmark. Full: the department (10,000 operators of capacity 3, 100,000 waiting
/// dialogs), measured at two loads: a few operators closing at once (little contention) and many (saturation). Quick:
/// small enough to prove the path in seconds. Every decision consumes one waiting dialog: the grain side may use at
/// most <see cref="GrainShare"/> of the queue (a budget per round), so it never runs dry.
/// </summary>
public sealed record RoutingSizes(
    int Operators, int Capacity, int Waiting, int Rounds, IReadOnlyList<int> AgentLevels, TimeSpan RoundWindow, int UnloadedDecisions, int BareDecisions)
{
    private const double GrainShare = 0.6;

    public static RoutingSizes For(LoadTestOptions options)
    {
        var sizes = options.Quick
            ? new RoutingSizes(500, 3, 2_000, 2, [4, 32], TimeSpan.FromSeconds(0.5), 50, 1_000)
            : new RoutingSizes(10_000, 3, 100_000, 7, [16, 256], TimeSpan.FromSeconds(4), 500, 50_000);
        var operators = options.Operators ?? sizes.Operators;
        var waiting = options.Dialogs ?? sizes.Waiting;
        sizes = sizes with
        {
            Operators = operators,
            Waiting = waiting,
            Rounds = options.Rounds ?? sizes.Rounds,
            AgentLevels = options.Agents is { } agents ? [agents] : sizes.AgentLevels,
            BareDecisions = Math.Min(sizes.BareDecisions, waiting / 2),
        };
        if (sizes.AgentLevels.Sum() + 1 > operators || sizes.RoundBudget < sizes.AgentLevels.Max() || sizes.UnloadedDecisions > waiting * (1 - GrainShare))
            throw new ArgumentException($"{operators:N0} operators and {waiting:N0} waiting dialogs are too few for {sizes.AgentLevels.Sum() + 1:N0} agents " +
                                        $"and {sizes.Rounds + 1} rounds; raise --operators or --dialogs, or lower --agents or --rounds");
        return sizes;
    }

    /// <summary>Most decisions one round of one load level may start: the grain side's share of the queue over every round.</summary>
    public int RoundBudget => (int)(Waiting * GrainShare / ((Rounds + 1) * AgentLevels.Count));
}
