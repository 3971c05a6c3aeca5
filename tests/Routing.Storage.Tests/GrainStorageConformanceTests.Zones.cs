using Routing.Storage.Statistics;

namespace Routing.Storage.Tests;

// A report in the workspace's time zone (issue 13) reads each zone's buckets apart: a scope of departments and status
// operators (or all but them), and low ratings between two instants.
public abstract partial class GrainStorageConformanceTests
{
    private static StatsBucket OfferedBy(string department, string op, long offered)
    {
        var bucket = StatsBucket.Empty(new StatsBucketKey("acme", "2026-03-02", department, op, department == "" ? "" : "Chat", ""));
        bucket.Counters[(int)StatsMeasure.Offered] = offered;
        return bucket;
    }

    [Fact]
    public async Task A_scope_reads_its_departments_and_status_operators_and_its_exception_reads_every_other_bucket()
    {
        await WithStatistics(async statistics =>
        {
            var start = await statistics.ReadCheckpointAsync();
            // Day rollups (the scope applies in every grain's table); distinct powers of ten, so each sum tells which were read.
            Assert.True(await statistics.CommitAsync(new StatsBatch(start, start, [
                OfferedBy("sales", "ann", 1), OfferedBy("sales", "", 10), OfferedBy("support", "ann", 100), OfferedBy("gone", "", 1_000),
                OfferedBy("", "ann", 10_000), OfferedBy("", "bob", 100_000), OfferedBy("", "cy", 1_000_000),
            ], new Dictionary<string, byte[]>(), [])));

            // The rows per operator (the rollups across operators, which hold no status operator, have their own test).
            async Task<long> OfferedIn(StatsScope? scope) => (await statistics.QueryAsync(
                new StatsQuery("acme", "2026-03-02T00", "2026-03-03T00", [StatsGroup.Day]) { Scope = scope, PerOperator = true }))
                .Sum(r => r.Counters[(int)StatsMeasure.Offered]);

            Assert.Equal(1_111_111, await OfferedIn(null));
            Assert.Equal(1 + 10 + 100_000, await OfferedIn(new StatsScope(["sales"], ["bob"])));
            Assert.Equal(100 + 1_000 + 10_000 + 1_000_000, await OfferedIn(new StatsScope(["sales"], ["bob"], Except: true)));
            Assert.Equal(10_000 + 1_000_000, await OfferedIn(new StatsScope([], ["ann", "cy"])));
            Assert.Equal(1_111_111, await OfferedIn(new StatsScope([], [], Except: true)));
            return 0;
        });
    }

    [Fact]
    public async Task Low_ratings_between_two_instants_are_those_rated_then_whatever_hour_they_are_keyed_in()
    {
        await WithStatistics(async statistics =>
        {
            var start = await statistics.ReadCheckpointAsync();
            var at = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
            StatsRating Rated(string id, string hour, TimeSpan after) => new("acme", id, hour, "support", "ann", 1, 5, at + after);
            Assert.True(await statistics.CommitAsync(new StatsBatch(start, start, [], new Dictionary<string, byte[]>(), [
                Rated("before", "2026-03-03T00", TimeSpan.FromSeconds(-1)), Rated("first", "2026-03-03T00", TimeSpan.Zero),
                Rated("last", "2026-03-02T10", TimeSpan.FromMinutes(59)), Rated("after", "2026-03-02T11", TimeSpan.FromHours(1)),
            ])));

            var byInstant = await statistics.LowRatingsAsync(new StatsRatingQuery("acme", "", "", 2, 10) { Instants = (at, at.AddHours(1)) });
            var byHour = await statistics.LowRatingsAsync(new StatsRatingQuery("acme", "2026-03-02T10", "2026-03-02T11", 2, 10));

            Assert.Equal(["first", "last"], byInstant.Select(r => r.ConversationId));
            Assert.Equal(["last"], byHour.Select(r => r.ConversationId));
            return 0;
        });
    }
}
