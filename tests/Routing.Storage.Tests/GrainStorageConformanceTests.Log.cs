using Routing.Storage;

namespace Routing.Storage.Tests;

// Append-only logs: one row per entry, sequences chosen by the grain, all-or-nothing appends.
public abstract partial class GrainStorageConformanceTests
{
    [Fact]
    public async Task Appended_entries_read_back_by_range_and_the_last_sequence_follows()
    {
        var log = LogKey();
        await Storage.AppendAsync(log, [Entry(1, "a"), Entry(2, "b"), Entry(3, "c")]);
        await Storage.AppendAsync(log, [Entry(4, "d"), Entry(5, "e")]);

        Assert.Equal(["b", "c", "d"], Texts(await Storage.ReadLogAsync(log, fromSequence: 2, maxCount: 3)));
        Assert.Equal([1L, 2, 3, 4, 5], (await Storage.ReadLogAsync(log, 1, 100)).Select(e => e.Sequence));
        Assert.Empty(await Storage.ReadLogAsync(log, 6, 100));
        Assert.Empty(await Storage.ReadLogAsync(log, 1, 0));
        Assert.Equal(5, await Storage.GetLastSequenceAsync(log));
    }

    [Fact]
    public async Task An_empty_log_reads_empty_with_last_sequence_zero()
    {
        Assert.Empty(await Storage.ReadLogAsync(LogKey(), 1, 10));
        Assert.Equal(0, await Storage.GetLastSequenceAsync(LogKey()));
    }

    [Fact]
    public async Task Appending_a_sequence_already_present_conflicts_and_appends_none_of_the_call()
    {
        var log = LogKey();
        await Storage.AppendAsync(log, [Entry(1, "a"), Entry(2, "b")]);

        await Assert.ThrowsAsync<VersionConflictException>(() => Storage.AppendAsync(log, [Entry(3, "new"), Entry(2, "dup")]));

        Assert.Equal(["a", "b"], Texts(await Storage.ReadLogAsync(log, 1, 10)));
        Assert.Equal(2, await Storage.GetLastSequenceAsync(log));
        await Storage.AppendAsync(log, [Entry(3, "c")]);
        Assert.Equal(["a", "b", "c"], Texts(await Storage.ReadLogAsync(log, 1, 10)));
    }

    [Fact]
    public async Task Logs_are_isolated_per_grain_and_log_name()
    {
        var logs = new[] { LogKey("a"), LogKey("b"), LogKey("a", logName: "timeline"), LogKey("a", grainType: "agent") };
        foreach (var log in logs) await Storage.AppendAsync(log, [Entry(1, $"{log}#1"), Entry(2, $"{log}#2")]);

        foreach (var log in logs)
        {
            Assert.Equal([$"{log}#1", $"{log}#2"], Texts(await Storage.ReadLogAsync(log, 1, 10)));
            Assert.Equal(2, await Storage.GetLastSequenceAsync(log));
        }
    }

    [Fact]
    public async Task Malformed_appends_are_rejected_and_an_empty_one_is_a_no_op()
    {
        var log = LogKey();
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.AppendAsync(log, [Entry(1, "a"), Entry(1, "again")]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Storage.AppendAsync(log, [Entry(0, "zero")]));

        await Storage.AppendAsync(log, []);

        Assert.Equal(0, await Storage.GetLastSequenceAsync(log));
    }

    [Fact]
    public async Task Overlapping_appends_in_one_batch_let_the_first_win_whole()
    {
        var gate = new BatchGate();
        var storage = await OpenAsync(gate.Hooks);
        var log = LogKey();
        gate.Arm();
        var held = storage.AppendAsync(LogKey("other"), [Entry(1, "held")]);
        await gate.Entered;
        var batchesBefore = storage.CommitStatistics.Batches;

        var first = storage.AppendAsync(log, [Entry(1, "a"), Entry(2, "b")]);
        var overlapping = storage.AppendAsync(log, [Entry(2, "x"), Entry(3, "y")]);
        var disjoint = storage.AppendAsync(log, [Entry(3, "c")]);
        gate.Release();

        await held;
        await first;
        await Assert.ThrowsAsync<VersionConflictException>(() => overlapping);
        await disjoint;
        Assert.Equal(["a", "b", "c"], Texts(await storage.ReadLogAsync(log, 1, 10)));
        Assert.Equal(batchesBefore + 1, storage.CommitStatistics.Batches); // all three shared one transaction
    }

    private static string[] Texts(IReadOnlyList<LogEntry> entries) => entries.Select(e => Text(e.Payload)).ToArray();
}
