using System.Globalization;

namespace Routing.Grains.Policies.Statistics;

/// <summary>
/// The local hour a statistics bucket is keyed by: "yyyy-MM-ddTHH" in a time zone. Text that sorts in time order, and
/// whose prefixes are the day ("yyyy-MM-dd") and month ("yyyy-MM"), so SQL rolls hours up with substr. An event lands in
/// the hour it happened, however late it is projected. In the repeated hour of a DST change both hours share a bucket.
/// </summary>
public static class StatsHour
{
    public const string Format = "yyyy-MM-dd'T'HH";

    public static string Of(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>The local hour a local date and time falls in (query bounds given in local time).</summary>
    public static string Of(DateTime local) => local.ToString(Format, CultureInfo.InvariantCulture);
}
