using Routing.Storage.Statistics;

namespace Routing.Storage.Tests;

// The statistics rollups (stats_day, stats_month): written and read beside the hours, read by period queries where
// they cover the period, emptied by a reset, and added to an older database by a rebuild.
public abstract partial class GrainStorageConformanceTests
{
    private static StatsBucket Offered(string period, string op, long offered, byte[]? wait = null)
    {
        var bucket = StatsBucket.Empty(new StatsBucketKey("acme", period, "support", op, "Chat", ""));
        bucket.Counters[(int)StatsMeasure.Offered] = offered;
        bucket.Histograms[(int)StatsTime.Wait] = wait;
        return bucket;
    }

    [Fact]
    public async Task Buckets_of_every_grain_are_written_and_read_back_in_one_batch_each_in_its_own_table()
    {
        await WithStatistics(async statistics =>
        {
            var start = await statistics.ReadCheckpointAsync();
            // More than one statement's and one query's worth of rows, in all three grains.
            var buckets = Enumerable.Range(0, 450).SelectMany(i => new[]
            {
                Offered($"2026-03-02T{i % 24:00}", $"op{i}", i, i % 2 == 0 ? [(byte)i] : null),
                Offered("2026-03-02", $"op{i}", 10 + i),
                Offered("2026-03", $"op{i}", 100 + i),
            }).ToList();
            Assert.True(await statistics.CommitAsync(new StatsBatch(start, start, buckets, new Dictionary<string, byte[]>(), [])));

            var keys = buckets.Select(b => b.Key).Append(new StatsBucketKey("acme", "2026-03-03", "support", "op1", "Chat", "")).ToList();
            var read = (await statistics.ReadBucketsAsync(keys)).ToDictionary(b => b.Key);

            Assert.Equal(buckets.Count, read.Count);
            Assert.All(buckets, b =>
            {
                Assert.Equal(b.Counters, read[b.Key].Counters);
                Assert.Equal(b.Histograms[(int)StatsTime.Wait], read[b.Key].Histograms[(int)StatsTime.Wait]);
            });
            var byGrain = await statistics.QueryAsync(new StatsQuery("acme", "2026-03-01T00", "2026-04-01T00", []) { PerOperator = true });
            Assert.Equal(Enumerable.Range(0, 450).Sum(i => 100L + i), Assert.Single(byGrain).Counters[(int)StatsMeasure.Offered]); // the month's rollup

            await statistics.ResetAsync();

            Assert.Empty(await statistics.ReadBucketsAsync(keys));
            return 0;
        });
    }

    [Fact]
    public async Task A_period_query_reads_hours_at_its_ragged_ends_days_around_whole_months_and_the_months_between()
    {
        await WithStatistics(async statistics =>
        {
            // Each grain's rows hold different numbers, so the sum tells which rows the query read.
            var start = await statistics.ReadCheckpointAsync();
            Assert.True(await statistics.CommitAsync(new StatsBatch(start, start, [
                Offered("2026-02-27T22", "ann", 1), Offered("2026-02-27T23", "ann", 2), Offered("2026-02-27", "ann", 1_000),
                Offered("2026-02-28", "ann", 10), Offered("2026-02", "ann", 100_000),
                Offered("2026-03", "ann", 100), Offered("2026-04", "ann", 200),
                Offered("2026-05-01", "ann", 20), Offered("2026-05", "ann", 200_000),
                Offered("2026-05-02T00", "ann", 3), Offered("2026-05-02T05", "ann", 4), Offered("2026-05-02", "ann", 2_000),
            ], new Dictionary<string, byte[]>(), [])));

            async Task<long> OfferedIn(string from, string to, params StatsGroup[] groups) =>
                (await statistics.QueryAsync(new StatsQuery("acme", from, to, groups) { PerOperator = true })).Sum(r => r.Counters[(int)StatsMeasure.Offered]);

            Assert.Equal(2 + 10 + 100 + 200 + 20 + 3, await OfferedIn("2026-02-27T23", "2026-05-02T05"));
            Assert.Equal(2 + 10 + 100 + 200 + 20 + 3, await OfferedIn("2026-02-27T23", "2026-05-02T05", StatsGroup.Month));
            Assert.Equal(2 + 10 + 20 + 3, await OfferedIn("2026-02-27T23", "2026-05-02T05", StatsGroup.Day)); // no day rows for March and April here
            Assert.Equal(2 + 3, await OfferedIn("2026-02-27T23", "2026-05-02T05", StatsGroup.Hour));
            Assert.Equal(1, await OfferedIn("2026-02-27T22", "2026-02-27T23"));
            Assert.Equal(0, await OfferedIn("2026-05-02T05", "2026-05-02T05"));
            return 0;
        });
    }

    [Fact]
    public async Task A_database_before_the_rollups_gets_them_and_projects_its_statistics_again()
    {
        await Storage.AppendAsync(Timeline("c1"), [Entry(1, "queued")]);
        await WithStatistics(async statistics =>
        {
            var start = await statistics.ReadCheckpointAsync();
            var entry = Assert.Single(await statistics.ReadFeedAsync(start, 10));
            return await statistics.CommitAsync(new StatsBatch(start, start with { Transaction = entry.Transaction, Position = entry.Position },
                [Offered("2026-03-02T09", "ann", 1)], new Dictionary<string, byte[]> { ["acme/conversation/c1"] = [1] }, []));
        });
        var before = await WithStatistics(s => s.ReadCheckpointAsync());
        await Storage.DisposeAsync();
        await ExecuteSqlAsync(UndoRollups);
        Assert.Equal(NewestSchemaVersion - 3, await ReadSchemaVersionAsync()); // before the rollups and the minute counts and rollups across operators after them

        await OpenAsync();

        Assert.Equal(NewestSchemaVersion, await ReadSchemaVersionAsync());
        await WithStatistics(async statistics =>
        {
            Assert.Equal(new StatsCheckpoint(before.Generation + 2, 0, 0), await statistics.ReadCheckpointAsync()); // rewound by version 6 and by the rollups across operators
            Assert.Empty(await statistics.ReadBucketsAsync([new StatsBucketKey("acme", "2026-03-02T09", "support", "ann", "Chat", "")]));
            Assert.Empty(await statistics.ReadSourceStatesAsync(["acme/conversation/c1"]));
            Assert.Single(await statistics.ReadFeedAsync(await statistics.ReadCheckpointAsync(), 10)); // to be projected again
            return 0;
        });
    }
}
