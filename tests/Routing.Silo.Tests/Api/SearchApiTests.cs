using System.Net;
using System.Text.Json;
using Routing.Testing;

namespace Routing.Silo.Tests.Api;

/// <summary>
/// Message search over HTTP on both stores: a supervisor finds any dialog of the workspace, an operator the dialogs of
/// their departments and those they held; pages follow each other; bad queries are a 400; nobody reads another workspace.
/// </summary>
public sealed class SearchApiTests
{
    private const string W = "/v1/workspaces/acme";

    public static TheoryData<string> Stores => ["sqlite", "postgresql"];

    private static async Task<ApiWorld> StartAsync(string store)
    {
        if (store == "sqlite") return await ApiWorld.StartAsync();
        var server = await PostgresServer.GetSharedAsync();
        return await ApiWorld.StartAsync("--Storage:Provider=postgresql",
            $"--Storage:PostgreSql:ConnectionString={await server.CreateDatabaseAsync("search")}", "--Cluster:Membership=loopback");
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Supervisors_find_every_dialog_operators_their_own_in_pages_and_after_a_restart(string store)
    {
        await using var world = await StartAsync(store);
        var admin = await world.CreateWorkspaceAsync("acme");
        var channel = await world.CreateKeyAsync("acme", admin, "channel");
        var supervisor = await world.CreateKeyAsync("acme", admin, "supervisor");
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support" });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 1, departments = new[] { new { departmentId = "support" } } });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/ann/status", admin, new { status = "online" });
        var ann = await Tokens.OperatorAsync(world, "acme", admin, "ann");
        var held = await Open(world, channel, "v1", "My parcel never arrived");
        var waiting = await Open(world, channel, "v2", "Where is my parcel? It is late");
        // Sales only now, so both dialogs entered support.
        await world.OkAsync(HttpMethod.Put, $"{W}/departments/sales", admin, new { name = "Sales" });
        await world.OkAsync(HttpMethod.Put, $"{W}/operators/cat", admin, new { capacity = 1, departments = new[] { new { departmentId = "sales" } } });
        var cat = await Tokens.OperatorAsync(world, "acme", admin, "cat");
        await world.OkAsync(HttpMethod.Post, $"{W}/operator/conversations/{held}/messages", ann, new { text = "Sorry! A new parcel leaves tomorrow." });
        var globexAdmin = await world.CreateWorkspaceAsync("globex");
        var globexChannel = await world.CreateKeyAsync("globex", globexAdmin, "channel");
        await world.OkAsync(HttpMethod.Put, "/v1/workspaces/globex/departments/support", globexAdmin, new { name = "Support" });
        await Open(world, globexChannel, "v1", "globex parcel", "globex");

        var all = await world.GetJsonAsync($"{W}/messages/search?q=parcel", supervisor);
        var hits = Hits(all);
        Assert.Equal([(held, 1L), (held, 2L), (waiting, 1L)], hits.Select(h => (h.Conversation, h.Sequence)).Order());
        Assert.All(hits, h => Assert.Equal("parcel", h.Highlighted.ToLowerInvariant()));
        var reply = all.GetProperty("hits").EnumerateArray().Single(h => h.GetProperty("sequence").GetInt64() == 2);
        Assert.Equal(("operator", "ann"), (reply.GetProperty("author").GetString(), reply.GetProperty("operatorId").GetString()));
        Assert.StartsWith("Sorry! A new parcel leaves tomorrow", reply.GetProperty("snippet").GetString()); // PostgreSQL ends a snippet at a word
        Assert.True(reply.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(JsonValueKind.Null, all.GetProperty("nextCursor").ValueKind);

        // Pages: two, then the rest, in the same order as one page.
        var first = await world.GetJsonAsync($"{W}/messages/search?q=parcel&limit=2", supervisor);
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var second = await world.GetJsonAsync($"{W}/messages/search?q=parcel&limit=2&cursor={cursor}", supervisor);
        Assert.Equal(hits, [.. Hits(first), .. Hits(second)]);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        Assert.Single(Hits(await world.GetJsonAsync($"{W}/messages/search?q=%22new%20parcel%22", admin)));

        // Operators: ann's department holds both dialogs; cat's (sales) none, until the waiting one is moved there.
        Assert.Equal(3, Hits(await world.GetJsonAsync($"{W}/operator/messages/search?q=parcel", ann)).Count);
        Assert.Empty(Hits(await world.GetJsonAsync($"{W}/operator/messages/search?q=parcel", cat)));
        await world.OkAsync(HttpMethod.Post, $"{W}/conversations/{waiting}/transfer", supervisor, new { departmentId = "sales" });
        Assert.Equal([(waiting, 1L)], Hits(await world.GetJsonAsync($"{W}/operator/messages/search?q=parcel", cat)).Select(h => (h.Conversation, h.Sequence)));

        // Another workspace's messages are never found, and its routes are closed to this workspace's callers.
        Assert.Equal(["globex parcel"], Hits(await world.GetJsonAsync("/v1/workspaces/globex/messages/search?q=parcel", globexAdmin)).Select(h => h.Snippet));
        foreach (var (path, key) in new[] { ("/v1/workspaces/globex/messages/search?q=parcel", supervisor), ("/v1/workspaces/globex/operator/messages/search?q=parcel", ann) })
        {
            using var refused = await world.SendAsync(HttpMethod.Get, path, key);
            await ApiWorld.AssertProblemAsync(refused, HttpStatusCode.Forbidden, "forbidden");
        }

        await world.RestartAsync();
        Assert.Equal(hits, Hits(await world.GetJsonAsync($"{W}/messages/search?q=parcel", supervisor)));
    }

    [Fact]
    public async Task Bad_queries_limits_and_cursors_are_a_400_and_syntax_of_the_databases_is_only_words()
    {
        await using var world = await ApiWorld.StartAsync();
        var desk = await SupportDesk.ArrangeAsync(world);
        var supervisor = await world.CreateKeyAsync("acme", desk.Admin, "supervisor");

        foreach (var (query, code) in new[]
        {
            ("", "invalid-request"), ("?q=", "invalid-request"), ("?q=%20%20", "invalid-request"), ("?q=-hi", "invalid-request"),
            ("?q=%22%22%20OR%20!!", "invalid-request"), ("?q=" + new string('a', 201), "invalid-request"), ("?q=hi%01", "invalid-request"),
            ("?q=hi&limit=0", "invalid-request"), ("?q=hi&limit=101", "invalid-request"), ("?q=hi&limit=ten", "malformed-request"),
            ("?q=hi&cursor=abc", "invalid-request"), ("?q=hi&cursor=-5", "invalid-request"), ("?q=hi&cursor=1000", "invalid-request"), ("?q=hi&cursor=007", "invalid-request"),
        })
        {
            using var response = await world.SendAsync(HttpMethod.Get, $"{W}/messages/search{query}", supervisor);
            await ApiWorld.AssertProblemAsync(response, HttpStatusCode.BadRequest, code);
        }
        foreach (var q in new[] { "NEAR(hi", "hi:*", "hi*", "\"hi", "hi AND", "(hi) | !x", "body:hi", "'hi'", "hi <-> x", "^hi" })
        {
            using var response = await world.SendAsync(HttpMethod.Get, $"{W}/messages/search?q={Uri.EscapeDataString(q)}", supervisor);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(2, Hits(await world.GetJsonAsync($"{W}/messages/search?q=(hi)", supervisor)).Count); // punctuation around a word is not part of it
        using var channelRefused = await world.SendAsync(HttpMethod.Get, $"{W}/messages/search?q=hi", desk.Channel);
        await ApiWorld.AssertProblemAsync(channelRefused, HttpStatusCode.Forbidden, "forbidden");
    }

    private static async Task<string> Open(ApiWorld world, string channel, string visitor, string text, string ws = "acme") =>
        (await world.OkAsync(HttpMethod.Post, $"/v1/workspaces/{ws}/messages", channel, new { channel = "chat", externalCustomerId = visitor, text }))
        .GetProperty("conversationId").GetString()!;

    private sealed record Hit(string Conversation, long Sequence, string Snippet, string Highlighted); // the matched words, |-separated

    private static List<Hit> Hits(JsonElement page) => page.GetProperty("hits").EnumerateArray().Select(h =>
    {
        var snippet = h.GetProperty("snippet").GetString()!;
        return new Hit(h.GetProperty("conversationId").GetString()!, h.GetProperty("sequence").GetInt64(), snippet,
            string.Join('|', h.GetProperty("highlights").EnumerateArray().Select(r => snippet.Substring(r.GetProperty("start").GetInt32(), r.GetProperty("length").GetInt32()))));
    }).ToList();
}
