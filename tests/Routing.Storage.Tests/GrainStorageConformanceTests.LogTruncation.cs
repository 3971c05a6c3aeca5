using Routing.Storage;

namespace Routing.Storage.Tests;

// Log truncation: a grain that snapshots its log drops the entries the snapshot covers; sequencing goes on regardless.
public abstract partial class GrainStorageConformanceTests
{
    [Fact]
    public async Task Truncating_the_middle_of_a_log_deletes_through_the_sequence_and_keeps_the_rest()
    {
        var log = LogKey();
        await Storage.AppendAsync(log, [Entry(1, "a"), Entry(2, "b"), Entry(3, "c"), Entry(4, "d"), Entry(5, "e")]);

        await Storage.TruncateLogAsync(log, throughSequence: 3);

        Assert.Equal(["d", "e"], Texts(await Storage.ReadLogAsync(log, 1, 10)));
        Assert.Equal([4L], (await Storage.ReadLogAsync(log, 2, maxCount: 1)).Select(e => e.Sequence));
        Assert.Equal(["e"], Texts(await Storage.ReadLogAsync(log, 5, 10)));
        Assert.Equal(5, await Storage.GetLastSequenceAsync(log));
        await Storage.AppendAsync(log, [Entry(6, "f")]);
        Assert.Equal(["d", "e", "f"], Texts(await Storage.ReadLogAsync(log, 1, 10)));
    }

    [Fact]
    public async Task Truncating_everything_keeps_the_last_sequence_and_the_next_append_follows_on()
    {
        var log = LogKey();
        await Storage.AppendAsync(log, [Entry(1, "a"), Entry(2, "b"), Entry(3, "c")]);

        await Storage.TruncateLogAsync(log, 3);

        Assert.Empty(await Storage.ReadLogAsync(log, 1, 10));
        Assert.Equal(3, await Storage.GetLastSequenceAsync(log));
        await Storage.AppendAsync(log, [Entry(4, "d"), Entry(5, "e")]);
        Assert.Equal([4L, 5], (await Storage.ReadLogAsync(log, 1, 10)).Select(e => e.Sequence));
        Assert.Equal(5, await Storage.GetLastSequenceAsync(log));
    }

    [Fact]
    public async Task Truncating_beyond_the_last_entry_deletes_all_but_does_not_reset_or_skip_sequencing()
    {
        var log = LogKey();
        await Storage.AppendAsync(log, [Entry(1, "a"), Entry(2, "b")]);

        await Storage.TruncateLogAsync(log, 100);

        Assert.Empty(await Storage.ReadLogAsync(log, 1, 10));
        Assert.Equal(2, await Storage.GetLastSequenceAsync(log)); // the highest appended, not the truncation argument
        await Assert.ThrowsAsync<VersionConflictException>(() => Storage.AppendAsync(log, [Entry(1, "reused")]));
        await Storage.AppendAsync(log, [Entry(3, "c")]); // the point was capped at 2: 3 was never taken

        await Storage.TruncateLogAsync(log, long.MaxValue);

        Assert.Empty(await Storage.ReadLogAsync(log, 1, 10));
        Assert.Equal(3, await Storage.GetLastSequenceAsync(log));
        await Storage.AppendAsync(log, [Entry(4, "d")]);
        Assert.Equal(["d"], Texts(await Storage.ReadLogAsync(log, 1, 10)));
    }

    [Fact]
    public async Task Appending_a_truncated_sequence_conflicts_and_appends_none_of_the_call()
    {
        var log = LogKey();
        await Storage.AppendAsync(log, [Entry(1, "a"), Entry(2, "b"), Entry(3, "c"), Entry(4, "d")]);
        await Storage.TruncateLogAsync(log, 2);

        await Assert.ThrowsAsync<VersionConflictException>(() => Storage.AppendAsync(log, [Entry(1, "old")]));
        await Assert.ThrowsAsync<VersionConflictException>(() => Storage.AppendAsync(log, [Entry(2, "old")]));
        await Assert.ThrowsAsync<VersionConflictException>(() => Storage.AppendAsync(log, [Entry(5, "new"), Entry(2, "old")]));
        await Assert.ThrowsAsync<VersionConflictException>(() => Storage.AppendAsync(log, [Entry(3, "present")]));

        Assert.Equal(["c", "d"], Texts(await Storage.ReadLogAsync(log, 1, 10)));
        Assert.Equal(4, await Storage.GetLastSequenceAsync(log));

        await Storage.TruncateLogAsync(log, 4);
        await Assert.ThrowsAsync<VersionConflictException>(() => Storage.AppendAsync(log, [Entry(4, "old")]));
        await Assert.ThrowsAsync<VersionConflictException>(() => Storage.AppendAsync(log, [Entry(3, "old")]));
        Assert.Empty(await Storage.ReadLogAsync(log, 1, 10));
        Assert.Equal(4, await Storage.GetLastSequenceAsync(log));
    }

    [Fact]
    public async Task Truncation_is_idempotent_and_never_moves_back()
    {
        var log = LogKey();
        await Storage.AppendAsync(log, [Entry(1, "a"), Entry(2, "b"), Entry(3, "c"), Entry(4, "d")]);

        await Storage.TruncateLogAsync(log, 2);
        await Storage.TruncateLogAsync(log, 2);
        await Storage.TruncateLogAsync(log, 1); // lower than before: nothing to do, and 2 stays taken

        Assert.Equal(["c", "d"], Texts(await Storage.ReadLogAsync(log, 1, 10)));
        Assert.Equal(4, await Storage.GetLastSequenceAsync(log));
        await Assert.ThrowsAsync<VersionConflictException>(() => Storage.AppendAsync(log, [Entry(2, "old")]));

        await Storage.TruncateLogAsync(log, 4);
        await Storage.TruncateLogAsync(log, 4);
        await Storage.TruncateLogAsync(log, 3);

        Assert.Empty(await Storage.ReadLogAsync(log, 1, 10));
        Assert.Equal(4, await Storage.GetLastSequenceAsync(log));
        await Storage.AppendAsync(log, [Entry(5, "e")]);
        Assert.Equal(["e"], Texts(await Storage.ReadLogAsync(log, 1, 10)));
    }

    [Fact]
    public async Task The_last_sequence_survives_truncation_and_a_restart()
    {
        var emptied = LogKey("emptied");
        var partial = LogKey("partial");
        await Storage.AppendAsync(emptied, [Entry(1, "a"), Entry(2, "b"), Entry(3, "c")]);
        await Storage.AppendAsync(partial, [Entry(1, "a"), Entry(2, "b"), Entry(3, "c")]);
        await Storage.TruncateLogAsync(emptied, 3);
        await Storage.TruncateLogAsync(partial, 1);
        await Storage.DisposeAsync();

        var restarted = await OpenAsync();

        Assert.Empty(await restarted.ReadLogAsync(emptied, 1, 10));
        Assert.Equal(3, await restarted.GetLastSequenceAsync(emptied));
        Assert.Equal(["b", "c"], Texts(await restarted.ReadLogAsync(partial, 1, 10)));
        Assert.Equal(3, await restarted.GetLastSequenceAsync(partial));
        await Assert.ThrowsAsync<VersionConflictException>(() => restarted.AppendAsync(emptied, [Entry(3, "reused")]));
        await Assert.ThrowsAsync<VersionConflictException>(() => restarted.AppendAsync(partial, [Entry(1, "reused")]));
        await restarted.AppendAsync(emptied, [Entry(4, "d")]);
        Assert.Equal(["d"], Texts(await restarted.ReadLogAsync(emptied, 1, 10)));
        Assert.Equal(4, await restarted.GetLastSequenceAsync(emptied));
    }

    [Fact]
    public async Task Truncating_one_log_leaves_every_other_log_alone()
    {
        var truncated = LogKey("a");
        var others = new[] { LogKey("b"), LogKey("a", logName: "timeline"), LogKey("a", grainType: "agent"), LogKey("a-") };
        foreach (var log in others.Prepend(truncated)) await Storage.AppendAsync(log, [Entry(1, $"{log}#1"), Entry(2, $"{log}#2")]);

        await Storage.TruncateLogAsync(truncated, 2);

        Assert.Empty(await Storage.ReadLogAsync(truncated, 1, 10));
        foreach (var log in others)
        {
            Assert.Equal([$"{log}#1", $"{log}#2"], Texts(await Storage.ReadLogAsync(log, 1, 10)));
            Assert.Equal(2, await Storage.GetLastSequenceAsync(log));
        }
        // The truncation point is the truncated log's alone: a log of the same grain never written starts at 1.
        Assert.Equal(0, await Storage.GetLastSequenceAsync(LogKey("a", logName: "fresh")));
        await Storage.AppendAsync(LogKey("a", logName: "fresh"), [Entry(1, "first")]);
    }

    [Fact]
    public async Task Truncating_through_zero_or_a_log_never_appended_to_is_a_no_op()
    {
        var log = LogKey();
        await Storage.AppendAsync(log, [Entry(1, "a"), Entry(2, "b")]);
        var unknown = LogKey("unknown");

        await Storage.TruncateLogAsync(log, 0);
        await Storage.TruncateLogAsync(unknown, 0);
        await Storage.TruncateLogAsync(unknown, 5);

        Assert.Equal(["a", "b"], Texts(await Storage.ReadLogAsync(log, 1, 10)));
        Assert.Equal(2, await Storage.GetLastSequenceAsync(log));
        Assert.Empty(await Storage.ReadLogAsync(unknown, 1, 10));
        Assert.Equal(0, await Storage.GetLastSequenceAsync(unknown));
        await Storage.AppendAsync(unknown, [Entry(1, "first")]); // no sequence was taken by truncating nothing
        Assert.Equal(["first"], Texts(await Storage.ReadLogAsync(unknown, 1, 10)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Storage.TruncateLogAsync(log, -1));
    }

    [Fact]
    public async Task Truncations_share_batches_with_appends_in_queue_order_and_a_conflict_fails_only_its_own_operation()
    {
        var gate = new BatchGate();
        var storage = await OpenAsync(gate.Hooks);
        var log = LogKey();
        var other = LogKey("other");
        await storage.AppendAsync(log, [Entry(1, "a"), Entry(2, "b"), Entry(3, "c")]);
        await storage.AppendAsync(other, [Entry(1, "x")]);
        gate.Arm();
        var held = storage.WriteStateAsync(StateKey("held"), Bytes("held"), null);
        await gate.Entered;
        var batchesBefore = storage.CommitStatistics.Batches;

        var truncate = storage.TruncateLogAsync(log, 2);
        var stale = storage.AppendAsync(log, [Entry(4, "late"), Entry(2, "truncated")]); // 2 went just before, in this batch
        var next = storage.AppendAsync(log, [Entry(4, "d")]);
        var truncateAll = storage.TruncateLogAsync(other, 1);
        var write = storage.WriteStateAsync(StateKey("innocent"), Bytes("innocent"), null);
        gate.Release();

        Assert.Equal(1, await held);
        await truncate;
        await Assert.ThrowsAsync<VersionConflictException>(() => stale);
        await next;
        await truncateAll;
        Assert.Equal(1, await write);
        Assert.Equal(batchesBefore + 1, storage.CommitStatistics.Batches); // all five shared one transaction
        Assert.Equal(["c", "d"], Texts(await storage.ReadLogAsync(log, 1, 10)));
        Assert.Empty(await storage.ReadLogAsync(other, 1, 10));
        Assert.Equal(1, await storage.GetLastSequenceAsync(other));
    }

    [Fact]
    public async Task A_truncation_in_a_batch_that_fails_as_a_whole_is_retried_alone_and_commits_once()
    {
        var failedOnce = 0;
        var gate = new BatchGate(batch => batch.Count > 1 && Interlocked.Exchange(ref failedOnce, 1) == 0
            ? Task.FromException(new InvalidOperationException("injected failure of a whole batch"))
            : Task.CompletedTask);
        var storage = await OpenAsync(gate.Hooks);
        var log = LogKey();
        await storage.AppendAsync(log, [Entry(1, "a"), Entry(2, "b")]);
        gate.Arm();
        var held = storage.WriteStateAsync(StateKey("held"), Bytes("held"), null);
        await gate.Entered;

        var append = storage.AppendAsync(log, [Entry(3, "c")]);
        var truncate = storage.TruncateLogAsync(log, 2);
        var stale = storage.AppendAsync(log, [Entry(1, "old")]);
        gate.Release();

        Assert.Equal(1, await held);
        await append;
        await truncate;
        await Assert.ThrowsAsync<VersionConflictException>(() => stale);
        Assert.Equal(1, storage.CommitStatistics.IsolatedBatches);
        Assert.Equal(["c"], Texts(await storage.ReadLogAsync(log, 1, 10)));
        Assert.Equal(3, await storage.GetLastSequenceAsync(log));
    }
}
