using Routing.GrainInterfaces;
using Routing.Storage.Statistics;

namespace Routing.Grains.Tests.Statistics;

/// <summary>
/// The live minute counts the projection writes beside the hours (issue 13), on SQLite and a real PostgreSQL: one row
/// per department and UTC minute with what happened in it, counted once whatever crashes, pruned, rebuilt the same.
/// </summary>
public sealed class StatisticsMinuteTests
{
    public static TheoryData<string> Providers => StatsWorld.Providers;

    // support (60 s target): c1 answered in 30 s, c2 answered in 90 s (a miss), c3 abandoned (a miss); tokyo (no target): c4 answered.
    private static async Task Dialogs(StatsWorld world)
    {
        await world.Answered("c1", 0, "ann", reply: 30);
        await world.Answered("c2", 100, "bob", reply: 90);
        await world.Event("c3", 130, ConversationChangeKinds.Queued, detail: "Chat");
        await world.Event("c3", 200, ConversationChangeKinds.Closed, detail: "customer");
        await world.Event("c4", 150, ConversationChangeKinds.Queued, department: "tokyo", detail: "Chat");
        await world.Event("c4", 400, ConversationChangeKinds.FirstResponse, "cat", "tokyo");
    }

    private static StatsMinute Row(string department, int minute, long arrivals, long answered, long abandoned, long slaMeasured, long slaMet) =>
        new("acme", department, StatsWorld.T0.AddMinutes(minute), arrivals, answered, abandoned, slaMeasured, slaMet);

    private static readonly StatsMinute[] Expected =
    [
        Row("support", 0, 1, 1, 0, 1, 1),
        Row("support", 1, 1, 0, 0, 0, 0),
        Row("support", 2, 1, 0, 0, 0, 0),
        Row("tokyo", 2, 1, 0, 0, 0, 0),
        Row("support", 3, 0, 1, 1, 2, 0),
        Row("tokyo", 6, 0, 1, 0, 0, 0),
    ];

    private static Task<IReadOnlyList<StatsMinute>> Minutes(StatsWorld world) =>
        world.Statistics().ReadMinutesAsync("acme", StatsWorld.T0.AddHours(-3), StatsWorld.T0.AddHours(3));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Each_minute_holds_the_arrivals_answers_abandons_and_sla_of_its_events_and_agrees_with_the_hours(string provider)
    {
        await using var world = await StatsWorld.CreateAsync(provider);
        await Dialogs(world);

        await world.Projector(batchSize: 3).CatchUpAsync();

        Assert.Equal(Expected, await Minutes(world));
        var hours = await world.Statistics().QueryAsync(new StatsQuery("acme", "2026-03-02T00", "2026-03-03T00", [StatsGroup.Department]));
        foreach (var hour in hours)
        {
            var minutes = Expected.Where(m => m.Department == hour.Group[0]).Aggregate((sum, m) => sum.Plus(m));
            Assert.Equal([hour.Counters[(int)StatsMeasure.Offered], hour.Counters[(int)StatsMeasure.Answered], hour.Counters[(int)StatsMeasure.Abandoned],
                hour.Counters[(int)StatsMeasure.SlaMeasured], hour.Counters[(int)StatsMeasure.SlaMet]],
                new[] { minutes.Arrivals, minutes.Answered, minutes.Abandoned, minutes.SlaMeasured, minutes.SlaMet });
        }
        Assert.Equal([Row("support", 1, 1, 0, 0, 0, 0)], await world.Statistics().ReadMinutesAsync("acme", StatsWorld.T0.AddMinutes(1), StatsWorld.T0.AddMinutes(2)));
        Assert.Empty(await world.Statistics().ReadMinutesAsync("other", StatsWorld.T0.AddHours(-3), StatsWorld.T0.AddHours(3)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_crash_in_the_middle_of_a_commit_and_the_replay_after_it_count_each_minute_once(string provider)
    {
        await using var world = await StatsWorld.CreateAsync(provider);
        await Dialogs(world);
        var statistics = world.Statistics();

        await Assert.ThrowsAnyAsync<Exception>(() => world.Projector(new CrashingStatisticsStore(statistics, crashAt: 2)).CatchUpAsync());
        Assert.Equal([Row("support", 0, 1, 1, 0, 1, 1)], await Minutes(world)); // the first batch (c1's queued, assigned, first reply) only

        await world.Projector().CatchUpAsync();
        await world.Projector().CatchUpAsync();

        Assert.Equal(Expected, await Minutes(world));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Minutes_older_than_the_kept_hours_before_the_newest_event_are_pruned_and_a_rebuild_gives_the_same_rows(string provider)
    {
        await using var world = await StatsWorld.CreateAsync(provider);
        await Dialogs(world);
        await world.Projector().CatchUpAsync();
        // At 11:06 and 11:06:30: the minutes from 09:06 on are kept (the one two hours before the newest event's), older ones not.
        await world.Event("c5", 2 * 3_600 + 6 * 60, ConversationChangeKinds.Queued, detail: "Chat");
        await world.Event("c6", 2 * 3_600 + 6 * 60 + 30, ConversationChangeKinds.Queued, detail: "Chat");
        await world.Projector().CatchUpAsync();

        var kept = new[] { Row("tokyo", 6, 0, 1, 0, 0, 0), Row("support", 126, 2, 0, 0, 0, 0) };
        Assert.Equal(kept, await Minutes(world));

        await world.Projector().RebuildAsync();

        Assert.Equal(kept, await Minutes(world));
    }
}
