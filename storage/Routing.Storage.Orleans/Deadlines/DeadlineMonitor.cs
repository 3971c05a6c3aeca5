namespace Routing.Storage.Orleans.Deadlines;

/// <summary>
/// Whether this silo's deadline service is at rest: what is stored was read, nothing due by now waits to be taken, is being handed over, or is
/// being delivered. Tests that move a fake clock wait for it before they look at what the deadlines did.
/// </summary>
public sealed class DeadlineMonitor
{
    private readonly DeadlineAgenda _agenda;
    private readonly DeadlineRefiller _refiller;
    private readonly DeadlineDispatcher _dispatcher;
    private readonly DeadlineDelivery _delivery;

    internal DeadlineMonitor(DeadlineAgenda agenda, DeadlineRefiller refiller, DeadlineDispatcher dispatcher, DeadlineDelivery delivery)
    {
        _agenda = agenda;
        _refiller = refiller;
        _dispatcher = dispatcher;
        _delivery = delivery;
    }

    /// <summary>Storage read (a silo just started has loaded what was due), nothing due left to take or deliver.</summary>
    public bool IsAtRest =>
        _refiller.IsCurrent && !_dispatcher.Dispatching && _delivery.Running == 0 && !(_agenda.NextDueAt() <= _dispatcher.Time.GetUtcNow());

    /// <summary>Waits (polling, real time) until the service is at rest; throws TimeoutException after <paramref name="limit"/>.</summary>
    public async Task WhenAtRestAsync(TimeSpan? limit = null)
    {
        var giveUp = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        while (!IsAtRest)
        {
            if (DateTime.UtcNow > giveUp) throw new TimeoutException("The deadline service did not come to rest.");
            await Task.Delay(2);
        }
    }
}
