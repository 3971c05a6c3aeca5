using Routing.Storage.Statistics;

namespace Routing.Storage.Tests;

// The live minute counts (stats_minute): added to by each commit, read per workspace and span, pruned in the commit,
// emptied by a reset, and added to an older database empty.
public abstract partial class GrainStorageConformanceTests
{
    private static readonly DateTimeOffset Minute0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static StatsMinute MinuteRow(string department, int minute, long arrivals, long answered = 0, string workspace = "acme") =>
        new(workspace, department, Minute0.AddMinutes(minute), arrivals, answered, 0, answered, answered);

    [Fact]
    public async Task Commits_add_to_the_minute_counts_and_a_read_returns_one_workspaces_minutes_of_a_span_in_order()
    {
        await WithStatistics(async statistics =>
        {
            var start = await statistics.ReadCheckpointAsync();
            // More rows than one statement holds, so the second commit adds to rows of several statements.
            var many = Enumerable.Range(0, 120).Select(i => MinuteRow($"d{i % 3}", i / 3, 1)).ToList();
            Assert.True(await statistics.CommitAsync(new StatsBatch(start, start, [], new Dictionary<string, byte[]>(), []) { Minutes = many }));
            Assert.True(await statistics.CommitAsync(new StatsBatch(start, start, [], new Dictionary<string, byte[]>(), [])
            {
                Minutes = [.. many.Select(m => m with { Arrivals = 2, Answered = 1, SlaMeasured = 1, SlaMet = 1 }), MinuteRow("d0", 0, 9, workspace: "other")],
            }));

            var read = await statistics.ReadMinutesAsync("acme", Minute0.AddMinutes(10), Minute0.AddMinutes(12));

            Assert.Equal([MinuteRow("d0", 10, 3, 1), MinuteRow("d1", 10, 3, 1), MinuteRow("d2", 10, 3, 1),
                MinuteRow("d0", 11, 3, 1), MinuteRow("d1", 11, 3, 1), MinuteRow("d2", 11, 3, 1)], read);
            Assert.Equal([MinuteRow("d0", 0, 9, workspace: "other")], await statistics.ReadMinutesAsync("other", Minute0, Minute0.AddHours(1)));
            Assert.Equal(120, (await statistics.ReadMinutesAsync("acme", Minute0, Minute0.AddHours(1))).Count);

            await statistics.ResetAsync();

            Assert.Empty(await statistics.ReadMinutesAsync("acme", Minute0, Minute0.AddHours(1)));
            return 0;
        });
    }

    [Fact]
    public async Task A_commit_prunes_the_minutes_before_the_one_it_keeps_from_and_a_refused_commit_neither_adds_nor_prunes()
    {
        await WithStatistics(async statistics =>
        {
            var start = await statistics.ReadCheckpointAsync();
            Assert.True(await statistics.CommitAsync(new StatsBatch(start, start, [], new Dictionary<string, byte[]>(), [])
            {
                Minutes = [MinuteRow("support", 0, 1), MinuteRow("support", 1, 1), MinuteRow("support", 2, 1, workspace: "other")],
            }));
            var stale = new StatsBatch(start with { Position = start.Position + 1 }, start, [], new Dictionary<string, byte[]>(), [])
            {
                Minutes = [MinuteRow("support", 3, 1)], KeepMinutesFrom = Minute0.AddMinutes(3),
            };
            Assert.False(await statistics.CommitAsync(stale));
            Assert.Equal(2, (await statistics.ReadMinutesAsync("acme", Minute0, Minute0.AddHours(1))).Count);

            Assert.True(await statistics.CommitAsync(new StatsBatch(start, start, [], new Dictionary<string, byte[]>(), [])
            {
                Minutes = [MinuteRow("support", 3, 1)], KeepMinutesFrom = Minute0.AddMinutes(1),
            }));

            Assert.Equal([MinuteRow("support", 1, 1), MinuteRow("support", 3, 1)], await statistics.ReadMinutesAsync("acme", Minute0, Minute0.AddHours(1)));
            Assert.Equal([MinuteRow("support", 2, 1, workspace: "other")], await statistics.ReadMinutesAsync("other", Minute0, Minute0.AddHours(1)));
            return 0;
        });
    }

    [Fact]
    public async Task A_database_before_the_minute_counts_gets_them_empty()
    {
        await WithStatistics(async statistics =>
        {
            var start = await statistics.ReadCheckpointAsync();
            return await statistics.CommitAsync(new StatsBatch(start, start, [Offered("2026-03-02T09", "ann", 1)], new Dictionary<string, byte[]>(), []));
        });
        var before = await WithStatistics(s => s.ReadCheckpointAsync());
        await Storage.DisposeAsync();
        await ExecuteSqlAsync(UndoMinutes);
        Assert.Equal(NewestSchemaVersion - 2, await ReadSchemaVersionAsync()); // before the minute counts and the rollups across operators after them

        await OpenAsync();

        Assert.Equal(NewestSchemaVersion, await ReadSchemaVersionAsync());
        await WithStatistics(async statistics =>
        {
            // The minute counts alone project nothing again; the rollups across operators after them rebuild everything.
            Assert.Equal(new StatsCheckpoint(before.Generation + 1, 0, 0), await statistics.ReadCheckpointAsync());
            Assert.Empty(await statistics.ReadBucketsAsync([new StatsBucketKey("acme", "2026-03-02T09", "support", "ann", "Chat", "")]));
            Assert.Empty(await statistics.ReadMinutesAsync("acme", Minute0, Minute0.AddHours(1)));
            var now = await statistics.ReadCheckpointAsync();
            Assert.True(await statistics.CommitAsync(new StatsBatch(now, now, [], new Dictionary<string, byte[]>(), []) { Minutes = [MinuteRow("support", 0, 1)] }));
            Assert.Equal([MinuteRow("support", 0, 1)], await statistics.ReadMinutesAsync("acme", Minute0, Minute0.AddHours(1)));
            return 0;
        });
    }
}
