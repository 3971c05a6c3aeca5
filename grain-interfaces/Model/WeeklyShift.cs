using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>
/// A shift of an operator's weekly pattern (R14): from <paramref name="Start"/> on <paramref name="Day"/>, local wall-clock
/// time, for <paramref name="Duration"/> of wall-clock time; it may run past midnight (Friday 22:00 for 9 h ends Saturday
/// 07:00). Whole minutes, more than zero and at most 24 h.
/// </summary>
[GenerateSerializer, Immutable, Alias("routing.WeeklyShift")]
public sealed record WeeklyShift(DayOfWeek Day, TimeOnly Start, TimeSpan Duration);
