using Orleans;
namespace Routing.Storage.Orleans.Tests.GrainStorage;

/// <summary>The real store, except that the next state write can be made to fail as a lost connection would.</summary>
public sealed class FaultyStateStore(IGrainStateStore inner) : IGrainStateStore
{
    private int _failNextWrite;

    public void FailNextWrite() => Interlocked.Exchange(ref _failNextWrite, 1);

    public Task<StoredState?> ReadStateAsync(GrainStateKey key, CancellationToken cancellationToken = default) =>
        inner.ReadStateAsync(key, cancellationToken);

    public Task<long> WriteStateAsync(GrainStateKey key, ReadOnlyMemory<byte> payload, long? expectedVersion, CancellationToken cancellationToken = default) =>
        Interlocked.Exchange(ref _failNextWrite, 0) == 1
            ? throw new IOException("connection lost")
            : inner.WriteStateAsync(key, payload, expectedVersion, cancellationToken);

    public Task<long> ClearStateAsync(GrainStateKey key, long? expectedVersion, CancellationToken cancellationToken = default) =>
        inner.ClearStateAsync(key, expectedVersion, cancellationToken);
}
