using System.Globalization;
using Routing.ClientApi.Operations;
using Routing.GrainInterfaces;

namespace Routing.ClientApi.Validation;

/// <summary>The query parameters of the statistics endpoints, read before any grain is called; bad ones are 400 invalid-request.</summary>
internal static class StatsParameters
{
    public const int DefaultLowRatedLimit = 100;
    public const int MaxLowRatedLimit = 1_000;
    private static readonly string[] TimeFormats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    /// <summary>A local date ("2026-03-02", from its midnight) or whole hour ("2026-03-02T14:00").</summary>
    public static DateTime Time(string? value, string name) =>
        value is null ? throw ApiRefusal.Invalid($"{name} is required: a local date (yyyy-MM-dd) or hour (yyyy-MM-ddTHH:00)")
        : DateTime.TryParseExact(value, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time
        : throw ApiRefusal.Invalid($"{name} '{value}' is not a local date (yyyy-MM-dd) or hour (yyyy-MM-ddTHH:00)");

    /// <summary>A comma-separated list of dimensions ("department,hour"); none: one total.</summary>
    public static IReadOnlyList<StatsDimension> GroupBy(string? value)
    {
        if (string.IsNullOrEmpty(value)) return [];
        var dimensions = new List<StatsDimension>();
        foreach (var name in value.Split(','))
            dimensions.Add(Enum.TryParse<StatsDimension>(name.Trim(), ignoreCase: true, out var dimension) && Enum.IsDefined(dimension) && !int.TryParse(name, out _)
                ? dimension
                : throw ApiRefusal.Invalid($"groupBy '{name}' is not one of {string.Join(", ", Enum.GetNames<StatsDimension>().Select(n => n.ToLowerInvariant()))}"));
        return dimensions;
    }

    public static string? OptionalId(string? value, string name) =>
        value is null || Ids.IsId(value) ? value : throw ApiRefusal.Invalid($"{name} '{value}' is not a valid id");

    /// <summary>"json" (default) or "csv".</summary>
    public static bool Csv(string? format) => format?.ToLowerInvariant() switch
    {
        null or "json" => false,
        "csv" => true,
        _ => throw ApiRefusal.Invalid($"format '{format}' is not json or csv"),
    };

    public static StatsRequest Request(string? from, string? to, string? groupBy, string? departmentId, string? operatorId)
    {
        var request = new StatsRequest(Time(from, "from"), Time(to, "to"), GroupBy(groupBy))
        {
            DepartmentId = OptionalId(departmentId, "departmentId"), OperatorId = OptionalId(operatorId, "operatorId"),
        };
        return request.Problem() is { } problem ? throw ApiRefusal.Invalid(problem) : request;
    }

    public static (int MaxScore, int Limit) LowRated(int? maxScore, int? limit) =>
        (maxScore is < 1 or > 5 ? throw ApiRefusal.Invalid("maxScore must be between 1 and 5") : maxScore ?? 2,
         limit is < 1 or > MaxLowRatedLimit ? throw ApiRefusal.Invalid($"limit must be between 1 and {MaxLowRatedLimit}") : limit ?? DefaultLowRatedLimit);
}
