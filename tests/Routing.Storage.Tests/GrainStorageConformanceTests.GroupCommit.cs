using Routing.Storage;

namespace Routing.Storage.Tests;

// Many grains at once: writes share transactions, each still gets its own answer.
public abstract partial class GrainStorageConformanceTests
{
    [Fact]
    public async Task Many_grains_writing_at_once_all_succeed_with_dense_versions_in_shared_transactions()
    {
        const int grains = 200, writesPerGrain = 10;
        var gate = new BatchGate();
        var storage = await OpenAsync(gate.Hooks);
        var before = storage.CommitStatistics;

        // Hold the first batch until every grain's first write is queued, so batching does not depend on timing.
        gate.Arm();
        var grainsWriting = Enumerable.Range(0, grains).Select(i => WriteInSequenceAsync(storage, StateKey($"grain-{i}"), writesPerGrain)).ToList();
        await gate.Entered;
        gate.Release();
        await Task.WhenAll(grainsWriting).WaitAsync(TestGuard.Timeout);

        for (var i = 0; i < grains; i++)
        {
            var stored = await storage.ReadStateAsync(StateKey($"grain-{i}"));
            Assert.Equal(($"write-{writesPerGrain - 1}", (long)writesPerGrain), (Text(stored!.Payload), stored.Version));
        }
        var after = storage.CommitStatistics;
        var operations = after.Operations - before.Operations;
        var batches = after.Batches - before.Batches;
        Assert.Equal(grains * writesPerGrain, operations);
        Assert.True(batches < operations, $"{operations} writes took {batches} batches: nothing was grouped");
        Assert.Equal(batches, after.Commits - before.Commits); // no batch needed isolating
    }

    [Fact]
    public async Task Concurrent_writers_of_one_record_have_exactly_one_winner_per_version()
    {
        const int writers = 16, rounds = 10;
        var key = StateKey();
        long? version = null;
        for (var round = 0; round < rounds; round++)
        {
            var expected = version;
            var attempts = Enumerable.Range(0, writers)
                .Select(writer => Outcome(Storage.WriteStateAsync(key, Bytes($"round-{round}-writer-{writer}"), expected)))
                .ToList();
            var outcomes = await Task.WhenAll(attempts);

            var winner = Assert.Single(outcomes, o => o.Version is not null);
            Assert.Equal((expected ?? 0) + 1, winner.Version);
            Assert.All(outcomes.Where(o => o.Version is null), loser =>
            {
                var conflict = Assert.IsType<VersionConflictException>(loser.Failure);
                Assert.Equal(winner.Version, conflict.StoredVersion);
            });
            var stored = await Storage.ReadStateAsync(key);
            Assert.Equal(($"round-{round}-writer-{outcomes.ToList().IndexOf(winner)}", winner.Version!.Value), (Text(stored!.Payload), stored.Version));
            version = winner.Version;
        }
    }

    [Fact]
    public async Task A_conflict_fails_only_its_own_operation_in_a_shared_batch()
    {
        var gate = new BatchGate();
        var storage = await OpenAsync(gate.Hooks);
        await storage.WriteStateAsync(StateKey("existing"), Bytes("v1"), null);
        gate.Arm();
        var held = storage.WriteStateAsync(StateKey("held"), Bytes("held"), null);
        await gate.Entered;
        var batchesBefore = storage.CommitStatistics.Batches;

        var fresh = storage.WriteStateAsync(StateKey("fresh"), Bytes("fresh"), null);
        var stale = storage.WriteStateAsync(StateKey("existing"), Bytes("stale"), 7);
        var update = storage.WriteStateAsync(StateKey("existing"), Bytes("v2"), 1);
        var staleClear = storage.ClearStateAsync(StateKey("existing"), 1); // the update above got there first
        var append = storage.AppendAsync(LogKey(), [Entry(1, "a")]);
        var schedule = storage.UpsertDeadlineAsync(Deadline("g1", "sla", At(5)));
        gate.Release();

        Assert.Equal(1, await held);
        Assert.Equal(1, await fresh);
        Assert.Equal(7, (await Assert.ThrowsAsync<VersionConflictException>(() => stale)).ExpectedVersion);
        Assert.Equal(2, await update);
        Assert.Equal(2, (await Assert.ThrowsAsync<VersionConflictException>(() => staleClear)).StoredVersion);
        await append;
        await schedule;
        Assert.Equal(batchesBefore + 1, storage.CommitStatistics.Batches); // the six shared one transaction
        Assert.Equal("v2", Text((await storage.ReadStateAsync(StateKey("existing")))!.Payload));
    }

    [Fact]
    public async Task When_a_batch_fails_as_a_whole_its_operations_are_retried_alone_and_commit_once()
    {
        var failedOnce = 0;
        var gate = new BatchGate(batch => batch.Count > 1 && Interlocked.Exchange(ref failedOnce, 1) == 0
            ? Task.FromException(new InvalidOperationException("injected failure of a whole batch"))
            : Task.CompletedTask);
        var storage = await OpenAsync(gate.Hooks);
        gate.Arm();
        var held = storage.WriteStateAsync(StateKey("held"), Bytes("held"), null);
        await gate.Entered;

        var first = storage.WriteStateAsync(StateKey("a"), Bytes("a"), null);
        var second = storage.WriteStateAsync(StateKey("b"), Bytes("b"), null);
        var stale = storage.WriteStateAsync(StateKey("held"), Bytes("stale"), 5);
        var append = storage.AppendAsync(LogKey(), [Entry(1, "a"), Entry(2, "b")]);
        var schedule = storage.UpsertDeadlineAsync(Deadline("g1", "sla", At(5)));
        gate.Release();

        Assert.Equal(1, await held);
        Assert.Equal(1, await first);
        Assert.Equal(1, await second);
        Assert.Equal(1, (await Assert.ThrowsAsync<VersionConflictException>(() => stale)).StoredVersion);
        await append;
        await schedule;
        Assert.Equal(1, storage.CommitStatistics.IsolatedBatches);
        Assert.Equal(2, await storage.GetLastSequenceAsync(LogKey()));
        Assert.Single(await storage.ReadDueDeadlinesAsync(At(59), 10));
    }

    [Fact]
    public async Task A_write_cancelled_while_queued_is_withdrawn()
    {
        var gate = new BatchGate();
        var storage = await OpenAsync(gate.Hooks);
        gate.Arm();
        var held = storage.WriteStateAsync(StateKey("held"), Bytes("held"), null);
        await gate.Entered;
        using var cancellation = new CancellationTokenSource();

        var withdrawn = storage.WriteStateAsync(StateKey("withdrawn"), Bytes("x"), null, cancellation.Token);
        cancellation.Cancel();
        gate.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => withdrawn);
        Assert.Equal(1, await held);
        Assert.Null(await storage.ReadStateAsync(StateKey("withdrawn")));
    }

    [Fact]
    public async Task Batches_never_exceed_the_maximum_size()
    {
        var gate = new BatchGate();
        var storage = await OpenAsync(gate.Hooks, maxBatchSize: 4);
        gate.Arm();
        var held = storage.WriteStateAsync(StateKey("held"), Bytes("held"), null);
        await gate.Entered;
        var before = storage.CommitStatistics;

        var writes = Enumerable.Range(0, 10).Select(i => storage.WriteStateAsync(StateKey($"g{i}"), Bytes("x"), null)).ToList();
        gate.Release();
        await held;
        await Task.WhenAll(writes);

        Assert.Equal(3, storage.CommitStatistics.Batches - before.Batches); // 4 + 4 + 2
    }

    private static async Task<long> WriteInSequenceAsync(IDurableStore storage, GrainStateKey key, int count)
    {
        long? version = null;
        for (var i = 0; i < count; i++)
        {
            var written = await storage.WriteStateAsync(key, Bytes($"write-{i}"), version);
            Assert.Equal(i + 1, written);
            version = written;
        }
        return version!.Value;
    }

    private static async Task<(long? Version, Exception? Failure)> Outcome(Task<long> write)
    {
        try
        {
            return (await write, null);
        }
        catch (Exception exception)
        {
            return (null, exception);
        }
    }
}
