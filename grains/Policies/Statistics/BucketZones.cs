using Routing.GrainInterfaces;

namespace Routing.Grains.Policies.Statistics;

/// <summary>
/// The time zone each statistics bucket's hour is keyed in (the projection's rule): a department's bucket in its
/// department's zone as configured now (UTC for one no longer configured); an operator's status bucket (department "")
/// in their first department's zone (UTC without one).
/// </summary>
public sealed class BucketZones
{
    private readonly IReadOnlyDictionary<string, TimeZoneInfo> _departments;
    private readonly IReadOnlyDictionary<string, TimeZoneInfo> _operators;

    public BucketZones(IReadOnlyDictionary<string, DepartmentConfig> departments, IReadOnlyDictionary<string, OperatorProfile> operators)
    {
        ArgumentNullException.ThrowIfNull(departments);
        ArgumentNullException.ThrowIfNull(operators);
        _departments = departments.ToDictionary(d => d.Key, d => TimeZones.Find(d.Value.TimeZoneId), StringComparer.Ordinal);
        _operators = operators.ToDictionary(o => o.Key,
            o => o.Value.Departments.Count > 0 ? OfDepartment(o.Value.Departments[0].DepartmentId) : TimeZoneInfo.Utc, StringComparer.Ordinal);
    }

    /// <summary>The configured departments and their zones.</summary>
    public IReadOnlyDictionary<string, TimeZoneInfo> Departments => _departments;

    /// <summary>The configured operators and the zones of their status buckets.</summary>
    public IReadOnlyDictionary<string, TimeZoneInfo> Operators => _operators;

    public TimeZoneInfo OfDepartment(string department) => _departments.GetValueOrDefault(department, TimeZoneInfo.Utc);

    public TimeZoneInfo OfOperator(string operatorId) => _operators.GetValueOrDefault(operatorId, TimeZoneInfo.Utc);
}
