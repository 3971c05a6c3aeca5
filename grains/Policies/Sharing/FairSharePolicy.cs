namespace Routing.Grains.Policies;

/// <summary>
/// Sharing an operator between departments (issue 3): when they free capacity and several of their departments have
/// a dialog for them, serve the highest priority, then the one that has waited longest (one FIFO across their
/// departments, so a busy department cannot starve a quiet one); on an exact tie, the department that served this
/// operator least recently, then the department id.
/// </summary>
/// <remarks>Asterisk leaves this order undefined across queues (the Wazo note); this is its force_longest_waiting_caller made the rule.</remarks>
public static class FairSharePolicy
{
    public static DepartmentHead? Choose(IEnumerable<DepartmentHead> heads)
    {
        DepartmentHead? best = null;
        foreach (var head in heads)
            if (best is null || Compare(head, best) < 0) best = head;
        return best;
    }

    /// <summary>Negative when <paramref name="x"/> should be served before <paramref name="y"/>.</summary>
    public static int Compare(DepartmentHead x, DepartmentHead y)
    {
        var byPriority = ((int)y.Priority).CompareTo((int)x.Priority);
        if (byPriority != 0) return byPriority;
        var byWait = x.WaitingSince.UtcTicks.CompareTo(y.WaitingSince.UtcTicks);
        if (byWait != 0) return byWait;
        var byService = (x.LastServedAt?.UtcTicks ?? long.MinValue).CompareTo(y.LastServedAt?.UtcTicks ?? long.MinValue);
        return byService != 0 ? byService : string.CompareOrdinal(x.DepartmentId, y.DepartmentId);
    }
}
