using Orleans.Services;

namespace Routing.Storage.Orleans.Deadlines;

/// <summary>
/// The deadline service of one silo, owning the grains of its ring range. Grains reach the owner of their own ring
/// position through <see cref="DeadlineServiceClient"/> after writing to storage, which stays the truth: a message
/// lost on the way is made good by the owner's next refill.
/// </summary>
[Alias("routing.IDeadlineService")]
internal interface IDeadlineService : IGrainService
{
    /// <summary>This version was just stored: hold it if it falls due within the window, else drop the one held.</summary>
    [Alias("Stored")]
    Task Stored(GrainId grain, string name, DateTimeOffset dueAt, string? payload, Guid token);

    /// <summary>The deadline was just deleted from storage: drop it.</summary>
    [Alias("Cancelled")]
    Task Cancelled(GrainId grain, string name);
}
