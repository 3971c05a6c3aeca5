using Orleans.Runtime;

namespace Routing.Storage.Orleans.GrainStorage;

/// <summary>
/// Creates or migrates the store's schema when the silo starts, before any grain or grain service can touch it.
/// The store closes (flushing queued writes) when the host disposes it, after the silo deactivated every grain.
/// </summary>
internal sealed class DurableStoreLifecycle(IDurableStore store) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DurableStoreLifecycle), ServiceLifecycleStage.RuntimeStorageServices,
            cancellationToken => store.InitializeAsync(cancellationToken), _ => Task.CompletedTask);
}
