namespace Routing.Storage.Statistics;

/// <summary>
/// The counters of an hourly statistics bucket, one column each (snake_case of the name, see <see cref="StatsColumns"/>).
/// Sums of durations are milliseconds; <see cref="RatingMicros"/> sums ratings normalised to 0..1 in millionths, so every
/// counter is a whole number that SQL sums exactly. Append only: the order is the column order of the table.
/// </summary>
public enum StatsMeasure
{
    Offered,
    Assigned,
    Answered,
    Rescued,
    Transferred,
    Abandoned,
    Closed,
    SlaMeasured,
    SlaMet,
    Resolved,
    CustomerMessages,
    OperatorMessages,
    Ratings,
    RatingMicros,
    FirstResponseCount,
    FirstResponseMs,
    WaitCount,
    WaitMs,
    HandleCount,
    HandleMs,
    OnlineMs,
    AwayMs,
    OfflineMs,
    NotRespondingMs,
    WrappingUpMs,
}

/// <summary>The durations kept as an encoded HdrHistogram per bucket (milliseconds), for percentiles.</summary>
public enum StatsTime
{
    FirstResponse,
    Wait,
    Handle,
}
