using Routing.Storage;

namespace Routing.Storage.Tests;

// A grain's writes issued together in a WritePipeline: one commit for all, and never a later one stored without an earlier one.
public abstract partial class GrainStorageConformanceTests
{
    [Fact]
    public async Task A_grains_pipelined_writes_share_one_transaction_in_the_order_issued()
    {
        var gate = new BatchGate();
        var storage = await OpenAsync(gate.Hooks);
        gate.Arm();
        var held = storage.WriteStateAsync(StateKey("held"), Bytes("held"), null);
        await gate.Entered;
        var batchesBefore = storage.CommitStatistics.Batches;

        Task schedule, append, write;
        using (storage.PipelineWrites("conversation", "grain-1"))
        {
            schedule = storage.UpsertDeadlineAsync(Deadline("grain-1", "rescue", At(5)));
            append = storage.AppendAsync(LogKey(logName: "timeline"), [Entry(1, "assigned")]);
            write = storage.WriteStateAsync(StateKey(), Bytes("assigned"), null);
        }
        gate.Release();

        await Task.WhenAll(held, schedule, append, write).WaitAsync(TestGuard.Timeout);
        Assert.Equal(batchesBefore + 1, storage.CommitStatistics.Batches);
        Assert.Equal("assigned", Text((await storage.ReadStateAsync(StateKey()))!.Payload));
        Assert.Equal(1, await storage.GetLastSequenceAsync(LogKey(logName: "timeline")));
        Assert.Single(await storage.ReadDueDeadlinesAsync(At(59), 10));
    }

    [Fact]
    public async Task A_conflict_abandons_the_writes_issued_after_it_in_its_batch_and_spares_everything_else()
    {
        var gate = new BatchGate();
        var storage = await OpenAsync(gate.Hooks);
        await storage.AppendAsync(LogKey(logName: "timeline"), [Entry(1, "written by a duplicate activation")]);
        gate.Arm();
        var held = storage.WriteStateAsync(StateKey("held"), Bytes("held"), null);
        await gate.Entered;

        Task schedule, append, write, cancel;
        using (storage.PipelineWrites("conversation", "grain-1"))
        {
            schedule = storage.UpsertDeadlineAsync(Deadline("grain-1", "rescue", At(5)));
            append = storage.AppendAsync(LogKey(logName: "timeline"), [Entry(1, "assigned")]);
            write = storage.WriteStateAsync(StateKey(), Bytes("assigned"), null);
            cancel = storage.DeleteDeadlineAsync("conversation", "grain-1", "sla");
        }
        var otherGrain = storage.WriteStateAsync(StateKey("grain-2"), Bytes("other"), null);
        gate.Release();

        await schedule.WaitAsync(TestGuard.Timeout); // issued before the conflict: stored
        await Assert.ThrowsAsync<VersionConflictException>(() => append);
        var abandoned = await Assert.ThrowsAsync<WriteAbandonedException>(() => write);
        Assert.IsType<VersionConflictException>(abandoned.InnerException);
        Assert.IsType<VersionConflictException>((await Assert.ThrowsAsync<WriteAbandonedException>(() => cancel)).InnerException);
        Assert.Equal(1, await otherGrain);
        Assert.Equal(1, await held);
        Assert.Null(await storage.ReadStateAsync(StateKey()));
        Assert.Equal("written by a duplicate activation", Text((await storage.ReadLogAsync(LogKey(logName: "timeline"), 1, 10))[0].Payload));
        Assert.Single(await storage.ReadDueDeadlinesAsync(At(59), 10));
    }

    [Fact]
    public async Task A_stale_state_write_abandons_the_writes_issued_after_it()
    {
        await Storage.WriteStateAsync(StateKey(), Bytes("v1"), null);
        await Storage.WriteStateAsync(StateKey(), Bytes("v2 by a newer activation"), 1);

        Task<long> stale;
        Task append;
        using (Storage.PipelineWrites("conversation", "grain-1"))
        {
            stale = Storage.WriteStateAsync(StateKey(), Bytes("stale"), 1);
            append = Storage.AppendAsync(LogKey(), [Entry(1, "after the stale write")]);
        }

        Assert.Equal(2, (await Assert.ThrowsAsync<VersionConflictException>(() => stale)).StoredVersion);
        await Assert.ThrowsAsync<WriteAbandonedException>(() => append);
        Assert.Equal(0, await Storage.GetLastSequenceAsync(LogKey()));
    }

    [Fact]
    public async Task A_write_whose_prerequisite_failed_in_an_earlier_batch_is_abandoned_without_running()
    {
        var storage = await OpenAsync(maxBatchSize: 1); // every write its own batch
        await storage.AppendAsync(LogKey(), [Entry(1, "taken")]);

        Task append, write, schedule;
        using (storage.PipelineWrites("conversation", "grain-1"))
        {
            append = storage.AppendAsync(LogKey(), [Entry(1, "conflicts")]);
            write = storage.WriteStateAsync(StateKey(), Bytes("after the conflict"), null);
            schedule = storage.UpsertDeadlineAsync(Deadline("grain-1", "rescue", At(5)));
        }

        await Assert.ThrowsAsync<VersionConflictException>(() => append);
        await Assert.ThrowsAsync<WriteAbandonedException>(() => write);
        var chained = await Assert.ThrowsAsync<WriteAbandonedException>(() => schedule);
        Assert.IsType<VersionConflictException>(chained.InnerException); // the first failure, however far back
        Assert.Null(await storage.ReadStateAsync(StateKey()));
        Assert.Empty(await storage.ReadDueDeadlinesAsync(At(59), 10));
    }

    [Fact]
    public async Task A_deadline_written_for_another_grain_is_ordered_in_its_writers_pipeline_not_in_its_own_grains()
    {
        var storage = await OpenAsync(maxBatchSize: 1); // every write its own batch: only the pipeline links them
        await storage.AppendAsync(LogKey(), [Entry(1, "taken")]);
        var othersDeadline = Deadline("grain-1", "resume", At(5), "close:ann") with { GrainType = "conversation-control" };

        Task conflict, written, closed, othersOwn;
        // The other grain's pipeline is open too: the deadline must join its writer's, behind the writer's failed append.
        using (storage.PipelineWrites("conversation-control", "grain-1"))
        using (storage.PipelineWrites("conversation", "grain-1"))
        {
            conflict = storage.AppendAsync(LogKey(), [Entry(1, "conflicts")]);
            written = storage.UpsertDeadlineAsync(othersDeadline, writer: ("conversation", "grain-1"));
            closed = storage.WriteStateAsync(StateKey(), Bytes("closed"), null);
            othersOwn = storage.UpsertDeadlineAsync(Deadline("grain-1", "other", At(6)) with { GrainType = "conversation-control" });
        }

        await Assert.ThrowsAsync<VersionConflictException>(() => conflict);
        Assert.IsType<VersionConflictException>((await Assert.ThrowsAsync<WriteAbandonedException>(() => written)).InnerException);
        await Assert.ThrowsAsync<WriteAbandonedException>(() => closed); // behind the other grain's deadline in the writer's pipeline
        await othersOwn; // the other grain's own pipeline never saw its writer's failure
        var due = await storage.ReadDueDeadlinesAsync(At(59), 10);
        Assert.Equal("other", Assert.Single(due).Name);
    }

    [Fact]
    public async Task A_deadline_written_for_another_grain_commits_with_its_writers_change()
    {
        var gate = new BatchGate();
        var storage = await OpenAsync(gate.Hooks);
        gate.Arm();
        var held = storage.WriteStateAsync(StateKey("held"), Bytes("held"), null);
        await gate.Entered;
        var batchesBefore = storage.CommitStatistics.Batches;

        Task written, closed;
        using (storage.PipelineWrites("conversation", "grain-1"))
        {
            written = storage.UpsertDeadlineAsync(Deadline("grain-1", "resume", At(5), "close:ann") with { GrainType = "conversation-control" },
                writer: ("conversation", "grain-1"));
            closed = storage.WriteStateAsync(StateKey(), Bytes("closed"), null);
        }
        gate.Release();

        await Task.WhenAll(held, written, closed).WaitAsync(TestGuard.Timeout);
        Assert.Equal(batchesBefore + 1, storage.CommitStatistics.Batches);
        var due = Assert.Single(await storage.ReadDueDeadlinesAsync(At(59), 10));
        Assert.Equal(("conversation-control", "resume", "close:ann"), (due.GrainType, due.Name, due.Payload));
    }

    [Fact]
    public async Task A_continuing_pipeline_orders_writes_of_later_scopes_behind_those_still_in_flight()
    {
        var storage = await OpenAsync(maxBatchSize: 1); // every write its own batch: the chain crosses batches
        await storage.AppendAsync(LogKey(), [Entry(1, "taken")]);
        var pipeline = new WritePipeline();

        Task conflict, nextTurnsWrite, afterTheChain;
        using (storage.PipelineWrites("conversation", "grain-1", pipeline)) conflict = storage.AppendAsync(LogKey(), [Entry(1, "conflicts")]);
        // A later turn of the same activation, while the first write is still in flight.
        using (storage.PipelineWrites("conversation", "grain-1", pipeline)) nextTurnsWrite = storage.WriteStateAsync(StateKey(), Bytes("next turn"), null);
        using (storage.PipelineWrites("conversation", "grain-1", pipeline)) afterTheChain = storage.AppendAsync(LogKey(), [Entry(2, "after it")]);

        await Assert.ThrowsAsync<VersionConflictException>(() => conflict);
        Assert.IsType<VersionConflictException>((await Assert.ThrowsAsync<WriteAbandonedException>(() => nextTurnsWrite)).InnerException);
        await Assert.ThrowsAsync<WriteAbandonedException>(() => afterTheChain);
        Assert.Null(await storage.ReadStateAsync(StateKey()));
        Assert.Equal(1, await storage.GetLastSequenceAsync(LogKey()));

        // A new activation's pipeline does not inherit the failure.
        using (storage.PipelineWrites("conversation", "grain-1", new WritePipeline())) afterTheChain = storage.AppendAsync(LogKey(), [Entry(2, "fresh")]);
        await afterTheChain;
        Assert.Equal(2, await storage.GetLastSequenceAsync(LogKey()));
    }

    [Fact]
    public async Task A_pipeline_orders_its_own_grains_writes_only_and_ends_when_disposed()
    {
        await Storage.AppendAsync(LogKey("grain-2"), [Entry(1, "taken")]);

        Task othersConflict;
        Task<long> write;
        using (Storage.PipelineWrites("conversation", "grain-1"))
        {
            othersConflict = Storage.AppendAsync(LogKey("grain-2"), [Entry(1, "conflicts")]);
            write = Storage.WriteStateAsync(StateKey("grain-1"), Bytes("mine"), null);
        }

        await Assert.ThrowsAsync<VersionConflictException>(() => othersConflict);
        Assert.Equal(1, await write);

        await Storage.AppendAsync(LogKey(), [Entry(1, "taken")]);
        Task conflict;
        using (Storage.PipelineWrites("conversation", "grain-1")) conflict = Storage.AppendAsync(LogKey(), [Entry(1, "conflicts")]);
        var afterTheScope = Storage.WriteStateAsync(StateKey("grain-1"), Bytes("issued after the pipeline ended"), 1);
        await Assert.ThrowsAsync<VersionConflictException>(() => conflict);
        Assert.Equal(2, await afterTheScope);
    }

    [Fact]
    public async Task After_a_whole_batch_failure_a_pipeline_reruns_in_order_and_stops_at_its_first_failure()
    {
        var failedOnce = 0;
        var gate = new BatchGate(batch => batch.Count > 1 && Interlocked.Exchange(ref failedOnce, 1) == 0
            ? Task.FromException(new InvalidOperationException("injected failure of a whole batch"))
            : Task.CompletedTask);
        var storage = await OpenAsync(gate.Hooks);
        await storage.AppendAsync(LogKey(), [Entry(1, "taken")]);
        gate.Arm();
        var held = storage.WriteStateAsync(StateKey("held"), Bytes("held"), null);
        await gate.Entered;

        Task schedule, append, write;
        using (storage.PipelineWrites("conversation", "grain-1"))
        {
            schedule = storage.UpsertDeadlineAsync(Deadline("grain-1", "rescue", At(5)));
            append = storage.AppendAsync(LogKey(), [Entry(1, "conflicts")]);
            write = storage.WriteStateAsync(StateKey(), Bytes("after the conflict"), null);
        }
        gate.Release();

        Assert.Equal(1, await held);
        await schedule.WaitAsync(TestGuard.Timeout);
        await Assert.ThrowsAsync<VersionConflictException>(() => append);
        await Assert.ThrowsAsync<WriteAbandonedException>(() => write);
        Assert.Equal(1, storage.CommitStatistics.IsolatedBatches);
        Assert.Null(await storage.ReadStateAsync(StateKey()));
    }

    [Fact]
    public async Task A_nested_pipeline_joins_its_grains_and_another_grains_pipeline_is_independent()
    {
        await Storage.AppendAsync(LogKey(), [Entry(1, "taken")]);

        Task append, innerWrite, outerSchedule;
        using (Storage.PipelineWrites("conversation", "grain-1"))
        {
            append = Storage.AppendAsync(LogKey(), [Entry(1, "conflicts")]);
            using (Storage.PipelineWrites("conversation", "grain-1")) innerWrite = Storage.WriteStateAsync(StateKey(), Bytes("inner"), null);
            using (Storage.PipelineWrites("department", "d1")) await Storage.WriteStateAsync(StateKey("d1", grainType: "department"), Bytes("d"), null);
            outerSchedule = Storage.UpsertDeadlineAsync(Deadline("grain-1", "rescue", At(5)));
        }

        await Assert.ThrowsAsync<VersionConflictException>(() => append);
        await Assert.ThrowsAsync<WriteAbandonedException>(() => innerWrite);
        await Assert.ThrowsAsync<WriteAbandonedException>(() => outerSchedule);
    }
}
