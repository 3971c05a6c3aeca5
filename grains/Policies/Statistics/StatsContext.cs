namespace Routing.Grains.Policies.Statistics;

/// <summary>
/// What the projection needs beside a conversation's timeline: its workspace, and per department the time zone its
/// hours are counted in and its first-response target (null: no SLA is measured there).
/// </summary>
public sealed record StatsContext(string Workspace, Func<string, TimeZoneInfo> ZoneOf, Func<string, TimeSpan?> SlaTargetOf)
{
    /// <summary>The time zone an operator's status time is counted in (their first department's); UTC unless set.</summary>
    public Func<string, TimeZoneInfo> OperatorZoneOf { get; init; } = _ => TimeZoneInfo.Utc;
}
