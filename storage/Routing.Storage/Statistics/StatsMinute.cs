namespace Routing.Storage.Statistics;

/// <summary>
/// A department's live counts of one UTC minute (the supervisors' last 15 minutes, issue 13): dialogs that entered a
/// queue (offered), were answered, abandoned, and of those whose SLA was decided how many within it. The projection
/// adds to them in the transaction that writes the hour buckets, by the same rules, and keeps only the last hours.
/// </summary>
public sealed record StatsMinute(string Workspace, string Department, DateTimeOffset Minute,
    long Arrivals, long Answered, long Abandoned, long SlaMeasured, long SlaMet)
{
    /// <summary>The start of the UTC minute an instant falls in.</summary>
    public static DateTimeOffset Floor(DateTimeOffset at) => DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds() / 60 * 60);

    public StatsMinute Plus(StatsMinute other) => this with
    {
        Arrivals = Arrivals + other.Arrivals, Answered = Answered + other.Answered, Abandoned = Abandoned + other.Abandoned,
        SlaMeasured = SlaMeasured + other.SlaMeasured, SlaMet = SlaMet + other.SlaMet,
    };
}
