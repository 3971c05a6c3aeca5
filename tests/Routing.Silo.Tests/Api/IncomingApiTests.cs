using System.Net;
using System.Text.Json;

namespace Routing.Silo.Tests.Api;

/// <summary>Taking from the shared queue (pull) over REST: GET operator/incoming and POST operator/incoming/take, as an operator's app uses them.</summary>
public sealed class IncomingApiTests
{
    private const string W = "/v1/workspaces/acme";

    private sealed record Desk(string Admin, string Channel, string Supervisor, string Ann, string Bob);

    /// <summary>"desk" distributes by pull; ann and bob (capacity 1 each) are online members; "sales" (automatic) has carl only, offline.</summary>
    private static async Task<Desk> PullDeskAsync(ApiWorld world)
    {
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        var supervisor = await world.CreateKeyAsync("acme", admin, "supervisor");
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/desk", admin, new { name = "Desk", distribution = "pull" });
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/sales", admin, new { name = "Sales" });
        await world.OkAsync(HttpMethod.Put, $"{W}/entry-routing", admin, new { defaultDepartmentId = "desk", rules = new[] { new { departmentId = "sales", topics = new[] { "buy" } } } });
        foreach (var (op, department) in new[] { ("ann", "desk"), ("bob", "desk"), ("carl", "sales") })
        {
            await world.OkAsync(HttpMethod.Put, $"{W}/operators/{op}", admin, new { capacity = 1, departments = new[] { new { departmentId = department } } });
            if (department == "desk") await world.OkAsync(HttpMethod.Put, $"{W}/operators/{op}/status", admin, new { status = "online" });
        }
        return new Desk(admin, channel, supervisor, await Tokens.OperatorAsync(world, "acme", admin, "ann"), await Tokens.OperatorAsync(world, "acme", admin, "bob"));
    }

    private static async Task<string> WriteAsync(ApiWorld world, Desk desk, string visitor, string? topic = null)
    {
        var answer = await world.OkAsync(HttpMethod.Post, $"{W}/messages", desk.Channel, new { channel = "chat", externalCustomerId = visitor, text = "hi", topic });
        Assert.Equal("queued", answer.GetProperty("status").GetString()); // pull: nobody is given it
        return answer.GetProperty("conversationId").GetString()!;
    }

    private static Task<HttpResponseMessage> TakeAsync(ApiWorld world, string token, object body) =>
        world.SendAsync(HttpMethod.Post, $"{W}/operator/incoming/take", token, body);

    private static async Task<List<(string Id, bool CanTakeNow, string? WhyNotNow)>> IncomingAsync(ApiWorld world, string token) =>
        [.. (await world.GetJsonAsync($"{W}/operator/incoming", token)).EnumerateArray()
            .Select(d => (d.GetProperty("conversationId").GetString()!, d.GetProperty("canTakeNow").GetBoolean(), d.GetProperty("whyNotNow").GetString()))];

    [Fact]
    public async Task An_operator_takes_a_dialog_from_incoming_and_everyone_sees_it_assigned_to_them()
    {
        await using var world = await ApiWorld.StartAsync();
        var desk = await PullDeskAsync(world);
        var first = await WriteAsync(world, desk, "v1");
        var second = await WriteAsync(world, desk, "v2");

        Assert.Equal([(first, true, null), (second, true, null)], await IncomingAsync(world, desk.Ann));
        var listed = (await world.GetJsonAsync($"{W}/operator/incoming?limit=1", desk.Bob))[0];
        Assert.Equal(("desk", "chat", "normal", false), (listed.GetProperty("departmentId").GetString(), listed.GetProperty("channel").GetString(),
            listed.GetProperty("priority").GetString(), listed.GetProperty("heldForYou").GetBoolean()));

        var taken = await world.OkAsync(HttpMethod.Post, $"{W}/operator/incoming/take", desk.Ann, new { conversationId = first });

        var conversation = taken.GetProperty("conversation");
        Assert.Equal(("assigned", "ann"), (conversation.GetProperty("status").GetString(), conversation.GetProperty("operatorId").GetString()));
        var timeline = await world.GetJsonAsync($"{W}/conversations/{first}/timeline", desk.Supervisor);
        Assert.Equal(["queued", "taken"], timeline.EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal([first], (await world.GetJsonAsync($"{W}/operator", desk.Ann)).GetProperty("conversations").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([(second, true, null)], await IncomingAsync(world, desk.Bob)); // it left everyone's Incoming
        // A retry after a lost answer gets the same answer; ann may now answer it like any dialog of hers.
        var again = await world.OkAsync(HttpMethod.Post, $"{W}/operator/incoming/take", desk.Ann, new { conversationId = first });
        Assert.Equal("ann", again.GetProperty("conversation").GetProperty("operatorId").GetString());
        using (var reply = await world.SendAsync(HttpMethod.Post, $"{W}/operator/conversations/{first}/messages", desk.Ann, new { text = "Hello!" }))
            Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);

        // The statistics count the take as ann's assignment.
        var today = DateTime.UtcNow.Date;
        var report = await world.GetJsonAsync($"{W}/stats?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(2):yyyy-MM-dd}&groupBy=operator", desk.Supervisor);
        var annFigures = report.GetProperty("current").GetProperty("groups").EnumerateArray()
            .Single(g => g.GetProperty("group").GetProperty("operator").GetString() == "ann").GetProperty("figures");
        Assert.Equal(1, annFigures.GetProperty("assigned").GetInt64());
    }

    [Fact]
    public async Task Takes_the_rules_refuse_are_409_with_their_reason_and_change_nothing()
    {
        await using var world = await ApiWorld.StartAsync();
        var desk = await PullDeskAsync(world);
        var first = await WriteAsync(world, desk, "v1");
        var second = await WriteAsync(world, desk, "v2");
        var sales = await WriteAsync(world, desk, "v3", topic: "buy");
        await world.OkAsync(HttpMethod.Post, $"{W}/operator/incoming/take", desk.Ann, new { conversationId = first });

        using (var late = await TakeAsync(world, desk.Bob, new { conversationId = first }))
            Assert.Contains("taken by another operator", (await ApiWorld.AssertProblemAsync(late, HttpStatusCode.Conflict, "already-taken")).GetProperty("detail").GetString());
        using (var full = await TakeAsync(world, desk.Ann, new { conversationId = second }))
            await ApiWorld.AssertProblemAsync(full, HttpStatusCode.Conflict, "no-capacity");
        Assert.Equal([(second, false, "noCapacity")], await IncomingAsync(world, desk.Ann)); // seen, not takeable now
        using (var notMember = await TakeAsync(world, desk.Bob, new { conversationId = sales }))
            Assert.Contains("not a member", (await ApiWorld.AssertProblemAsync(notMember, HttpStatusCode.Conflict, "not-eligible")).GetProperty("detail").GetString());
        await world.OkAsync(HttpMethod.Put, $"{W}/operator/status", desk.Bob, new { status = "away" });
        using (var away = await TakeAsync(world, desk.Bob, new { conversationId = second }))
            Assert.Contains("not online", (await ApiWorld.AssertProblemAsync(away, HttpStatusCode.Conflict, "not-eligible")).GetProperty("detail").GetString());
        Assert.Equal([(second, false, "notOnline")], await IncomingAsync(world, desk.Bob));

        var queue = await world.GetJsonAsync($"{W}/queues/desk", desk.Supervisor);
        Assert.Equal([second], queue.GetProperty("waiting").EnumerateArray().Select(w => w.GetProperty("conversationId").GetString()));
        Assert.Equal(0, (await world.GetJsonAsync($"{W}/operator", desk.Bob)).GetProperty("load").GetInt32());
        Assert.Equal(["queued"], (await world.GetJsonAsync($"{W}/conversations/{second}/timeline", desk.Supervisor)).EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Bad_input_wrong_credentials_and_other_workspaces_are_refused()
    {
        await using var world = await ApiWorld.StartAsync();
        var desk = await PullDeskAsync(world);
        var waiting = await WriteAsync(world, desk, "v1");
        // A second workspace with a dialog waiting in a department of the same name.
        var betaAdmin = await world.CreateWorkspaceAsync("beta");
        var betaChannel = await world.CreateKeyAsync("beta", betaAdmin, "channel");
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/beta/departments/desk", betaAdmin, new { name = "Desk", distribution = "pull" });
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/beta/entry-routing", betaAdmin, new { defaultDepartmentId = "desk" });
        var betaDialog = (await world.OkAsync(HttpMethod.Post, "/v1/workspaces/beta/messages", betaChannel, new { channel = "chat", externalCustomerId = "b1", text = "hi" }))
            .GetProperty("conversationId").GetString()!;

        using (var missing = await TakeAsync(world, desk.Ann, new { }))
            Assert.Contains("conversationId", (await ApiWorld.AssertProblemAsync(missing, HttpStatusCode.BadRequest, "malformed-request")).GetProperty("detail").GetString());
        using (var wrongType = await TakeAsync(world, desk.Ann, "{\"conversationId\":7}"))
            await ApiWorld.AssertProblemAsync(wrongType, HttpStatusCode.BadRequest, "malformed-request");
        using (var nullId = await TakeAsync(world, desk.Ann, new { conversationId = (string?)null }))
            await ApiWorld.AssertProblemAsync(nullId, HttpStatusCode.BadRequest, "invalid-request");
        using (var notJson = await TakeAsync(world, desk.Ann, "take it"))
            await ApiWorld.AssertProblemAsync(notJson, HttpStatusCode.BadRequest, "malformed-request");
        using (var unknown = await TakeAsync(world, desk.Ann, new { conversationId = "c-Chat-nobody-1" }))
            await ApiWorld.AssertProblemAsync(unknown, HttpStatusCode.NotFound, "not-found");
        foreach (var limit in new[] { "0", "201", "-1" })
            using (var bad = await world.SendAsync(HttpMethod.Get, $"{W}/operator/incoming?limit={limit}", desk.Ann))
                await ApiWorld.AssertProblemAsync(bad, HttpStatusCode.BadRequest, "invalid-request");

        // acme's operator in beta's URLs: forbidden; beta's dialog named in acme's: no such conversation here.
        using (var otherList = await world.SendAsync(HttpMethod.Get, "/v1/workspaces/beta/operator/incoming", desk.Ann))
            await ApiWorld.AssertProblemAsync(otherList, HttpStatusCode.Forbidden, "forbidden");
        using (var otherTake = await world.SendAsync(HttpMethod.Post, "/v1/workspaces/beta/operator/incoming/take", desk.Ann, new { conversationId = betaDialog }))
            await ApiWorld.AssertProblemAsync(otherTake, HttpStatusCode.Forbidden, "forbidden");
        using (var crossed = await TakeAsync(world, desk.Ann, new { conversationId = betaDialog }))
            await ApiWorld.AssertProblemAsync(crossed, HttpStatusCode.NotFound, "not-found");
        // Keys are not operators: a supervisor or channel key may not take, nor list; no credential at all is 401.
        using (var supervisor = await TakeAsync(world, desk.Supervisor, new { conversationId = waiting }))
            await ApiWorld.AssertProblemAsync(supervisor, HttpStatusCode.Forbidden, "forbidden");
        using (var anonymous = await world.SendAsync(HttpMethod.Get, $"{W}/operator/incoming", null))
            await ApiWorld.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized, "unauthenticated");

        Assert.Equal("queued", (await world.GetJsonAsync($"/v1/workspaces/beta/conversations/{betaDialog}", betaAdmin)).GetProperty("conversation").GetProperty("status").GetString());
        Assert.Equal([(waiting, true, (string?)null)], await IncomingAsync(world, desk.Ann));
        Assert.Equal(0, (await world.GetJsonAsync($"{W}/operator", desk.Ann)).GetProperty("load").GetInt32());
    }
}
