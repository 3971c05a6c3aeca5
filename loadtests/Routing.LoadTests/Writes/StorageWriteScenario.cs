using Routing.Storage;

namespace Routing.LoadTests.Writes;

/// <summary>Writes through a storage provider's IDurableStore.WriteStateAsync, so through its group commit.</summary>
public sealed class StorageWriteScenario(string name, int writers, GroupCommitGrainStorage storage) : WriteScenario(name, writers)
{
    public const string GrainType = "bench";
    public const string StateName = "state";

    public override double? WritesPerTransaction =>
        storage.CommitStatistics is { Commits: > 0 } s ? s.Operations / (double)s.Commits : null;

    protected override Task<long> WriteAsync(string grainKey, byte[] payload, long? expectedVersion) =>
        storage.WriteStateAsync(new GrainStateKey(GrainType, grainKey, StateName), payload, expectedVersion);

    public override ValueTask DisposeAsync() => storage.DisposeAsync();
}
