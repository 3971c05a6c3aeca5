using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// The order in which a strategy prefers operators (R8), best first, made strict by the operator id:
/// least loaded = lowest load/capacity (exact, by cross-multiplying), then longest idle; longest idle = earliest
/// <see cref="RoutingOperator.IdleSince"/>; round robin = by id, the ring that <see cref="OperatorIndex"/> walks from its cursor.
/// </summary>
public static class OperatorOrder
{
    public static IComparer<RoutingOperator> For(RoutingStrategy strategy) => strategy switch
    {
        RoutingStrategy.LeastLoaded => LeastLoaded.Instance,
        RoutingStrategy.LongestIdle => LongestIdle.Instance,
        RoutingStrategy.RoundRobin => Ring.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "unknown strategy"),
    };

    private static int ById(RoutingOperator x, RoutingOperator y) => string.CompareOrdinal(x.Id, y.Id);

    private static int ByIdle(RoutingOperator x, RoutingOperator y) => x.IdleSince.UtcTicks.CompareTo(y.IdleSince.UtcTicks);

    private sealed class LeastLoaded : IComparer<RoutingOperator>
    {
        public static readonly LeastLoaded Instance = new();

        public int Compare(RoutingOperator? x, RoutingOperator? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            // x.Load / x.Capacity versus y.Load / y.Capacity without rounding: 1/5 and 2/10 tie.
            var byRatio = ((long)x.Load * y.Capacity).CompareTo((long)y.Load * x.Capacity);
            if (byRatio != 0) return byRatio;
            var byIdle = ByIdle(x, y);
            return byIdle != 0 ? byIdle : ById(x, y);
        }
    }

    private sealed class LongestIdle : IComparer<RoutingOperator>
    {
        public static readonly LongestIdle Instance = new();

        public int Compare(RoutingOperator? x, RoutingOperator? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            var byIdle = ByIdle(x, y);
            return byIdle != 0 ? byIdle : ById(x, y);
        }
    }

    private sealed class Ring : IComparer<RoutingOperator>
    {
        public static readonly Ring Instance = new();

        public int Compare(RoutingOperator? x, RoutingOperator? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            return ById(x, y);
        }
    }
}
