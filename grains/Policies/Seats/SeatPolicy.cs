using Routing.GrainInterfaces;

namespace Routing.Grains.Policies;

/// <summary>Licensed operator seats (issue 15): whether one more operator fits, and what a licence may say.</summary>
public static class SeatPolicy
{
    /// <summary>Why a new operator does not fit <paramref name="seats"/> when <paramref name="configured"/> exist; null when it does.</summary>
    public static string? Refusal(int? seats, int configured) =>
        seats is { } limit && configured >= limit
            ? $"the workspace's licence has {limit} seat(s) and {configured} operator(s) are configured; remove one or ask for more seats"
            : null;

    /// <summary>What is wrong with a licence's seats (null: unlimited), or null.</summary>
    public static string? Problem(int? seats) =>
        seats is < 0 or > SeatsView.MaxSeats ? $"seats must be between 0 and {SeatsView.MaxSeats}, or null for unlimited" : null;
}
