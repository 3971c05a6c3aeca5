namespace Routing.GrainInterfaces.Model;

/// <summary>
/// A department's opening hours (R15): weekly wall-clock intervals in an IANA time zone ("Europe/Berlin").
/// Defaults: UTC and no intervals, i.e. never open; a department without business hours is always open.
/// </summary>
public sealed record BusinessHours
{
    public string TimeZoneId { get; init; } = "UTC";
    public IReadOnlyList<WeeklyInterval> Intervals { get; init; } = [];

    /// <summary>Why these hours are invalid (an unknown time zone), or null.</summary>
    public string? Problem() => TimeZoneIds.Problem(TimeZoneId);
}
