using Routing.Storage.Statistics;

namespace Routing.Storage.Tests;

// The statistics tables (schema version 4): the feed of timeline rows, the checkpoint compared on commit, the buckets.
public abstract partial class GrainStorageConformanceTests
{
    private static GrainLogKey Timeline(string conversation) => LogKey("acme/conversation/" + conversation, "timeline");

    private async Task<T> WithStatistics<T>(Func<IStatisticsStore, Task<T>> use)
    {
        var statistics = CreateStatistics();
        try
        {
            return await use(statistics);
        }
        finally
        {
            if (statistics is IAsyncDisposable disposable) await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_feed_lists_appended_timeline_rows_in_order_with_their_payloads_and_nothing_else()
    {
        await Storage.AppendAsync(Timeline("c1"), [Entry(1, "queued"), Entry(2, "assigned")]);
        await Storage.AppendAsync(LogKey("acme/conversation/c1", "messages"), [Entry(1, "hello")]);
        await Storage.AppendAsync(LogKey("acme/department/d1", "timeline", grainType: "department"), [Entry(1, "not a conversation")]);
        await Storage.AppendAsync(Timeline("c2"), [Entry(1, "queued")]);

        var feed = await WithStatistics(s => s.ReadFeedAsync(new StatsCheckpoint(0, 0, 0), 10));

        Assert.Equal([("acme/conversation/c1", 1L, "queued"), ("acme/conversation/c1", 2L, "assigned"), ("acme/conversation/c2", 1L, "queued")],
            feed.Select(e => (e.GrainKey, e.Sequence, Text(e.Payload))));
        Assert.All(feed, e => Assert.Equal(("conversation", "timeline"), (e.GrainType, e.LogName)));
        var after = await WithStatistics(s => s.ReadFeedAsync(new StatsCheckpoint(0, feed[1].Transaction, feed[1].Position), 10));
        Assert.Equal("acme/conversation/c2", Assert.Single(after).GrainKey);
    }

    [Fact]
    public async Task A_refused_append_leaves_no_feed_row()
    {
        await Storage.AppendAsync(Timeline("c1"), [Entry(1, "queued")]);

        await Assert.ThrowsAsync<VersionConflictException>(() => Storage.AppendAsync(Timeline("c1"), [Entry(2, "new"), Entry(1, "again")]));

        Assert.Single(await WithStatistics(s => s.ReadFeedAsync(new StatsCheckpoint(0, 0, 0), 10)));
    }

    [Fact]
    public async Task A_commit_moves_the_checkpoint_only_from_where_it_expected_it()
    {
        await Storage.AppendAsync(Timeline("c1"), [Entry(1, "queued")]);
        await WithStatistics(async statistics =>
        {
            var start = await statistics.ReadCheckpointAsync();
            var entry = Assert.Single(await statistics.ReadFeedAsync(start, 10));
            var next = start with { Transaction = entry.Transaction, Position = entry.Position };
            var key = new StatsBucketKey("acme", "2026-03-02T09", "support", "", "Chat", "");
            var bucket = StatsBucket.Empty(key);
            bucket.Counters[(int)StatsMeasure.Offered] = 1;
            bucket.Histograms[(int)StatsTime.Wait] = [1, 2, 3];
            var batch = new StatsBatch(start, next, [bucket], new Dictionary<string, byte[]> { ["acme/conversation/c1"] = [7] }, []);

            Assert.True(await statistics.CommitAsync(batch));
            Assert.False(await statistics.CommitAsync(batch)); // the checkpoint moved on: a second projector's copy is refused

            Assert.Equal(next, await statistics.ReadCheckpointAsync());
            var stored = Assert.Single(await statistics.ReadBucketsAsync([key, key with { Operator = "nobody" }]));
            Assert.Equal(1, stored.Counters[(int)StatsMeasure.Offered]);
            Assert.Equal([1, 2, 3], stored.Histograms[(int)StatsTime.Wait]);
            Assert.Null(stored.Histograms[(int)StatsTime.Handle]);
            Assert.Equal([7], (await statistics.ReadSourceStatesAsync(["acme/conversation/c1", "acme/conversation/c9"]))["acme/conversation/c1"]);
            Assert.Empty(await statistics.ReadFeedAsync(next, 10));

            await statistics.ResetAsync();

            Assert.Equal(new StatsCheckpoint(start.Generation + 1, 0, 0), await statistics.ReadCheckpointAsync());
            Assert.Empty(await statistics.ReadBucketsAsync([key]));
            Assert.False(await statistics.CommitAsync(batch)); // read before the rebuild: refused after it
            return 0;
        });
    }

    [Fact]
    public async Task Queries_sum_counters_per_group_in_sql_and_return_each_groups_histograms()
    {
        await WithStatistics(async statistics =>
        {
            StatsBucket Bucket(string hour, string op, long offered, byte[]? wait)
            {
                var bucket = StatsBucket.Empty(new StatsBucketKey("acme", hour, "support", op, "Chat", ""));
                bucket.Counters[(int)StatsMeasure.Offered] = offered;
                bucket.Histograms[(int)StatsTime.Wait] = wait;
                return bucket;
            }
            var other = StatsBucket.Empty(new StatsBucketKey("other", "2026-03-02T09", "support", "", "Chat", ""));
            other.Counters[(int)StatsMeasure.Offered] = 100;
            var start = await statistics.ReadCheckpointAsync();
            Assert.True(await statistics.CommitAsync(new StatsBatch(start, start with { Position = start.Position }, [
                Bucket("2026-03-02T09", "ann", 2, [1]), Bucket("2026-03-02T10", "ann", 3, [2]), Bucket("2026-03-03T09", "bob", 4, null),
                Bucket("2026-04-01T00", "bob", 50, null), other,
            ], new Dictionary<string, byte[]>(), [])));

            // Hour buckets per operator only were written (no rollups): read them alone.
            var byDay = await statistics.QueryAsync(new StatsQuery("acme", "2026-03-01T00", "2026-04-01T00", [StatsGroup.Day]) { Coarsest = StatsGrain.Hour, PerOperator = true });
            var byOperator = await statistics.QueryAsync(new StatsQuery("acme", "2026-03-01T00", "2026-04-01T00", [StatsGroup.Operator]) { Operator = "ann", Coarsest = StatsGrain.Hour });

            Assert.Equal([(["2026-03-02"], 5L, 2), (["2026-03-03"], 4L, 0)],
                byDay.Select(r => (r.Group.ToArray(), r.Counters[(int)StatsMeasure.Offered], r.Histograms[(int)StatsTime.Wait].Count)));
            var ann = Assert.Single(byOperator);
            Assert.Equal(["ann"], ann.Group);
            Assert.Equal(5, ann.Counters[(int)StatsMeasure.Offered]);
            return 0;
        });
    }

    [Fact]
    public async Task A_database_at_schema_version_3_gets_a_feed_of_the_timelines_it_already_has()
    {
        await Storage.AppendAsync(Timeline("c1"), [Entry(1, "queued"), Entry(2, "closed")]);
        await Storage.DisposeAsync();
        await ExecuteSqlAsync(UndoStatistics);
        Assert.Equal(3, await ReadSchemaVersionAsync());

        var upgraded = await OpenAsync();
        await upgraded.AppendAsync(Timeline("c1"), [Entry(3, "rated")]);

        Assert.Equal(NewestSchemaVersion, await ReadSchemaVersionAsync());
        Assert.Equal(["queued", "closed", "rated"], (await WithStatistics(s => s.ReadFeedAsync(new StatsCheckpoint(0, 0, 0), 10))).Select(e => Text(e.Payload)));
    }
}

// Operator status changes: the feed lists a write of an operator's state only when its status changed.
public abstract partial class GrainStorageConformanceTests
{
    [Fact]
    public async Task The_feed_lists_an_operators_status_changes_with_the_state_version_and_nothing_for_other_writes()
    {
        var key = StateKey("acme/operator/ann", "operator", grainType: "operator");
        await Storage.WriteStateAsync(key, Bytes("""{"version":1,"status":0}"""), null);
        await Storage.WriteStateAsync(key, Bytes("""{"version":2,"status":1}"""), 1);
        await Storage.WriteStateAsync(key, Bytes("""{"version":3,"status":1,"lastAssignedAt":"x"}"""), 2);
        await Storage.WriteStateAsync(StateKey("acme/customer/c1", "customer", grainType: "customer"), Bytes("""{"status":1}"""), null);
        await Storage.WriteStateAsync(key, Bytes("""{"version":4,"status":2}"""), 3);

        var feed = await WithStatistics(s => s.ReadFeedAsync(new StatsCheckpoint(0, 0, 0), 10));

        Assert.Equal([1L, 2L, 4L], feed.Select(e => e.Sequence));
        Assert.All(feed, e => Assert.Equal(("operator", "acme/operator/ann", "status"), (e.GrainType, e.GrainKey, e.LogName)));
        var payloads = feed.Select(e => System.Text.Json.JsonDocument.Parse(e.Payload!).RootElement).ToList();
        Assert.Equal([0, 1, 2], payloads.Select(p => p.GetProperty("status").GetInt32()));
        Assert.All(payloads, p => Assert.InRange(p.GetProperty("at").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds() * 1000, DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds() * 1000));
    }
}
