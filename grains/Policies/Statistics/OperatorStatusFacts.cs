namespace Routing.Grains.Policies.Statistics;

/// <summary>What the statistics remember of one operator between status changes: the status and since when.</summary>
public sealed record OperatorStatusFacts(int Status, DateTimeOffset Since, long LastVersion);
