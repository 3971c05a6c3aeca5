using Routing.GrainInterfaces.Model;

namespace Routing.Grains.Policies;

/// <summary>
/// The first dialog a department would give a particular operator (<see cref="WaitingQueue.FirstFor"/>), and when this
/// operator last got one from that department (null: never).
/// </summary>
public sealed record DepartmentHead(string DepartmentId, string DialogId, Priority Priority, DateTimeOffset WaitingSince)
{
    public DateTimeOffset? LastServedAt { get; init; }
}
