using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>
/// A weekly interval of wall-clock time in some time zone: from <paramref name="Start"/> on <paramref name="Day"/>
/// to <paramref name="End"/>. An end at or before the start runs past midnight into the next day
/// (Fri 22:00-02:00); an end equal to the start is 24 h (00:00-00:00 is the whole day). The start is included, the end not.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.WeeklyInterval")]
public sealed record WeeklyInterval(DayOfWeek Day, TimeOnly Start, TimeOnly End);
