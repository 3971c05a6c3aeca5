using System.Diagnostics;
using Routing.LoadTests.Latency;

namespace Routing.LoadTests.Routing;

/// <summary>
/// Per decision: from capacity freed (the operator's event) to the next assignment visible (the conversation's
/// event), and from the Close call to that assignment, as the operator clicking "close" sees it. Microseconds, in the
/// HdrHistogram (within 0.1 %).
/// </summary>
public sealed class DecisionLatencies
{
    private static readonly double MicrosecondsPerTick = 1e6 / Stopwatch.Frequency;

    public LatencyHistogram FreedToAssigned { get; } = new();

    public LatencyHistogram CloseToAssigned { get; } = new();

    private long _stalls;

    /// <summary>Decisions that never came on their own: capacity stayed free with dialogs waiting until the router was nudged.</summary>
    public long Stalls => Interlocked.Read(ref _stalls);

    public void RecordStall() => Interlocked.Increment(ref _stalls);

    public void Record(long closeStartedAt, Assignment assignment)
    {
        CloseToAssigned.RecordMicroseconds(Micros(assignment.AssignedAt - closeStartedAt));
        if (assignment.FreedAt != 0) FreedToAssigned.RecordMicroseconds(Micros(assignment.AssignedAt - assignment.FreedAt));
    }

    private static long Micros(long ticks) => (long)(ticks * MicrosecondsPerTick);
}
