using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>
/// A department's opening hours (R15): weekly wall-clock intervals in an IANA time zone ("Europe/Berlin").
/// Defaults: UTC and no intervals, i.e. never open; a department without business hours is always open.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.BusinessHours")]
public sealed record BusinessHours
{
    [Id(0)] public string TimeZoneId { get; init; } = "UTC";
    [Id(1)] public IReadOnlyList<WeeklyInterval> Intervals { get; init; } = [];

    /// <summary>Why these hours are invalid (an unknown time zone), or null.</summary>
    public string? Problem() => TimeZoneIds.Problem(TimeZoneId);
}
