namespace Routing.ClientApi.Realtime.Live;

// The live statistics frame (issue 13, client-api/REALTIME.md "Live statistics").

/// <summary>
/// Counts of one span: dialogs that entered a queue, were answered (first operator reply) and abandoned (closed
/// unanswered); of those whose SLA was decided, how many within it, and the share (null when none was decided).
/// </summary>
public sealed record LiveFigures(long Arrivals, long Answered, long Abandoned, long SlaMeasured, long SlaMet)
{
    public static LiveFigures Zero { get; } = new(0, 0, 0, 0, 0);

    public double? SlaShare => SlaMeasured == 0 ? null : Math.Round((double)SlaMet / SlaMeasured, 4);

    public LiveFigures Plus(LiveFigures other) => new(Arrivals + other.Arrivals, Answered + other.Answered,
        Abandoned + other.Abandoned, SlaMeasured + other.SlaMeasured, SlaMet + other.SlaMet);
}

/// <summary>The queue and figures of a department, or of the whole workspace (<see cref="DepartmentId"/> null).</summary>
public sealed record LiveScope(string? DepartmentId, int QueueDepth, double? LongestWaitSeconds, DateTimeOffset? OldestWaitingSince,
    LiveFigures Hour, LiveFigures Last15Minutes, LiveFigures Today)
{
    /// <summary>The department's first-response target (null: the channel's default applies per dialog); null for the workspace.</summary>
    public TimeSpan? FirstResponseTarget { get; init; }
}

/// <summary>
/// The <c>live</c> frame: <see cref="Day"/> is today's date in the workspace's time zone; <see cref="Last15MinutesSince"/>
/// is the start of the last 15 minutes' window (the start of the minute 14 minutes before the current one, UTC).
/// </summary>
public sealed record LiveStatsFrame(DateTimeOffset At, string TimeZoneId, DateOnly Day, DateTimeOffset HourStart, DateTimeOffset Last15MinutesSince,
    LiveScope Workspace, IReadOnlyList<LiveScope> Departments)
{
    /// <summary>The frame with only the departments in <paramref name="only"/> (null: all).</summary>
    public LiveStatsFrame For(IReadOnlySet<string>? only) =>
        only is null ? this : this with { Departments = Departments.Where(d => only.Contains(d.DepartmentId!)).ToList() };
}
