using Routing.GrainInterfaces.Model;
using Routing.Runtime;

namespace Routing.GrainInterfaces;

/// <summary>
/// A workspace's configuration (R1): departments, operators, entry rules. Key: the workspace id.
/// Bad input throws <see cref="ArgumentException"/> and changes nothing. Pushes changes down to departments and operators.
/// </summary>
public interface IWorkspaceGrain : IGrainWithStringKey
{
    Task ConfigureDepartment(string departmentId, DepartmentConfig config);
    Task ConfigureOperator(string operatorId, OperatorProfile profile);
    Task SetEntryRouting(EntryRouting routing);
    [ReadOnly] Task<EntryConfig> GetEntryConfig();
    [ReadOnly] Task<IReadOnlyDictionary<string, DepartmentConfig>> GetDepartments();
    [ReadOnly] Task<IReadOnlyDictionary<string, OperatorProfile>> GetOperators();
}
