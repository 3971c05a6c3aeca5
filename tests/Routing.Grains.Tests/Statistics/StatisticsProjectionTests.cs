using Routing.GrainInterfaces;
using Routing.Grains.Policies.Statistics;
using Routing.Storage.Statistics;

namespace Routing.Grains.Tests.Statistics;

/// <summary>The projection from stored timelines into the statistics tables, on SQLite and a real PostgreSQL.</summary>
public sealed class StatisticsProjectionTests
{
    public static TheoryData<string> Providers => StatsWorld.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Stored_timelines_are_counted_once_in_their_hours_buckets(string provider)
    {
        await using var world = await StatsWorld.CreateAsync(provider);
        await world.Answered("c1", 0, "ann", reply: 30);
        await world.Answered("c2", 600, "bob", reply: 90);
        await world.Event("c3", 3700, ConversationChangeKinds.Queued, detail: "Email");
        await world.Event("c3", 3760, ConversationChangeKinds.Closed, detail: "customer");
        var projector = world.Projector();

        Assert.Equal(10, await projector.CatchUpAsync());
        Assert.Equal(0, await projector.CatchUpAsync());

        var total = await world.Total();
        Assert.Equal(3, total.Counters[(int)StatsMeasure.Offered]);
        Assert.Equal(2, total.Counters[(int)StatsMeasure.Answered]);
        Assert.Equal(1, total.Counters[(int)StatsMeasure.Abandoned]);
        Assert.Equal(3, total.Counters[(int)StatsMeasure.Closed]);
        Assert.Equal((3L, 1L), (total.Counters[(int)StatsMeasure.SlaMeasured], total.Counters[(int)StatsMeasure.SlaMet]));
        Assert.Equal(120_000, total.Counters[(int)StatsMeasure.FirstResponseMs]);
        var byHour = await world.Statistics().QueryAsync(new StatsQuery("acme", "2026-03-02T00", "2026-03-03T00", [StatsGroup.Hour]));
        Assert.Equal(["2026-03-02T09", "2026-03-02T10"], byHour.Select(r => r.Group[0]));
        Assert.Equal([2L, 1L], byHour.Select(r => r.Counters[(int)StatsMeasure.Offered]));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_late_event_lands_in_its_own_hour_and_a_rebuild_gives_the_same_numbers(string provider)
    {
        await using var world = await StatsWorld.CreateAsync(provider);
        await world.Answered("c1", 0, "ann", reply: 30);
        var projector = world.Projector();
        await projector.CatchUpAsync();
        // Appended after the 09:00 hour was projected, though it happened then (a conversation's event of 09:20).
        await world.Event("c2", 1200, ConversationChangeKinds.Queued, detail: "Chat");
        await world.Event("c1", 7200, ConversationChangeKinds.Rated, "ann", detail: "1/5");
        await projector.CatchUpAsync();

        var byHour = await world.Statistics().QueryAsync(new StatsQuery("acme", "2026-03-02T00", "2026-03-03T00", [StatsGroup.Hour]));
        Assert.Equal(2, byHour.Single(r => r.Group[0] == "2026-03-02T09").Counters[(int)StatsMeasure.Offered]);
        Assert.Equal(1, byHour.Single(r => r.Group[0] == "2026-03-02T11").Counters[(int)StatsMeasure.Ratings]);
        var incremental = await world.Snapshot();

        Assert.Equal(6, await world.Projector().RebuildAsync());

        Assert.Equal(incremental, await world.Snapshot());
        var low = Assert.Single(await world.Statistics().LowRatingsAsync(new StatsRatingQuery("acme", "2026-03-02T00", "2026-03-03T00", 2, 10)));
        Assert.Equal(("c1", "ann", 1, 5), (low.ConversationId, low.Operator, low.Score, low.Scale));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_crash_in_the_middle_of_a_projection_commit_leaves_numbers_identical_to_a_rebuild(string provider)
    {
        await using var world = await StatsWorld.CreateAsync(provider);
        await world.Answered("c1", 0, "ann", reply: 30);
        await world.Answered("c2", 100, "bob", reply: 70);
        await world.Event("c3", 200, ConversationChangeKinds.Queued, detail: "Chat");
        var statistics = world.Statistics();

        // Batches of 3: the first commits, the second fails after writing part of its transaction.
        await Assert.ThrowsAnyAsync<Exception>(() => world.Projector(new CrashingStatisticsStore(statistics, crashAt: 2)).CatchUpAsync());
        Assert.Equal(6, (await statistics.ReadFeedAsync(await statistics.ReadCheckpointAsync(), 100)).Count);
        Assert.Equal(1, (await world.Total()).Counters[(int)StatsMeasure.Offered]);

        // The restart: a new projector on new connections goes on from the checkpoint the crash left.
        Assert.Equal(6, await world.Projector().CatchUpAsync());
        var restarted = await world.Snapshot();

        Assert.Equal(9, await world.Projector().RebuildAsync());
        Assert.Equal(restarted, await world.Snapshot());
        var total = await world.Total();
        Assert.Equal((3L, 2L, 2L), (total.Counters[(int)StatsMeasure.Offered], total.Counters[(int)StatsMeasure.Answered], total.Counters[(int)StatsMeasure.Closed]));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Projectors_running_at_once_count_each_event_once(string provider)
    {
        await using var world = await StatsWorld.CreateAsync(provider);
        for (var i = 0; i < 12; i++) await world.Answered($"c{i}", i * 60, i % 2 == 0 ? "ann" : "bob", reply: 20 + i);

        var counted = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => world.Projector(batchSize: 5).CatchUpAsync())));

        Assert.Equal(48, counted.Sum());
        var total = await world.Total();
        Assert.Equal(12, total.Counters[(int)StatsMeasure.Offered]);
        Assert.Equal(12, total.Counters[(int)StatsMeasure.Closed]);
        Assert.Equal(12, StatsBucketMath.Merge(total.Histograms[(int)StatsTime.FirstResponse]).TotalCount);
    }
}
