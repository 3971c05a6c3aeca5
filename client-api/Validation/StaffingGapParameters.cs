using System.Globalization;
using Routing.ClientApi.Operations;
using Routing.GrainInterfaces;

namespace Routing.ClientApi.Validation;

/// <summary>The query parameters of GET staffing/gap, read before any grain is called; bad ones are 400 invalid-request naming the
/// field. The service inputs (target, capacity, handle time, patience) are checked by the staffing grain, as for the what-if.</summary>
internal static class StaffingGapParameters
{
    public static StaffingGapQuestion Question(string? departmentId, string? weekStart, int? weeks, double? arrivalsFactor, double? serviceLevelTarget,
        double? targetSeconds, int? capacity, double? handleSeconds, double? patienceSeconds)
    {
        if (departmentId is null) throw ApiRefusal.Invalid("departmentId is required");
        var question = new StaffingGapQuestion(StatsParameters.OptionalId(departmentId, "departmentId")!)
        {
            WeekStart = weekStart is null ? null : Date(weekStart),
            Weeks = weeks ?? 4,
            ArrivalsFactor = arrivalsFactor ?? 1,
            ServiceLevelTarget = serviceLevelTarget ?? 0.8,
            TargetSeconds = targetSeconds,
            Capacity = capacity,
            HandleSeconds = handleSeconds,
            PatienceSeconds = patienceSeconds,
        };
        if (question.Problem() is { } problem) throw ApiRefusal.Invalid(problem);
        return question;
    }

    private static DateOnly Date(string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date : throw ApiRefusal.Invalid($"weekStart '{value}' is not a local date (yyyy-MM-dd)");
}
