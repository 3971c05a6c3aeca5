using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Routing.Testing;

namespace Routing.Silo.Tests.Api;

/// <summary>
/// Reports in the workspace's time zone (issue 13): a department counted in UTC, read by a workspace in Los Angeles
/// across the spring DST change; before a zone is set, each department's own days (as before).
/// </summary>
public sealed class StatisticsTimeZoneApiTests
{
    private const string W = "/v1/workspaces/acme";

    public static TheoryData<string> Stores => ["sqlite", "postgresql"];

    private static async Task<ApiWorld> StartAsync(string store, FakeTimeProvider clock)
    {
        if (store == "sqlite") return await ApiWorld.StartAsync(builder => builder.Services.UseFakeClockForGrains(clock));
        var server = await PostgresServer.GetSharedAsync();
        return await ApiWorld.StartAsync(builder => builder.Services.UseFakeClockForGrains(clock), "--Storage:Provider=postgresql",
            $"--Storage:PostgreSql:ConnectionString={await server.CreateDatabaseAsync("stats_zone")}", "--Cluster:Membership=loopback");
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Days_hours_and_period_bounds_follow_the_workspace_zone_across_a_dst_change(string store)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 8, 7, 30, 0, TimeSpan.Zero)); // Los Angeles: Sat 7 March 23:30 PST
        await using var world = await StartAsync(store, clock);
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        var supervisor = await world.CreateKeyAsync("acme", admin, "supervisor");
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support", timeZoneId = "UTC" });
        async Task Write(string visitor) =>
            await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = visitor, text = "hello" });

        await Write("v1");
        clock.Advance(TimeSpan.FromHours(23)); // 2026-03-09 06:30 UTC: Los Angeles Sun 8 March 23:30 PDT (a 23-hour day)
        await Write("v2");
        clock.Advance(TimeSpan.FromHours(1)); // 07:30 UTC: Mon 9 March 00:30 PDT
        await Write("v3");

        async Task<Dictionary<string, long>> OfferedBy(string query, string period = "current")
        {
            var report = await world.GetJsonAsync($"{W}/stats?{query}", supervisor);
            return report.GetProperty(period).GetProperty("groups").EnumerateArray().ToDictionary(
                g => string.Join(",", g.GetProperty("group").EnumerateObject().Select(p => p.Value.GetString())),
                g => g.GetProperty("figures").GetProperty("offered").GetInt64());
        }

        // No zone set: the department's own (UTC) days.
        Assert.Equal(new Dictionary<string, long> { ["2026-03-08"] = 1, ["2026-03-09"] = 2 }, await OfferedBy("from=2026-03-07&to=2026-03-10&groupBy=day"));

        await world.OkAsync(HttpMethod.Put, $"{W}/time-zone", admin, new { timeZoneId = "America/Los_Angeles" });

        Assert.Equal(new Dictionary<string, long> { ["2026-03-07"] = 1, ["2026-03-08"] = 1, ["2026-03-09"] = 1 },
            await OfferedBy("from=2026-03-07&to=2026-03-10&groupBy=day"));
        Assert.Equal(new Dictionary<string, long> { ["2026-03-08T23"] = 1 }, await OfferedBy("from=2026-03-08&to=2026-03-09&groupBy=hour"));
        Assert.Equal(new Dictionary<string, long> { ["2026-03-07T23"] = 1 }, await OfferedBy("from=2026-03-08&to=2026-03-09&groupBy=hour", "previous"));
        Assert.Equal(new Dictionary<string, long> { [""] = 1 }, await OfferedBy("from=2026-03-08&to=2026-03-09")); // a total: the day's bounds only
        Assert.Equal(new Dictionary<string, long> { ["2026-03,support"] = 3 }, await OfferedBy("from=2026-03-01&to=2026-04-01&groupBy=month,department"));
    }
}
