using System.Globalization;
using CsvHelper;
using Routing.GrainInterfaces;

namespace Routing.ClientApi.Endpoints;

/// <summary>
/// Statistics as CSV (RFC 4180, CsvHelper): one row per group and period ("current" or "previous"), the group's
/// dimensions, then every figure; times in seconds; an empty field where nothing was measured.
/// </summary>
internal static class StatisticsCsv
{
    private static readonly string[] FigureColumns =
    [
        "offered", "assigned", "answered", "rescued", "transferred", "abandoned", "closed", "resolved", "customerMessages", "operatorMessages",
        "slaMeasured", "slaMet", "slaShare", "ratings", "ratingAverage",
        .. new[] { "firstResponse", "wait", "handle" }.SelectMany(t => new[] { t + "Count", t + "AverageSeconds", t + "P50Seconds", t + "P90Seconds", t + "P99Seconds" }),
        "onlineSeconds", "awaySeconds", "offlineSeconds", "notRespondingSeconds", "wrappingUpSeconds",
    ];

    public static string Of(StatsReport report, IReadOnlyList<StatsDimension> groupBy)
    {
        var dimensions = groupBy.Select(d => d.ToString().ToLowerInvariant()).ToArray();
        return Write(["period", "from", "to", .. dimensions, .. FigureColumns], csv =>
        {
            foreach (var (name, period) in new[] { ("current", report.Current), ("previous", report.Previous) })
            foreach (var group in period.Groups)
                csv.WriteRecord([name, Text(period.From), Text(period.To), .. dimensions.Select(d => group.Group[d]), .. Figures(group.Figures)]);
        });
    }

    public static string Of(IReadOnlyList<LowRatedDialog> dialogs) =>
        Write(["conversationId", "departmentId", "operatorId", "score", "scale", "ratedAt"], csv =>
        {
            foreach (var d in dialogs)
                csv.WriteRecord([d.ConversationId, d.DepartmentId, d.OperatorId, Text(d.Score), Text(d.Scale), d.RatedAt.ToString("O", CultureInfo.InvariantCulture)]);
        });

    private static string Write(string[] header, Action<CsvWriter> records)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, null, leaveOpen: true))
        {
            csv.WriteHeader(header);
            records(csv);
        }
        return text.ToString();
    }

    private static IEnumerable<string?> Figures(StatsFigures f) =>
    [
        Text(f.Offered), Text(f.Assigned), Text(f.Answered), Text(f.Rescued), Text(f.Transferred), Text(f.Abandoned), Text(f.Closed), Text(f.Resolved),
        Text(f.CustomerMessages), Text(f.OperatorMessages), Text(f.SlaMeasured), Text(f.SlaMet), Text(f.SlaShare), Text(f.Ratings), Text(f.RatingAverage),
        .. new[] { f.FirstResponse, f.Wait, f.Handle }.SelectMany(t => new[] { Text(t.Count), Text(t.AverageSeconds), Text(t.P50Seconds), Text(t.P90Seconds), Text(t.P99Seconds) }),
        Text(f.OnlineSeconds), Text(f.AwaySeconds), Text(f.OfflineSeconds), Text(f.NotRespondingSeconds), Text(f.WrappingUpSeconds),
    ];

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Text(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Text(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
