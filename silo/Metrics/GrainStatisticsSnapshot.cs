namespace Routing.Silo.Metrics;

/// <summary>Per grain type: live activations and per-method figures (latencies in microseconds), served at /stats/grains.</summary>
public sealed record GrainStatisticsSnapshot(IReadOnlyList<GrainTypeStatistics> GrainTypes);

public sealed record GrainTypeStatistics(string GrainType, long Activations, IReadOnlyList<GrainMethodStatistics> Methods);

public sealed record GrainMethodStatistics(string Method, long Calls, long Errors, long P50Micros, long P90Micros, long P99Micros, long MaxMicros);
