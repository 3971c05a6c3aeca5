using Routing.Storage;

namespace Routing.Storage.Tests;

// What survives a restart or a crash, and the provider's lifecycle.
public abstract partial class GrainStorageConformanceTests
{
    [Fact]
    public async Task After_a_restart_state_logs_and_deadlines_are_all_there()
    {
        var deadline = Deadline("g1", "sla", At(5), "payload");
        await Storage.WriteStateAsync(StateKey(), Bytes("one"), null);
        await Storage.WriteStateAsync(StateKey(), Bytes("two"), 1);
        await Storage.ClearStateAsync(StateKey("cleared"), null);
        await Storage.WriteStateAsync(StateKey("cleared"), Bytes("x"), null);
        await Storage.ClearStateAsync(StateKey("cleared"), 1);
        await Storage.AppendAsync(LogKey(), [Entry(1, "a"), Entry(2, "b")]);
        await Storage.UpsertDeadlineAsync(deadline);
        await Storage.DisposeAsync();

        var restarted = await OpenAsync();

        var state = await restarted.ReadStateAsync(StateKey());
        Assert.Equal(("two", 2L), (Text(state!.Payload), state.Version));
        var cleared = await restarted.ReadStateAsync(StateKey("cleared"));
        Assert.Equal(((byte[]?)null, 2L), (cleared!.Payload, cleared.Version));
        Assert.Equal(2, await restarted.GetLastSequenceAsync(LogKey()));
        Assert.Equal([deadline], await restarted.ReadDueDeadlinesAsync(At(59), 10));
        Assert.Equal(3, await restarted.WriteStateAsync(StateKey(), Bytes("three"), 2));
    }

    [Fact]
    public async Task Initialization_is_idempotent_and_records_the_schema_version()
    {
        await Storage.WriteStateAsync(StateKey(), Bytes("kept"), null);
        await Storage.InitializeAsync();

        // Two more instances initializing at once on the existing database (silos starting together).
        var second = CreateStorage();
        var third = CreateStorage();
        await using (second)
        await using (third)
        {
            await Task.WhenAll(second.InitializeAsync(), third.InitializeAsync());
            Assert.Equal("kept", Text((await third.ReadStateAsync(StateKey()))!.Payload));
        }

        Assert.Equal(NewestSchemaVersion, await ReadSchemaVersionAsync());
        Assert.True(await Storage.PingAsync());
    }

    [Fact]
    public async Task A_database_at_schema_version_1_is_migrated_on_start_and_keeps_its_logs()
    {
        await Storage.AppendAsync(LogKey(), [Entry(1, "a"), Entry(2, "b"), Entry(3, "c")]);
        await Storage.DisposeAsync();
        // Back to the schema before log truncation (version 2 added grain_log_truncation).
        await ExecuteSqlAsync(UndoStatistics + UndoDeadlineHashes + "DROP TABLE grain_log_truncation; DELETE FROM schema_version WHERE version = 2;");
        Assert.Equal(1, await ReadSchemaVersionAsync());

        var upgraded = await OpenAsync();

        Assert.Equal(NewestSchemaVersion, await ReadSchemaVersionAsync());
        Assert.Equal(3, await upgraded.GetLastSequenceAsync(LogKey()));
        await upgraded.TruncateLogAsync(LogKey(), 3);
        Assert.Empty(await upgraded.ReadLogAsync(LogKey(), 1, 10));
        Assert.Equal(3, await upgraded.GetLastSequenceAsync(LogKey()));
    }

    [Fact]
    public async Task A_crash_between_commit_and_acknowledgement_leaves_the_whole_write_and_fences_the_stale_writer()
    {
        var key = StateKey();
        var log = LogKey();
        var deadline = Deadline("g1", "sla", At(5));
        await Storage.WriteStateAsync(key, Bytes("before"), null);
        var crash = new InvalidOperationException("simulated crash after commit, before acknowledgement");
        var crashing = await OpenAsync(new GroupCommitHooks { AfterCommit = _ => Task.FromException(crash) });

        // The callers never hear back: to them the outcome is unknown.
        var write = crashing.WriteStateAsync(key, Bytes("after"), 1);
        var append = crashing.AppendAsync(log, [Entry(1, "a"), Entry(2, "b")]);
        var schedule = crashing.UpsertDeadlineAsync(deadline);
        foreach (var unacknowledged in new Task[] { write, append, schedule })
            Assert.Same(crash, await Assert.ThrowsAsync<InvalidOperationException>(() => unacknowledged));

        // A new instance on the same database, the crashed one never used again: the committed writes are there, whole.
        var restarted = await OpenAsync();
        var state = await restarted.ReadStateAsync(key);
        Assert.Equal(("after", 2L), (Text(state!.Payload), state.Version));
        Assert.Equal(2, (await restarted.ReadLogAsync(log, 1, 10)).Count);
        Assert.Equal([deadline], await restarted.ReadDueDeadlinesAsync(At(59), 10));

        // The writer, not knowing its write landed, tries again from the version it knew: fenced, not applied twice.
        var conflict = await Assert.ThrowsAsync<VersionConflictException>(() => restarted.WriteStateAsync(key, Bytes("retry"), 1));
        Assert.Equal(2, conflict.StoredVersion);
        await Assert.ThrowsAsync<VersionConflictException>(() => restarted.AppendAsync(log, [Entry(1, "a"), Entry(2, "b")]));
        Assert.Equal("after", Text((await restarted.ReadStateAsync(key))!.Payload));
    }

    [Fact]
    public async Task A_crash_before_commit_leaves_nothing_and_the_retry_succeeds()
    {
        var key = StateKey();
        await Storage.WriteStateAsync(key, Bytes("before"), null);
        var frozen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reachedCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var crashing = await OpenAsync(new GroupCommitHooks
        {
            BeforeCommit = _ =>
            {
                reachedCommit.TrySetResult();
                return frozen.Task; // the process stops here and never commits
            },
        });
        var write = crashing.WriteStateAsync(key, Bytes("lost"), 1);
        var append = crashing.AppendAsync(LogKey(), [Entry(1, "lost")]);
        await reachedCommit.Task.WaitAsync(TestGuard.Timeout);

        var restarted = await OpenAsync();
        var state = await restarted.ReadStateAsync(key);
        Assert.Equal(("before", 1L), (Text(state!.Payload), state.Version));
        Assert.Equal(0, await restarted.GetLastSequenceAsync(LogKey()));
        Assert.Equal(2, await restarted.WriteStateAsync(key, Bytes("retried"), 1));

        // Let the frozen instance die: its writes fail and never land.
        frozen.SetException(new InvalidOperationException("simulated crash before commit"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => write);
        await Assert.ThrowsAsync<InvalidOperationException>(() => append);
        Assert.Equal("retried", Text((await restarted.ReadStateAsync(key))!.Payload));
        Assert.Equal(0, await restarted.GetLastSequenceAsync(LogKey()));
    }

    [Fact]
    public async Task Disposing_flushes_queued_writes_and_answers_their_callers()
    {
        var gate = new BatchGate();
        var storage = await OpenAsync(gate.Hooks);
        gate.Arm();
        var writes = Enumerable.Range(0, 50).Select(i => storage.WriteStateAsync(StateKey($"g{i}"), Bytes($"v{i}"), null)).ToList();
        await gate.Entered;

        var disposing = storage.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted); // still waiting for the held batch
        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.WriteStateAsync(StateKey("late"), Bytes("x"), null));
        gate.Release();
        await disposing.WaitAsync(TestGuard.Timeout);

        Assert.All(writes, write => Assert.Equal(1, write.Result)); // every one completed successfully
        var reopened = await OpenAsync();
        for (var i = 0; i < 50; i++) Assert.Equal($"v{i}", Text((await reopened.ReadStateAsync(StateKey($"g{i}")))!.Payload));
        Assert.Null(await reopened.ReadStateAsync(StateKey("late")));
    }

    [Fact]
    public async Task Using_a_provider_before_initialization_or_after_disposal_fails_clearly()
    {
        await using var uninitialized = CreateStorage();
        await Assert.ThrowsAsync<InvalidOperationException>(() => uninitialized.ReadStateAsync(StateKey()));
        await Assert.ThrowsAsync<InvalidOperationException>(() => uninitialized.WriteStateAsync(StateKey(), Bytes("x"), null));

        await Storage.DisposeAsync();
        await Storage.DisposeAsync(); // idempotent
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Storage.ReadStateAsync(StateKey()));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Storage.UpsertDeadlineAsync(Deadline("g1", "sla", At(1))));
    }
}
