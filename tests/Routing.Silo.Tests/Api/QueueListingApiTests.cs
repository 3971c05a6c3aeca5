using System.Net;
using System.Text.Json;

namespace Routing.Silo.Tests.Api;

/// <summary>GET queues/{departmentId}: held (sticky) dialogs numbered with the queue, and paging with a cursor that survives the queue moving.</summary>
public sealed class QueueListingApiTests
{
    private const string W = "/v1/workspaces/acme";

    /// <summary>
    /// ann and bob (capacity 1 each) are full; "regular" (ann's customer) waits for ann between two dialogs of the shared
    /// queue. Answers the three waiting conversation ids in serving order.
    /// </summary>
    private static async Task<(string Admin, string[] Waiting)> OneHeldBetweenTwoQueued(ApiWorld world)
    {
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        // Long enough a sticky wait that the hold stands throughout, whatever the machine's speed.
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support", routing = new { maxStickyWait = "01:00:00" } });
        foreach (var op in new[] { "ann", "bob" })
        {
            await world.OkAsync(HttpMethod.Put, $"{W}/operators/{op}", admin, new { capacity = 1, departments = new[] { new { departmentId = "support" } } });
            await world.OkAsync(HttpMethod.Put, $"{W}/operators/{op}/status", admin, new { status = "online" });
        }
        async Task<JsonElement> Message(string visitor) =>
            await world.OkAsync(HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = visitor, text = "hi" });

        var first = await Message("regular");
        await world.OkAsync(HttpMethod.Post, $"{W}/conversations/{first.GetProperty("conversationId").GetString()}/close", admin);
        await world.OkAsync(HttpMethod.Put, $"{W}/customers/{first.GetProperty("customerId").GetString()}/personal-manager", admin, new { operatorId = "ann" });
        Assert.Equal("assigned", (await Message("fill-1")).GetProperty("status").GetString());
        Assert.Equal("assigned", (await Message("fill-2")).GetProperty("status").GetString());

        var waiting = new List<string>();
        foreach (var (visitor, position) in new[] { ("early", 1), ("regular", 2), ("late", 3) })
        {
            var answer = await Message(visitor);
            Assert.Equal(("queued", position), (answer.GetProperty("status").GetString(), answer.GetProperty("queuePosition").GetInt32()));
            waiting.Add(answer.GetProperty("conversationId").GetString()!);
        }
        return (admin, [.. waiting]);
    }

    private static (string Id, int Position, string? HeldFor)[] Listed(JsonElement queue) =>
        [.. queue.GetProperty("waiting").EnumerateArray().Select(w => (w.GetProperty("conversationId").GetString()!, w.GetProperty("position").GetInt32(),
            w.GetProperty("heldFor").GetString()))];

    [Fact]
    public async Task A_dialog_held_for_its_manager_has_its_place_among_the_queued_ones()
    {
        await using var world = await ApiWorld.StartAsync();
        var (admin, waiting) = await OneHeldBetweenTwoQueued(world);

        var queue = await world.GetJsonAsync($"{W}/queues/support", admin);

        Assert.Equal([(waiting[0], 1, null), (waiting[1], 2, "ann"), (waiting[2], 3, null)], Listed(queue));
        Assert.Equal(3, queue.GetProperty("depth").GetInt32());
        Assert.Equal(JsonValueKind.Null, queue.GetProperty("nextAfter").ValueKind);
    }

    [Fact]
    public async Task Pages_follow_nextAfter_to_the_end_even_when_the_last_dialog_listed_left_meanwhile()
    {
        await using var world = await ApiWorld.StartAsync();
        var (admin, waiting) = await OneHeldBetweenTwoQueued(world);

        var first = await world.GetJsonAsync($"{W}/queues/support?limit=1", admin);
        Assert.Equal([(waiting[0], 1, null)], Listed(first));
        Assert.Equal(3, first.GetProperty("depth").GetInt32());
        var after = first.GetProperty("nextAfter").GetString()!;

        // The dialog the page ended with is closed: the next page still starts right behind it, and everyone moved up.
        await world.OkAsync(HttpMethod.Post, $"{W}/conversations/{waiting[0]}/close", admin);
        // The close withdraws it from the queue one-way: wait until the department has done so.
        await EndToEndTests.Eventually(async () => (await world.GetJsonAsync($"{W}/queues/support", admin)).GetProperty("depth").GetInt32() == 2);
        var second = await world.GetJsonAsync($"{W}/queues/support?limit=1&after={Uri.EscapeDataString(after)}", admin);
        Assert.Equal([(waiting[1], 1, "ann")], Listed(second));
        Assert.Equal(2, second.GetProperty("depth").GetInt32());

        var last = await world.GetJsonAsync($"{W}/queues/support?limit=1&after={Uri.EscapeDataString(second.GetProperty("nextAfter").GetString()!)}", admin);
        Assert.Equal([(waiting[2], 2, null)], Listed(last));
        Assert.Equal(JsonValueKind.Null, last.GetProperty("nextAfter").ValueKind);

        var whole = await world.GetJsonAsync($"{W}/queues/support?limit=500", admin);
        Assert.Equal([(waiting[1], 1, "ann"), (waiting[2], 2, null)], Listed(whole));
    }

    [Fact]
    public async Task Bad_paging_values_are_refused_with_a_problem_and_the_queue_stays_as_it_was()
    {
        await using var world = await ApiWorld.StartAsync();
        var (admin, _) = await OneHeldBetweenTwoQueued(world);
        var before = Listed(await world.GetJsonAsync($"{W}/queues/support", admin));

        foreach (var query in new[] { "limit=0", "limit=501", "limit=-1", "after=", "after=abc", "after=1.2", "after=10.x.3", "after=10.1.-3", "after=+10.1.3" })
        {
            using var response = await world.SendAsync(HttpMethod.Get, $"{W}/queues/support?{query}", admin);
            var problem = await ApiWorld.AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
            Assert.Contains(query.StartsWith("limit", StringComparison.Ordinal) ? "limit" : "after", problem.GetProperty("detail").GetString());
        }
        using (var response = await world.SendAsync(HttpMethod.Get, $"{W}/queues/support?limit=lots", admin))
            await ApiWorld.AssertProblemAsync(response, HttpStatusCode.BadRequest, "malformed-request");

        Assert.Equal(before, Listed(await world.GetJsonAsync($"{W}/queues/support", admin)));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_listings_paging()
    {
        await using var world = await ApiWorld.StartAsync();
        var document = await ApiWorld.JsonAsync(await world.Silo.Http.GetAsync("/openapi/v1.json"));

        var get = document.GetProperty("paths").GetProperty("/v1/workspaces/{ws}/queues/{departmentId}").GetProperty("get");
        var parameters = get.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Contains("1-500", parameters["limit"].GetProperty("description").GetString());
        Assert.Contains("nextAfter", parameters["after"].GetProperty("description").GetString());
        Assert.Contains("heldFor", get.GetProperty("description").GetString());
        Assert.True(get.GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(document.GetProperty("components").GetProperty("schemas").GetProperty("QueueDetail").GetProperty("properties").TryGetProperty("nextAfter", out _));
    }
}
