namespace Routing.GrainInterfaces.Events;

/// <summary>
/// Carries the events published in this silo to the other silos of the cluster (the silo's event relay). The hub hands it
/// each event after delivering it locally; it must return at once, whatever the other silos do.
/// </summary>
public interface IGrainEventForwarder
{
    void Forward(GrainEvent published);
}
