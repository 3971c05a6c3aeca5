using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// A department's operators indexed for its strategy (R8-R10): <see cref="FindBest"/> picks the operator for a dialog
/// in O(log n) plus one step per available operator it passes over (skip list, a channel that does not fit, missing
/// skills), instead of scanning 10k operators.
/// </summary>
/// <remarks>
/// <para>Per tier, two trees in strategy order: every available operator (online, some free capacity) and the fully idle
/// ones (nothing at all, the only ones a voice call can take). Operators who are full, away or offline are known but
/// in no tree, so the search never walks past them. The department calls <see cref="Upsert"/> on every change of an
/// operator's status, load, capacity, tier, skills or assignment time: O(log n).</para>
/// <para>Order of choice: lower tier first (tier 1 is the first line; higher tiers are overflow once allowed); within a
/// tier, while required skills apply, the best skill score; then the strategy. A skilled dialog therefore looks at all
/// available operators of a tier unless one reaches the best possible score: linear in the free operators (few when
/// the queue is deep, and only until the skill widening delay), the price of "best-matching first".</para>
/// <para>Round robin keeps one cursor per tier (the operator picked last, <see cref="RecordAssignment"/>) and walks the
/// ring of ids from there; persist <see cref="RoundRobinCursors"/> to keep the rotation across restarts.</para>
/// Not thread-safe: the department grain's turn owns it.
/// </remarks>
public sealed class OperatorIndex
{
    private sealed class TierPool(int tier, IComparer<RoutingOperator> order)
    {
        public readonly int Tier = tier;
        public readonly OrderStatisticTree<RoutingOperator> Available = new(order);
        public readonly OrderStatisticTree<RoutingOperator> FullyIdle = new(order);
    }

    /// <summary>What the eligibility test needs, passed by value so the search allocates nothing.</summary>
    private readonly record struct Request(WaitingDialog Dialog, DateTimeOffset Now, RoutingSettings Settings);

    private static readonly Func<Request, RoutingOperator, bool> IsEligible =
        static (request, op) => EligibilityPolicy.IsEligible(op, request.Dialog, request.Now, request.Settings);

    private readonly IComparer<RoutingOperator> order;
    private readonly Dictionary<string, RoutingOperator> operators = new(StringComparer.Ordinal);
    private readonly List<TierPool> tiers = []; // ascending by tier; a department has a handful
    // The snapshot of the operator picked last per tier: the ring order reads only the id, so it is its own probe.
    private readonly Dictionary<int, RoutingOperator> roundRobinCursors = [];

    public OperatorIndex(RoutingStrategy strategy)
    {
        Strategy = strategy;
        order = OperatorOrder.For(strategy);
    }

    /// <summary>The strategy the index is sorted for; to change it, build a new index from <see cref="Operators"/>.</summary>
    public RoutingStrategy Strategy { get; }

    /// <summary>Operators known to the department, whatever their status.</summary>
    public int Count => operators.Count;

    public IEnumerable<RoutingOperator> Operators => operators.Values;

    /// <summary>Online operators with some free capacity.</summary>
    public int AvailableCount { get; private set; }

    /// <summary>The operator picked last in each tier (round robin), to persist.</summary>
    public IReadOnlyDictionary<int, string> RoundRobinCursors => roundRobinCursors.ToDictionary(pair => pair.Key, pair => pair.Value.Id);

    /// <summary>Adds an operator or replaces their snapshot: call on every change of status, load, capacity, tier, skills or times.</summary>
    public void Upsert(RoutingOperator op)
    {
        ArgumentException.ThrowIfNullOrEmpty(op.Id);
        if (operators.TryGetValue(op.Id, out var previous)) Unindex(previous);
        operators[op.Id] = op;
        Index(op);
    }

    /// <summary>Forgets an operator (left the department); false when unknown.</summary>
    public bool Remove(string operatorId)
    {
        if (!operators.Remove(operatorId, out var previous)) return false;
        Unindex(previous);
        return true;
    }

    public bool TryGet(string operatorId, out RoutingOperator? op) => operators.TryGetValue(operatorId, out op);

    /// <summary>Moves the round-robin cursor of the operator's tier to them: call on every assignment this department makes.</summary>
    public void RecordAssignment(string operatorId)
    {
        if (operators.TryGetValue(operatorId, out var op)) roundRobinCursors[op.Tier] = op;
    }

    /// <summary>Puts back a persisted round-robin cursor.</summary>
    public void RestoreRoundRobinCursor(int tier, string operatorId) => roundRobinCursors[tier] = new RoutingOperator(operatorId);

    /// <summary>
    /// The operator a new or widened dialog goes to: the first eligible (<see cref="EligibilityPolicy"/>) in the order of
    /// choice, or null when nobody eligible is free.
    /// </summary>
    public RoutingOperator? FindBest(WaitingDialog dialog, DateTimeOffset now, RoutingSettings settings)
    {
        var waited = EligibilityPolicy.Waited(dialog.WaitingSince, now);
        var allowedTier = TierWidening.AllowedTier(settings.TierSteps, waited);
        var skillsApply = SkillMatch.Applies(dialog.RequiredSkills, waited, settings);
        var request = new Request(dialog, now, settings);
        foreach (var pool in tiers)
        {
            if (pool.Tier > allowedTier) break;
            var tree = dialog.Channel == Channel.Voice ? pool.FullyIdle : pool.Available;
            var found = skillsApply ? BestSkillMatch(tree, pool.Tier, request) : FirstEligible(tree, pool.Tier, request);
            if (found is not null) return found;
        }
        return null;
    }

    /// <summary>Available operators in the order of choice (tier, then strategy; round robin from each cursor).</summary>
    public IEnumerable<RoutingOperator> AvailableInOrder() => tiers.SelectMany(pool => InOrder(pool.Available, pool.Tier));

    private RoutingOperator? FirstEligible(OrderStatisticTree<RoutingOperator> tree, int tier, Request request)
    {
        var cursor = RingCursor(tier);
        // Round robin: everyone after the operator picked last, else from the start of the ring (wrapping).
        if (tree.TryFindFirst(cursor, inclusive: false, request, IsEligible, out var found)) return found;
        if (cursor is not null && tree.TryFindFirst(null, inclusive: true, request, IsEligible, out found)) return found;
        return null;
    }

    private RoutingOperator? BestSkillMatch(OrderStatisticTree<RoutingOperator> tree, int tier, Request request)
    {
        var required = request.Dialog.RequiredSkills;
        var bestPossible = SkillMatch.BestPossibleScore(required);
        RoutingOperator? best = null;
        var bestScore = -1;
        foreach (var op in InOrder(tree, tier))
        {
            if (!IsEligible(request, op)) continue;
            var score = SkillMatch.Score(op.Skills, required) ?? -1;
            if (score <= bestScore) continue;
            (best, bestScore) = (op, score);
            if (score >= bestPossible) break;
        }
        return best;
    }

    private IEnumerable<RoutingOperator> InOrder(OrderStatisticTree<RoutingOperator> tree, int tier)
    {
        if (RingCursor(tier) is not { } last) return tree;
        return tree.From(last, inclusive: false).Concat(tree.TakeWhile(op => order.Compare(op, last) <= 0));
    }

    /// <summary>A probe at the round-robin cursor of a tier, or null (other strategies, or nobody picked yet).</summary>
    private RoutingOperator? RingCursor(int tier) =>
        Strategy == RoutingStrategy.RoundRobin && roundRobinCursors.TryGetValue(tier, out var last) ? last : null;

    private void Index(RoutingOperator op)
    {
        if (!op.IsAvailable) return;
        var pool = Pool(op.Tier) ?? AddPool(op.Tier);
        pool.Available.Add(op);
        if (op.IsFullyIdle) pool.FullyIdle.Add(op);
        AvailableCount++;
    }

    private void Unindex(RoutingOperator op)
    {
        if (!op.IsAvailable || Pool(op.Tier) is not { } pool) return;
        pool.Available.Remove(op);
        if (op.IsFullyIdle) pool.FullyIdle.Remove(op);
        AvailableCount--;
        if (pool.Available.Count == 0) tiers.Remove(pool);
    }

    private TierPool? Pool(int tier)
    {
        foreach (var pool in tiers)
            if (pool.Tier == tier) return pool;
        return null;
    }

    private TierPool AddPool(int tier)
    {
        var pool = new TierPool(tier, order);
        var at = tiers.FindIndex(existing => existing.Tier > tier);
        tiers.Insert(at < 0 ? tiers.Count : at, pool);
        return pool;
    }
}
