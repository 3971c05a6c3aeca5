using Orleans.Concurrency;
using Routing.Storage.Orleans.Deadlines;

namespace Routing.Grains.Grains;

/// <summary>The department's durable deadlines: one per pending offer, one for widening, one for the earliest sticky hold.</summary>
public sealed partial class DepartmentGrain
{
    public Task ReceiveDeadline(DeadlineTick tick) => InTurn(() => tick.Name switch
    {
        WideningDeadline => Widen(),
        StickyDeadline => HoldsEnded(),
        _ when tick.Name.StartsWith(OfferDeadlinePrefix, StringComparison.Ordinal) => OfferExpired(tick.Name[OfferDeadlinePrefix.Length..]),
        _ => Task.CompletedTask,
    });
}
