using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Routing.Testing;

namespace Routing.Silo.Tests.Api;

/// <summary>
/// Issue 15 end to end: an entry rule's priority and first-response target, configured over REST, order the queue, are
/// shown and kept with the conversation (across a restart), and the statistics' SLA measures each dialog against its own
/// target; bad rules are refused and change nothing; another workspace neither reads nor changes them.
/// </summary>
public sealed class TopicTermsApiTests
{
    private const string W = "/v1/workspaces/acme";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly object OutageRule = new
    {
        defaultDepartmentId = "support",
        rules = new object[] { new { departmentId = "support", topics = new[] { "outage" }, priority = "urgent", firstResponseTarget = "00:00:20" } },
    };

    [Fact]
    public async Task A_topics_priority_and_target_order_the_queue_show_on_the_dialog_and_count_in_the_sla()
    {
        var clock = new FakeTimeProvider(Start);
        await using var world = await ApiWorld.StartAsync(builder => builder.Services.UseFakeClockForGrains(clock));
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        var supervisor = await world.CreateKeyAsync("acme", admin, "supervisor");
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support", timeZoneId = "UTC", firstResponseTarget = "00:02:00" });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 2, departments = new[] { new { departmentId = "support" } } });
        var rules = await world.OkAsync(HttpMethod.Put, $"{W}/entry-routing", admin, OutageRule);
        Assert.Equal(("urgent", "00:00:20"), Terms(rules));
        Assert.Equal(("urgent", "00:00:20"), Terms(await world.GetJsonAsync($"{W}/entry-routing", admin)));

        async Task<string> Write(string visitor, string? topic) =>
            (await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = visitor, text = "hello", topic }))
            .GetProperty("conversationId").GetString()!;
        var plain = await Write("v1", null);
        var outage = await Write("v2", "Outage");

        var queue = await world.GetJsonAsync($"{W}/queues/support", supervisor);
        Assert.Equal([(outage, "urgent"), (plain, "normal")],
            queue.GetProperty("waiting").EnumerateArray().Select(d => (d.GetProperty("conversationId").GetString(), d.GetProperty("priority").GetString())));
        await AssertTerms(world, supervisor, outage, "00:00:20", "entryRule", Start.AddSeconds(20));
        await AssertTerms(world, supervisor, plain, "00:02:00", "department", Start.AddMinutes(2));

        // A later rule change does not move a running dialog's deadline.
        await world.OkAsync(HttpMethod.Put, $"{W}/entry-routing", admin, new { defaultDepartmentId = "support" });
        await world.RestartAsync();
        await AssertTerms(world, supervisor, outage, "00:00:20", "entryRule", Start.AddSeconds(20));

        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann/status", admin, new { status = "online" });
        var ann = await Tokens.OperatorAsync(world, "acme", admin, "ann");
        // Going online hands her both dialogs in the background: wait until she holds them before answering.
        await Eventually.True(async () => (await world.GetJsonAsync($"{W}/operator", ann)).GetProperty("conversations").GetArrayLength() == 2,
            "ann holds both dialogs");
        clock.Advance(TimeSpan.FromSeconds(30)); // both answered at 30 s: the topic's 20 s missed, the department's 2 min met
        foreach (var conversation in new[] { outage, plain })
        {
            using var replied = await world.SendAsync(HttpMethod.Post, $"{W}/operator/conversations/{conversation}/messages", ann, new { text = "hi" });
            Assert.Equal(HttpStatusCode.Accepted, replied.StatusCode);
        }

        var figures = (await world.GetJsonAsync($"{W}/stats?from=2026-03-02&to=2026-03-03", supervisor))
            .GetProperty("current").GetProperty("groups")[0].GetProperty("figures");
        Assert.Equal((2L, 1L), (figures.GetProperty("slaMeasured").GetInt64(), figures.GetProperty("slaMet").GetInt64()));
    }

    [Fact]
    public async Task A_department_without_a_target_gets_the_channels_default()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        var department = await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support", timeZoneId = "UTC" });
        Assert.False(department.TryGetProperty("firstResponseTarget", out var set) && set.ValueKind != JsonValueKind.Null); // none: the channel's default

        foreach (var (channelName, visitor, target) in new[] { ("chat", "v1", "00:01:00"), ("email", "bob@example.com", "04:00:00"), ("voice", "+4930123", "00:00:20") })
        {
            var id = (await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = channelName, externalCustomerId = visitor, text = "hello" }))
                .GetProperty("conversationId").GetString()!;
            var view = (await world.GetJsonAsync($"{W}/conversations/{id}", admin)).GetProperty("conversation");
            Assert.Equal((target, "channelDefault"), (view.GetProperty("firstResponseTarget").GetString(), view.GetProperty("firstResponseTargetSource").GetString()));
            Assert.Equal(TimeSpan.Parse(target), view.GetProperty("slaDueAt").GetDateTimeOffset() - view.GetProperty("createdAt").GetDateTimeOffset());
        }
    }

    [Fact]
    public async Task Bad_terms_are_refused_with_a_clear_problem_and_change_nothing_and_another_workspace_cannot_touch_them()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync("acme");
        var betaAdmin = await world.CreateWorkspaceAsync("beta");
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support" });
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/beta/departments/support", betaAdmin, new { name = "Support" });
        await world.OkAsync(HttpMethod.Put, $"{W}/entry-routing", admin, OutageRule);

        async Task Refused(object body, HttpStatusCode status, string code, string? detail)
        {
            using var response = await world.SendAsync(HttpMethod.Put, $"{W}/entry-routing", admin, body);
            var problem = await ApiWorld.AssertProblemAsync(response, status, code);
            if (detail is not null) Assert.Contains(detail, problem.GetProperty("detail").GetString());
        }
        object Rule(object priority, string target) =>
            new { defaultDepartmentId = "support", rules = new object[] { new { departmentId = "support", topics = new[] { "outage" }, priority, firstResponseTarget = target } } };
        await Refused(Rule("urgent", "00:00:00.500"), HttpStatusCode.BadRequest, "invalid-request", "rule 0: first response target must be at least 1 s");
        await Refused(Rule("urgent", "00:00:00"), HttpStatusCode.BadRequest, "invalid-request", "rule 0: first response target must be at least 1 s");
        await Refused(Rule("urgent", "40.00:00:00"), HttpStatusCode.BadRequest, "invalid-request", "rule 0: first response target must be at most 31 days");
        await Refused(Rule("mega", "00:00:20"), HttpStatusCode.BadRequest, "malformed-request", null);
        await Refused(Rule(30, "00:00:20"), HttpStatusCode.BadRequest, "malformed-request", null); // an enum sent as a number
        await Refused(Rule("urgent", "soon"), HttpStatusCode.BadRequest, "malformed-request", null);
        using (var department = await world.SendAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support", firstResponseTarget = "00:00:00.200" }))
            await ApiWorld.AssertProblemAsync(department, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal(("urgent", "00:00:20"), Terms(await world.GetJsonAsync($"{W}/entry-routing", admin)));

        // beta's admin neither reads nor replaces acme's rules; beta's own rule does not reach acme's dialogs.
        using (var read = await world.SendAsync(HttpMethod.Get, $"{W}/entry-routing", betaAdmin))
            await ApiWorld.AssertProblemAsync(read, HttpStatusCode.Forbidden, "forbidden");
        using (var write = await world.SendAsync(HttpMethod.Put, $"{W}/entry-routing", betaAdmin, Rule("low", "00:00:05")))
            await ApiWorld.AssertProblemAsync(write, HttpStatusCode.Forbidden, "forbidden");
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/beta/entry-routing", betaAdmin, Rule("low", "00:00:05"));
        Assert.Equal(("urgent", "00:00:20"), Terms(await world.GetJsonAsync($"{W}/entry-routing", admin)));
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        var id = (await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = "v1", text = "down", topic = "outage" }))
            .GetProperty("conversationId").GetString()!;
        await AssertTerms(world, admin, id, "00:00:20", "entryRule", null);
        using var foreign = await world.SendAsync(HttpMethod.Get, $"{W}/conversations/{id}", betaAdmin);
        await ApiWorld.AssertProblemAsync(foreign, HttpStatusCode.Forbidden, "forbidden");
    }

    private static (string?, string?) Terms(JsonElement routing)
    {
        var rule = routing.GetProperty("rules")[0];
        return (rule.GetProperty("priority").GetString(), rule.GetProperty("firstResponseTarget").GetString());
    }

    private static async Task AssertTerms(ApiWorld world, string key, string conversationId, string target, string source, DateTimeOffset? due)
    {
        var view = (await world.GetJsonAsync($"{W}/conversations/{conversationId}", key)).GetProperty("conversation");
        Assert.Equal((target, source), (view.GetProperty("firstResponseTarget").GetString(), view.GetProperty("firstResponseTargetSource").GetString()));
        if (due is { } at) Assert.Equal(at, view.GetProperty("slaDueAt").GetDateTimeOffset());
        if (source == "entryRule") Assert.Equal("urgent", view.GetProperty("priority").GetString());
    }
}
