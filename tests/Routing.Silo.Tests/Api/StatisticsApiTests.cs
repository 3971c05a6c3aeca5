using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Routing.Testing;

namespace Routing.Silo.Tests.Api;

/// <summary>
/// R20 end to end: dialogs driven through the API on a fake clock, then every measure read back over REST (JSON and
/// CSV), the low-rated dialogs, the previous period, a rebuild that gives the same numbers, and bad parameters refused.
/// </summary>
public sealed class StatisticsApiTests
{
    private const string W = "/v1/workspaces/acme";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero); // a Monday, 09:00 UTC

    [Fact]
    public async Task A_known_morning_gives_every_measure_who_answered_within_the_sla_who_abandoned_and_the_handle_times()
    {
        var clock = new FakeTimeProvider(Start);
        await using var world = await ApiWorld.StartAsync(builder => builder.Services.UseFakeClockForGrains(clock));
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        var supervisor = await world.CreateKeyAsync("acme", admin, "supervisor");
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin,
            new { name = "Support", timeZoneId = "UTC", firstResponseTarget = "00:01:00", ratingScale = 5, ratingPromptAfterMessages = 0 });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 2, departments = new[] { new { departmentId = "support" } } });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann/status", admin, new { status = "online" });
        var ann = await Tokens.OperatorAsync(world, "acme", admin, "ann");

        async Task<string> Write(string visitor) =>
            (await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = visitor, text = "hello" }))
            .GetProperty("conversationId").GetString()!;
        async Task Reply(string conversation)
        {
            using var replied = await world.SendAsync(HttpMethod.Post, $"{W}/operator/conversations/{conversation}/messages", ann, new { text = "hi" });
            Assert.Equal(HttpStatusCode.Accepted, replied.StatusCode);
        }

        // 09:00 fast answered (30 s, within the 60 s target); 09:00:40 slow answered (100 s); 09:02:30 queued, then closed unanswered.
        var fast = await Write("v1");
        clock.Advance(TimeSpan.FromSeconds(30));
        await Reply(fast);
        clock.Advance(TimeSpan.FromSeconds(10));
        var slow = await Write("v2");
        clock.Advance(TimeSpan.FromSeconds(100));
        await Reply(slow);
        clock.Advance(TimeSpan.FromSeconds(10));
        var abandoned = await Write("v3");
        clock.Advance(TimeSpan.FromSeconds(20));
        await world.OkAsync(HttpMethod.Post, $"{W}/conversations/{abandoned}/close", supervisor);
        clock.Advance(TimeSpan.FromSeconds(430)); // 09:10:00: fast was ann's for 600 s
        await world.OkAsync(HttpMethod.Post, $"{W}/operator/conversations/{fast}/close", ann);
        await world.OkAsync(HttpMethod.Post, $"{W}/conversations/{fast}/rating", channel, new { score = 2 });
        clock.Advance(TimeSpan.FromSeconds(60)); // 09:11:00: slow was ann's for 620 s
        await world.OkAsync(HttpMethod.Post, $"{W}/operator/conversations/{slow}/close", ann);
        await world.OkAsync(HttpMethod.Post, $"{W}/conversations/{slow}/rating", channel, new { score = 5 });
        clock.Advance(TimeSpan.FromSeconds(60));
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann/status", supervisor, new { status = "away" }); // online 09:00-09:12

        var report = await world.GetJsonAsync($"{W}/stats?from=2026-03-02&to=2026-03-03&groupBy=operator", supervisor);

        var current = report.GetProperty("current");
        Assert.Equal("2026-03-02T00:00:00", current.GetProperty("from").GetString());
        var byOperator = current.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("group").GetProperty("operator").GetString()!, g => g.GetProperty("figures"));
        Assert.Equal(["", "ann"], byOperator.Keys.Order());
        var none = byOperator[""];
        Assert.Equal((3L, 1L, 1L, 3L, 1L), (L(none, "offered"), L(none, "abandoned"), L(none, "closed"), L(none, "customerMessages"), L(none, "slaMet")));
        Assert.Equal(3L, L(none, "slaMeasured"));
        Assert.Equal(1 / 3.0, none.GetProperty("slaShare").GetDouble(), 9);
        var annFigures = byOperator["ann"];
        Assert.Equal((2L, 2L, 2L, 2L, 0L, 0L), (L(annFigures, "assigned"), L(annFigures, "answered"), L(annFigures, "closed"), L(annFigures, "resolved"),
            L(annFigures, "transferred"), L(annFigures, "rescued")));
        Assert.Equal((2L, 2L), (L(annFigures, "operatorMessages"), L(annFigures, "ratings")));
        Assert.Equal((0.25 + 1) / 2, annFigures.GetProperty("ratingAverage").GetDouble(), 9);
        Assert.Equal((720.0, 0.0), (annFigures.GetProperty("onlineSeconds").GetDouble(), annFigures.GetProperty("awaySeconds").GetDouble()));
        AssertTimes(annFigures.GetProperty("firstResponse"), count: 2, average: 65, p50: 30, p99: 100);
        AssertTimes(annFigures.GetProperty("wait"), count: 2, average: 0, p50: 0, p99: 0);
        AssertTimes(annFigures.GetProperty("handle"), count: 2, average: 610, p50: 600, p99: 620);
        var previous = report.GetProperty("previous");
        Assert.Equal(("2026-03-01T00:00:00", 0), (previous.GetProperty("from").GetString(), previous.GetProperty("groups").GetArrayLength()));

        var low = await world.GetJsonAsync($"{W}/stats/low-rated?from=2026-03-02&to=2026-03-03&maxScore=2", supervisor);
        var only = Assert.Single(low.EnumerateArray());
        Assert.Equal((fast, "ann", 2, 5), (only.GetProperty("conversationId").GetString(), only.GetProperty("operatorId").GetString(),
            only.GetProperty("score").GetInt32(), only.GetProperty("scale").GetInt32()));

        var csv = await CsvAsync(world, $"{W}/stats?from=2026-03-02T09:00&to=2026-03-02T10:00&groupBy=hour,department&format=csv", supervisor);
        Assert.Equal(3, csv.Length); // the header, the dialogs of support, the operators' status time (no department)
        Assert.StartsWith("period,from,to,hour,department,offered,assigned,answered,", csv[0]);
        Assert.StartsWith("current,2026-03-02T09:00,2026-03-02T10:00,2026-03-02T09,,0,0,0,", csv[1]);
        Assert.EndsWith(",720,0,0,0,0", csv[1]);
        Assert.StartsWith("current,2026-03-02T09:00,2026-03-02T10:00,2026-03-02T09,support,3,2,2,", csv[2]);

        // A rebuild from the timelines gives the same numbers.
        var rebuilt = await world.OkAsync(HttpMethod.Post, "/v1/statistics/rebuild", ApiWorld.BootstrapKey);
        long events = 0;
        foreach (var conversation in new[] { fast, slow, abandoned })
            events += (await world.GetJsonAsync($"{W}/conversations/{conversation}/timeline", supervisor)).GetArrayLength();
        Assert.Equal(events + 3, rebuilt.GetProperty("projectedEvents").GetInt64()); // and ann's statuses: configured (offline), online, away
        Assert.Equal(report.ToString(), (await world.GetJsonAsync($"{W}/stats?from=2026-03-02&to=2026-03-03&groupBy=operator", supervisor)).ToString());
    }

    [Theory]
    [InlineData("stats", "from=2026-03-02", "to is required")]
    [InlineData("stats", "from=yesterday&to=2026-03-03", "from 'yesterday'")]
    [InlineData("stats", "from=2026-03-02T09:30&to=2026-03-03", "whole hours")]
    [InlineData("stats", "from=2026-03-03&to=2026-03-02", "to must be after from")]
    [InlineData("stats", "from=2026-03-02&to=2026-03-03&groupBy=hour,weekday", "groupBy 'weekday'")]
    [InlineData("stats", "from=2026-03-02&to=2026-03-03&groupBy=hour,day", "one of hour, day and month")]
    [InlineData("stats", "from=2026-03-02&to=2026-03-03&groupBy=3", "groupBy '3'")]
    [InlineData("stats", "from=2026-03-02&to=2026-03-03&format=xml", "format 'xml'")]
    [InlineData("stats", "from=2026-03-02&to=2026-03-03&departmentId=a/b", "departmentId")]
    [InlineData("stats", "from=2020-01-01&to=2026-03-03", "at most")]
    [InlineData("stats/low-rated", "from=2026-03-02&to=2026-03-03&maxScore=0", "maxScore")]
    [InlineData("stats/low-rated", "from=2026-03-02&to=2026-03-03&limit=5000", "limit")]
    [InlineData("stats/low-rated", "to=2026-03-03", "from is required")]
    public async Task Bad_parameters_are_refused_with_invalid_request_naming_the_problem(string endpoint, string query, string detail)
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");

        using var response = await world.SendAsync(HttpMethod.Get, $"{W}/{endpoint}?{query}", admin);

        var problem = await ApiWorld.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
    }

    private static long L(JsonElement figures, string name) => figures.GetProperty(name).GetInt64();

    private static void AssertTimes(JsonElement times, long count, double average, double p50, double p99)
    {
        Assert.Equal(count, times.GetProperty("count").GetInt64());
        Assert.Equal(average, times.GetProperty("averageSeconds").GetDouble(), 3);
        Assert.Equal(p50, times.GetProperty("p50Seconds").GetDouble(), p50 / 100 + 0.001); // HdrHistogram: 2 significant digits
        Assert.Equal(p99, times.GetProperty("p99Seconds").GetDouble(), p99 / 100 + 0.001);
    }

    private static async Task<string[]> CsvAsync(ApiWorld world, string path, string key)
    {
        using var response = await world.SendAsync(HttpMethod.Get, path, key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }
}
