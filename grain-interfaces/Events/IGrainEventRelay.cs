using Orleans;
using Orleans.Services;

namespace Routing.GrainInterfaces.Events;

/// <summary>
/// The event relay of one silo (a grain service, addressed by silo): the other silos send it the events published there,
/// and it hands them to this silo's <see cref="GrainEventHub"/>.
/// </summary>
[Alias("routing.IGrainEventRelay")]
public interface IGrainEventRelay : IGrainService
{
    /// <summary>
    /// Awaited by the sender, which has one batch in flight per receiver: batches arrive in order, and a receiver that
    /// is slow or gone holds events in the sender's bounded queue rather than in an unbounded send buffer.
    /// </summary>
    [Alias("Deliver")]
    Task Deliver(GrainEventBatch batch);
}
