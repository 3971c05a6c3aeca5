using Routing.Storage.Statistics;

namespace Routing.Storage.Tests;

// The rollups across operators (stats_hour_all, stats_day_all, stats_month_all): written and read in tables of their
// own, read by the queries that neither group nor filter by operator, emptied by a reset, and added to an older
// database by a rebuild.
public abstract partial class GrainStorageConformanceTests
{
    private static StatsBucket AllOperators(string period, long offered, string department = "support") =>
        Offered(period, "", offered) with { Key = StatsGrains.AllOperatorsOf(new StatsBucketKey("acme", period, department, "", "Chat", "")) };

    [Fact]
    public async Task Buckets_across_operators_are_kept_apart_from_the_buckets_of_no_operator_with_the_same_key()
    {
        await WithStatistics(async statistics =>
        {
            var start = await statistics.ReadCheckpointAsync();
            var buckets = new[] { "2026-03-02T09", "2026-03-02", "2026-03" }
                .SelectMany(period => new[] { Offered(period, "", 1), AllOperators(period, 10) }).ToList();
            Assert.True(await statistics.CommitAsync(new StatsBatch(start, start, buckets, new Dictionary<string, byte[]>(), [])));

            var read = (await statistics.ReadBucketsAsync(buckets.Select(b => b.Key).ToList())).ToDictionary(b => b.Key);

            Assert.Equal(buckets.Count, read.Count);
            Assert.All(buckets, b => Assert.Equal(b.Counters, read[b.Key].Counters));
            Assert.All(read.Keys, key => Assert.Equal(key.AllOperators ? 10 : 1, read[key].Counters[(int)StatsMeasure.Offered]));

            await statistics.ResetAsync();

            Assert.Empty(await statistics.ReadBucketsAsync(buckets.Select(b => b.Key).ToList()));
            return 0;
        });
    }

    [Fact]
    public async Task A_query_that_neither_groups_nor_filters_by_operator_reads_the_rollups_across_operators()
    {
        await WithStatistics(async statistics =>
        {
            // The rows per operator and across them hold different numbers, so the sum tells which the query read.
            var start = await statistics.ReadCheckpointAsync();
            Assert.True(await statistics.CommitAsync(new StatsBatch(start, start, [
                Offered("2026-02-27T23", "ann", 1), Offered("2026-02-28", "ann", 2), Offered("2026-03", "ann", 4),
                Offered("2026-02-27T23", "", 1_000), // a measure of no operator (yet), in the rows per operator
                AllOperators("2026-02-27T23", 10), AllOperators("2026-02-28", 20), AllOperators("2026-03", 40),
                AllOperators("2026-03", 100, department: "sales"),
            ], new Dictionary<string, byte[]>(), [])));

            async Task<long> OfferedBy(StatsQuery query) => (await statistics.QueryAsync(query)).Sum(r => r.Counters[(int)StatsMeasure.Offered]);
            var query = new StatsQuery("acme", "2026-02-27T23", "2026-04-01T00", [StatsGroup.Department]);

            Assert.Equal(10 + 20 + 40 + 100, await OfferedBy(query));
            Assert.Equal(10 + 20 + 40, await OfferedBy(query with { GroupBy = [StatsGroup.Month], Department = "support" }));
            Assert.Equal(10 + 20 + 40, await OfferedBy(query with { Scope = new StatsScope(["support"], []) }));
            Assert.Equal(1 + 2 + 4 + 1_000, await OfferedBy(query with { GroupBy = [StatsGroup.Operator] }));
            Assert.Equal(1 + 2 + 4, await OfferedBy(query with { Operator = "ann" }));
            Assert.Equal(1 + 2 + 4 + 1_000, await OfferedBy(query with { PerOperator = true }));
            // A scope that selects operators' status buckets needs them per operator.
            Assert.Equal(1 + 2 + 4 + 1_000, await OfferedBy(query with { Scope = new StatsScope(["support"], ["bob"]) }));
            return 0;
        });
    }

    [Fact]
    public async Task A_database_before_the_rollups_across_operators_gets_them_and_projects_its_statistics_again()
    {
        await Storage.AppendAsync(Timeline("c1"), [Entry(1, "queued")]);
        await WithStatistics(async statistics =>
        {
            var start = await statistics.ReadCheckpointAsync();
            var entry = Assert.Single(await statistics.ReadFeedAsync(start, 10));
            return await statistics.CommitAsync(new StatsBatch(start, start with { Transaction = entry.Transaction, Position = entry.Position },
                [Offered("2026-03-02T09", "ann", 1), Offered("2026-03", "ann", 1)], new Dictionary<string, byte[]> { ["acme/conversation/c1"] = [1] }, [])
            {
                Minutes = [new StatsMinute("acme", "support", new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), 1, 0, 0, 0, 0)],
            });
        });
        var before = await WithStatistics(s => s.ReadCheckpointAsync());
        await Storage.DisposeAsync();
        await ExecuteSqlAsync(UndoAllOperators);
        Assert.Equal(NewestSchemaVersion - 1, await ReadSchemaVersionAsync());

        await OpenAsync();

        Assert.Equal(NewestSchemaVersion, await ReadSchemaVersionAsync());
        await WithStatistics(async statistics =>
        {
            Assert.Equal(new StatsCheckpoint(before.Generation + 1, 0, 0), await statistics.ReadCheckpointAsync());
            Assert.Empty(await statistics.ReadBucketsAsync([
                new StatsBucketKey("acme", "2026-03-02T09", "support", "ann", "Chat", ""), new StatsBucketKey("acme", "2026-03", "support", "ann", "Chat", "")]));
            Assert.Empty(await statistics.ReadSourceStatesAsync(["acme/conversation/c1"]));
            Assert.Empty(await statistics.ReadMinutesAsync("acme", new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero)));
            Assert.Single(await statistics.ReadFeedAsync(await statistics.ReadCheckpointAsync(), 10)); // to be projected again
            var now = await statistics.ReadCheckpointAsync();
            Assert.True(await statistics.CommitAsync(new StatsBatch(now, now, [AllOperators("2026-03", 5)], new Dictionary<string, byte[]>(), [])));
            Assert.Equal(5, (await statistics.QueryAsync(new StatsQuery("acme", "2026-03-01T00", "2026-04-01T00", []))).Single().Counters[(int)StatsMeasure.Offered]);
            return 0;
        });
    }
}
