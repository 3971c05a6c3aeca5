using Orleans;

namespace Routing.GrainInterfaces.Model;

/// <summary>
/// A dialog's priority: a higher value is served first, whatever the wait (R8).
/// Any int works (a supervisor tool may use values between the named ones); the default is <see cref="Normal"/>.
/// </summary>
[GenerateSerializer, Alias("routing.Priority")]
public enum Priority
{
    Low = 0,
    Normal = 10,
    Vip = 20,
    Urgent = 30,
}
