using Routing.GrainInterfaces;
using Routing.Storage.Statistics;

namespace Routing.Grains.Tests.Statistics;

/// <summary>
/// The day and month rollups the projection writes beside the hours, and the rollups across operators of all three, on
/// SQLite and a real PostgreSQL.
/// </summary>
public sealed class StatisticsRollupTests
{
    public static TheoryData<string> Providers => StatsWorld.Providers;

    // Periods with ragged hours, whole days, whole months, a period inside one day, one across a year's end, and one that
    // starts on a Tokyo midnight (15:00 UTC) so local days and UTC days differ.
    private static readonly (string From, string To)[] Periods =
    [
        ("2026-01-01T00", "2027-01-01T00"), ("2026-02-27T13", "2026-05-02T07"), ("2026-03-01T00", "2026-04-01T00"),
        ("2026-03-02T09", "2026-03-02T17"), ("2026-03-15T00", "2026-04-15T00"), ("2025-12-31T23", "2026-03-03T01"),
        ("2026-03-31T15", "2026-04-30T15"),
    ];

    private static readonly StatsGroup[][] Groupings =
    [
        [], [StatsGroup.Department], [StatsGroup.Month, StatsGroup.Operator], [StatsGroup.Day, StatsGroup.Department],
        [StatsGroup.Channel, StatsGroup.Topic],
    ];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_period_query_from_the_rollups_equals_the_same_query_from_every_operators_hour_buckets_only(string provider)
    {
        await using var world = await StatsWorld.CreateAsync(provider);
        // 60 dialogs from mid-February to early May (T0 is 2 March, 09:00 UTC), half in Tokyo's department, a few
        // closed near midnight and month ends, with times spread so percentiles differ per group.
        var random = new Random(13);
        for (var i = 0; i < 60; i++)
        {
            var at = random.Next(-15 * 86_400, 64 * 86_400);
            var department = i % 2 == 0 ? "support" : "tokyo";
            var op = $"op{i % 4}";
            await world.Event($"c{i}", at, ConversationChangeKinds.Queued, department: department, detail: i % 3 == 0 ? "Email" : "Chat");
            await world.Event($"c{i}", at + 10 + i, ConversationChangeKinds.Assigned, op, department);
            await world.Event($"c{i}", at + 20 + random.Next(600), ConversationChangeKinds.FirstResponse, op, department);
            await world.Event($"c{i}", at + 700 + 3_600 * (i % 5) + random.Next(7_200), ConversationChangeKinds.Closed, op, department, detail: "operator");
            if (i % 6 == 0) await world.Event($"c{i}", at + 90_000, ConversationChangeKinds.Rated, op, department, detail: $"{1 + i % 5}/5");
        }
        await world.Projector(batchSize: 7).CatchUpAsync();
        var statistics = world.Statistics();

        var acrossOperators = 0;
        foreach (var (from, to) in Periods)
        foreach (var groups in Groupings)
        foreach (var filtered in Filters(new StatsQuery("acme", from, to, groups)))
        foreach (var query in new[] { filtered, filtered with { Coarsest = StatsGrain.Hour }, filtered with { PerOperator = true } })
        {
            var fromRollups = StatsWorld.Text(await statistics.QueryAsync(query));
            var fromHours = StatsWorld.Text(await statistics.QueryAsync(query with { Coarsest = StatsGrain.Hour, PerOperator = true }));

            Assert.True(fromHours == fromRollups, $"{from}..{to} by {string.Join(",", groups)} ({query}):\nhours:\n{fromHours}\nrollups:\n{fromRollups}");
            if (query.ReadsAllOperators && fromRollups.Length > 0) acrossOperators++;
        }
        Assert.True(acrossOperators > 100, $"{acrossOperators} queries read the rollups across operators");
        var year = Assert.Single(await statistics.QueryAsync(new StatsQuery("acme", "2026-01-01T00", "2027-01-01T00", [])));
        Assert.Equal(60, year.Counters[(int)StatsMeasure.Offered]); // the year is answered from month rows, and counts every dialog
    }

    // The query as it is, filtered to a department, to an operator, and scoped to Tokyo's buckets (with and without an
    // operator's status buckets), as the workspace-zone path scopes its parts.
    private static IEnumerable<StatsQuery> Filters(StatsQuery query) =>
    [
        query, query with { Department = "tokyo" }, query with { Operator = "op1" }, query with { Scope = new StatsScope(["tokyo"], []) },
        query with { Scope = new StatsScope(["tokyo"], [], Except: true) }, query with { Scope = new StatsScope(["tokyo"], ["op2"]) },
    ];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_rebuild_recomputes_the_rollups_to_the_same_numbers(string provider)
    {
        await using var world = await StatsWorld.CreateAsync(provider);
        await world.Answered("c1", 0, "ann", reply: 30);
        await world.Answered("c2", 86_400 * 31, "bob", reply: 90); // in April
        await world.Projector().CatchUpAsync();
        var statistics = world.Statistics();
        var query = new StatsQuery("acme", "2026-03-01T00", "2026-05-01T00", [StatsGroup.Month, StatsGroup.Operator]);
        var byDepartment = query with { GroupBy = [StatsGroup.Month, StatsGroup.Department] }; // across operators
        var incremental = StatsWorld.Text(await statistics.QueryAsync(query));
        var incrementalByDepartment = StatsWorld.Text(await statistics.QueryAsync(byDepartment));

        await world.Projector().RebuildAsync();

        Assert.Equal(incremental, StatsWorld.Text(await statistics.QueryAsync(query)));
        Assert.Equal(incrementalByDepartment, StatsWorld.Text(await statistics.QueryAsync(byDepartment)));
        Assert.Equal(["2026-03|support", "2026-04|support"], (await statistics.QueryAsync(byDepartment)).Select(r => string.Join("|", r.Group)));
        Assert.Equal(["2026-03|", "2026-03|ann", "2026-04|", "2026-04|bob"], (await statistics.QueryAsync(query)).Select(r => string.Join("|", r.Group)));
    }
}
