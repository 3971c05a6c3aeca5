using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Routing.GrainInterfaces;
using Orleans;

namespace Routing.Silo.Tests.Api;

/// <summary>
/// R1, R25: every endpoint group against every kind of caller. A caller that is refused gets 401 (no or bad key) or 403
/// (wrong scope, another workspace's key) as problem details, and nothing it asked for happened.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private const string Ws = "acme";

    private sealed record Caller(string Name, string? Key);

    private sealed record Group(string Name, Func<int, (HttpMethod Method, string Path, object? Body)> Request, string[] Allowed)
    {
        /// <summary>Run before each request (with an admin key), e.g. to open the conversation it acts on.</summary>
        public Func<int, Task>? Prepare { get; init; }
    }

    [Fact]
    public async Task Each_scope_reaches_only_its_own_endpoints_in_its_own_workspace_and_a_refusal_changes_nothing()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync(Ws);
        var otherAdmin = await world.CreateWorkspaceAsync("other");
        var revoked = await world.CreateKeyAsync(Ws, admin, "admin");
        await Revoke(world, admin, revoked);
        // A token signed with a key the workspace has since rotated away.
        var rotatedAway = await Tokens.CustomerAsync(world, Ws, await world.CreateKeyAsync(Ws, admin, "channel"), "rotated");
        await world.OkAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/token-signing-key/rotate", admin);
        var callers = new[]
        {
            new Caller("no key", null),
            new Caller("not a bearer key", "not-a-key"),
            new Caller("a made-up key", $"{Ws}.0123456789abcdef.{new string('0', 64)}"),
            new Caller("a revoked key", revoked),
            new Caller("a rotated-away token", rotatedAway),
            new Caller("bootstrap", ApiWorld.BootstrapKey),
            new Caller("admin", admin),
            new Caller("channel", await world.CreateKeyAsync(Ws, admin, "channel")),
            new Caller("supervisor", await world.CreateKeyAsync(Ws, admin, "supervisor")),
            new Caller("other workspace's admin", otherAdmin),
            new Caller("other workspace's channel", await world.CreateKeyAsync("other", otherAdmin, "channel")),
            new Caller("other workspace's supervisor", await world.CreateKeyAsync("other", otherAdmin, "supervisor")),
        };
        await world.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/departments/support", admin, new { name = "Support" });
        await world.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/operators/ann", admin, new { capacity = 1, departments = new[] { new { departmentId = "support" } } });
        await world.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/operators/ann/status", admin, new { status = "online" });
        // Probe messages wait in a department nobody works in, so ann holds nothing and may go offline.
        await world.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/departments/inbox", admin, new { name = "Inbox" });
        await world.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/entry-routing", admin, new { defaultDepartmentId = "inbox" });
        // A conversation whose stored messages the read-only probes ask for.
        var readerChannel = await world.CreateKeyAsync(Ws, admin, "channel");
        var read = (await world.OkAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/messages", readerChannel, new { channel = "chat", externalCustomerId = "reader", text = "hi" }))
            .GetProperty("conversationId").GetString();
        await Revoke(world, admin, readerChannel);
        // Rating probes rate dialogs rita served in a department that asks for ratings.
        await world.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/departments/rated", admin, new { name = "Rated", ratingScale = 2 });
        await world.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/operators/rita", admin, new { capacity = 100, departments = new[] { new { departmentId = "rated" } } });
        await world.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/operators/rita/status", admin, new { status = "online" });
        await world.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/entry-routing", admin,
            new { defaultDepartmentId = "inbox", rules = new[] { new { departmentId = "rated", topics = new[] { "rate" } } } });
        var grains = world.Silo.Services.GetRequiredService<IGrainFactory>();
        // Signed tokens: ann's console, a site widget's visitor, and a visitor of the other workspace.
        callers =
        [
            .. callers,
            new Caller("operator token", await Tokens.OperatorAsync(world, Ws, admin, "ann")),
            new Caller("customer token", await Tokens.CustomerAsync(world, Ws, await world.CreateKeyAsync(Ws, admin, "channel"), "widget-visitor")),
            new Caller("other workspace's customer token", await Tokens.CustomerAsync(world, "other", await world.CreateKeyAsync("other", otherAdmin, "channel"), "widget-visitor")),
        ];

        // Each request, when allowed, leaves a trace the checks below look for; n makes each one distinct.
        var groups = new[]
        {
            new Group("create workspace", n => (HttpMethod.Post, "/v1/workspaces", new { workspaceId = $"probe-{n}" }), ["bootstrap"]),
            new Group("admin: api keys", n => (HttpMethod.Post, $"/v1/workspaces/{Ws}/api-keys", new { scope = "channel", name = $"probe-{n}" }), ["admin"]),
            new Group("admin: departments", n => (HttpMethod.Put, $"/v1/workspaces/{Ws}/departments/probe-{n}", new { name = "x" }), ["admin"]),
            new Group("admin: operators", n => (HttpMethod.Put, $"/v1/workspaces/{Ws}/operators/probe-{n}", new { capacity = 1 }), ["admin"]),
            new Group("admin: customers", n => (HttpMethod.Put, $"/v1/workspaces/{Ws}/identities/chat/probe-{n}/block", null), ["admin"]),
            new Group("admin: templates", n => (HttpMethod.Put, $"/v1/workspaces/{Ws}/templates/probe-{n}", new { title = "Probe", text = "x" }), ["admin"]),
            new Group("admin: webhooks", n => (HttpMethod.Put, $"/v1/workspaces/{Ws}/channels/email/webhook", new { url = $"https://probe.example/hook-{n}", secret = "probe-secret-0123456789" }), ["admin"]),
            new Group("supervisor: templates", _ => (HttpMethod.Get, $"/v1/workspaces/{Ws}/templates", null), ["supervisor", "admin"]),
            new Group("channel: intake", n => (HttpMethod.Post, $"/v1/workspaces/{Ws}/messages", new { channel = "chat", externalCustomerId = $"probe-{n}", text = "hi" }), ["channel"]),
            new Group("supervisor: operator status", n => (HttpMethod.Put, $"/v1/workspaces/{Ws}/operators/ann/status", new { status = n % 2 == 0 ? "away" : "offline" }), ["supervisor", "admin"]),
            new Group("supervisor: conversations", n => (HttpMethod.Post, $"/v1/workspaces/{Ws}/conversations/c-Chat-conv-{n}-1/close", null), ["supervisor", "admin"])
            {
                Prepare = async n =>
                {
                    var channelKey = await world.CreateKeyAsync(Ws, admin, "channel");
                    await world.OkAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/messages", channelKey, new { channel = "chat", externalCustomerId = $"conv-{n}", text = "hi" });
                    await Revoke(world, admin, channelKey);
                },
            },
            new Group("supervisor: department configuration", n => (HttpMethod.Get, n % 2 == 0 ? $"/v1/workspaces/{Ws}/departments/support" : $"/v1/workspaces/{Ws}/departments", null), ["supervisor", "admin"]),
            new Group("supervisor: time zone", _ => (HttpMethod.Get, $"/v1/workspaces/{Ws}/time-zone", null), ["supervisor", "admin"]),
            new Group("admin: time zone", n => (HttpMethod.Put, $"/v1/workspaces/{Ws}/time-zone", new { timeZoneId = ProbeZone(n) }), ["admin"]),
            new Group("supervisor: queues", _ => (HttpMethod.Get, $"/v1/workspaces/{Ws}/queues", null), ["supervisor", "admin"]),
            new Group("channel: rating", n => (HttpMethod.Post, $"/v1/workspaces/{Ws}/conversations/c-Chat-rate-{n}-1/rating", new { score = 2 }), ["channel"])
            {
                Prepare = async n =>
                {
                    var channelKey = await world.CreateKeyAsync(Ws, admin, "channel");
                    await world.OkAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/messages", channelKey, new { channel = "chat", externalCustomerId = $"rate-{n}", text = "hi", topic = "rate" });
                    await Revoke(world, admin, channelKey);
                    var conversation = grains.GetGrain<IConversationGrain>(RoutingKeys.Conversation(Ws, $"c-Chat-rate-{n}-1"));
                    await conversation.AddOperatorMessage("rita", "hello");
                    await grains.GetGrain<IConversationControlGrain>(RoutingKeys.ConversationControl(Ws, $"c-Chat-rate-{n}-1")).Close("operator", null);
                },
            },
            new Group("supervisor: ratings", _ => (HttpMethod.Get, $"/v1/workspaces/{Ws}/operators/rita/ratings", null), ["supervisor", "admin"]),
            new Group("supervisor: messages", _ => (HttpMethod.Get, $"/v1/workspaces/{Ws}/conversations/{read}/messages?from=1&limit=10", null), ["supervisor", "admin"]),
            new Group("admin: operator tokens", _ => (HttpMethod.Post, $"/v1/workspaces/{Ws}/operators/ann/tokens", new { }), ["admin"]),
            new Group("channel: customer tokens", n => (HttpMethod.Post, $"/v1/workspaces/{Ws}/customer-tokens", new { externalCustomerId = $"probe-{n}" }), ["channel"]),
            new Group("any caller: me", _ => (HttpMethod.Get, $"/v1/workspaces/{Ws}/me", null), ["admin", "channel", "supervisor", "operator token", "customer token"]),
            new Group("operator: own state", _ => (HttpMethod.Get, $"/v1/workspaces/{Ws}/operator", null), ["operator token"]),
            new Group("operator: own templates", _ => (HttpMethod.Get, $"/v1/workspaces/{Ws}/operator/templates", null), ["operator token"]),
            new Group("channel: callbacks", n => (HttpMethod.Post, $"/v1/workspaces/{Ws}/callbacks",
                new { phone = "+4930123456", departmentId = "inbox", channel = "chat", externalCustomerId = $"cb-probe-{n}" }), ["channel"]),
        };

        var failures = new List<string>();
        var n = 0;
        foreach (var group in groups)
        foreach (var caller in callers)
        {
            n++;
            if (group.Prepare is { } prepare) await prepare(n);
            var (method, path, body) = group.Request(n);
            using var response = await world.SendAsync(method, path, caller.Key, body);
            var allowed = group.Allowed.Contains(caller.Name);
            var expected = allowed ? "2xx" : caller.Name is "no key" or "not a bearer key" or "a made-up key" or "a revoked key" or "a rotated-away token" ? "401" : "403";
            var actual = response.IsSuccessStatusCode ? "2xx" : ((int)response.StatusCode).ToString();
            if (actual != expected) failures.Add($"{group.Name} by {caller.Name}: expected {expected}, got {actual}");
            else if (!allowed)
            {
                var problem = await ApiWorld.JsonAsync(response);
                if (problem.GetProperty("code").GetString() != (expected == "401" ? "unauthenticated" : "forbidden"))
                    failures.Add($"{group.Name} by {caller.Name}: code {problem}");
            }
            if (!allowed && await Happened(world, admin, group.Name, n)) failures.Add($"{group.Name} by {caller.Name}: it happened anyway");
            if (allowed && group.Name is not ("supervisor: queues" or "supervisor: department configuration" or "supervisor: time zone" or "supervisor: messages" or "supervisor: ratings" or "supervisor: templates" or "admin: operator tokens" or "channel: customer tokens" or "any caller: me" or "operator: own state" or "operator: own templates") && !await Happened(world, admin, group.Name, n)) failures.Add($"{group.Name} by {caller.Name}: allowed but no trace");
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task A_key_of_another_workspace_reads_nothing_of_this_one()
    {
        await using var world = await ApiWorld.StartAsync();
        var admin = await world.CreateWorkspaceAsync(Ws);
        var otherAdmin = await world.CreateWorkspaceAsync("other");
        await world.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/departments/support", admin, new { name = "Support" });

        var otherSupervisor = await world.CreateKeyAsync("other", otherAdmin, "supervisor");
        foreach (var path in new[] { "departments", "departments/support", "operators", "api-keys", "queues", "operator-states", "entry-routing", "time-zone" })
        foreach (var key in new[] { otherAdmin, otherSupervisor })
        {
            using var response = await world.SendAsync(HttpMethod.Get, $"/v1/workspaces/{Ws}/{path}", key);
            await ApiWorld.AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        }
        // A supervisor reads the configuration but never writes it.
        var supervisor = await world.CreateKeyAsync(Ws, admin, "supervisor");
        Assert.Equal("Support", (await world.GetJsonAsync($"/v1/workspaces/{Ws}/departments/support", supervisor)).GetProperty("config").GetProperty("name").GetString());
        using (var write = await world.SendAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/departments/support", supervisor, new { name = "Renamed" }))
            await ApiWorld.AssertProblemAsync(write, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("Support", (await world.GetJsonAsync($"/v1/workspaces/{Ws}/departments/support", admin)).GetProperty("config").GetProperty("name").GetString());
        // Its own workspace has none of this one's configuration (keys are the workspace's: R1).
        Assert.Empty((await world.GetJsonAsync("/v1/workspaces/other/departments", otherAdmin)).EnumerateArray());
    }

    /// <summary>A time zone per probe, distinct for 26 probes in a row (Etc/GMT-13 ... Etc/GMT+12).</summary>
    private static string ProbeZone(int n) => (n % 26 - 13) switch
    {
        0 => "Etc/GMT",
        var offset => $"Etc/GMT{(offset > 0 ? "+" : "-")}{Math.Abs(offset)}",
    };

    private static async Task Revoke(ApiWorld world, string admin, string key)
    {
        var keyId = key.Split('.')[1];
        using var response = await world.SendAsync(HttpMethod.Delete, $"/v1/workspaces/{Ws}/api-keys/{keyId}", admin);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private static async Task<bool> Happened(ApiWorld world, string admin, string group, int n)
    {
        switch (group)
        {
            case "create workspace":
                // A second creation of the same workspace conflicts only if the first one happened.
                using (var again = await world.SendAsync(HttpMethod.Post, "/v1/workspaces", ApiWorld.BootstrapKey, new { workspaceId = $"probe-{n}" }))
                    return again.StatusCode == HttpStatusCode.Conflict;
            case "admin: api keys":
                return (await world.GetJsonAsync($"/v1/workspaces/{Ws}/api-keys", admin)).EnumerateArray().Any(k => k.GetProperty("name").GetString() == $"probe-{n}");
            case "admin: time zone":
                return (await world.GetJsonAsync($"/v1/workspaces/{Ws}/time-zone", admin)).GetProperty("timeZoneId").GetString() == ProbeZone(n);
            case "admin: departments":
                return (await world.GetJsonAsync($"/v1/workspaces/{Ws}/departments", admin)).EnumerateArray().Any(d => d.GetProperty("departmentId").GetString() == $"probe-{n}");
            case "admin: customers":
            case "channel: intake":
                // A blocked identity refuses the message; an intake created the customer.
                using (var customer = await world.SendAsync(HttpMethod.Get, $"/v1/workspaces/{Ws}/customers/c-Chat-probe-{n}", admin))
                {
                    if (group == "channel: intake") return customer.StatusCode == HttpStatusCode.OK;
                }
                var channelKey = await world.CreateKeyAsync(Ws, admin, "channel");
                using (var message = await world.SendAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/messages", channelKey, new { channel = "chat", externalCustomerId = $"probe-{n}", text = "probe" }))
                {
                    var blocked = message.StatusCode == HttpStatusCode.Forbidden;
                    await Revoke(world, admin, channelKey);
                    if (message.IsSuccessStatusCode)
                        await world.OkAsync(HttpMethod.Post, $"/v1/workspaces/{Ws}/conversations/{(await ApiWorld.JsonAsync(message)).GetProperty("conversationId").GetString()}/close", admin);
                    return blocked;
                }
            case "admin: operators":
                using (var probe = await world.SendAsync(HttpMethod.Get, $"/v1/workspaces/{Ws}/operators/probe-{n}", admin))
                    return probe.StatusCode == HttpStatusCode.OK;
            case "admin: webhooks":
                return (await world.GetJsonAsync($"/v1/workspaces/{Ws}/channels/email/webhook", admin)).GetProperty("url").GetString() == $"https://probe.example/hook-{n}";
            case "channel: callbacks":
                // A callback request knows its customer first.
                using (var customer = await world.SendAsync(HttpMethod.Get, $"/v1/workspaces/{Ws}/customers/c-Chat-cb-probe-{n}", admin))
                    return customer.StatusCode == HttpStatusCode.OK;
            case "admin: templates":
                using (var template = await world.SendAsync(HttpMethod.Get, $"/v1/workspaces/{Ws}/templates/probe-{n}", admin))
                    return template.StatusCode == HttpStatusCode.OK;
            case "channel: rating":
                return (await world.GetJsonAsync($"/v1/workspaces/{Ws}/conversations/c-Chat-rate-{n}-1", admin))
                    .GetProperty("conversation").TryGetProperty("rating", out var given) && given.ValueKind == System.Text.Json.JsonValueKind.Object;
            case "supervisor: conversations":
                return (await world.GetJsonAsync($"/v1/workspaces/{Ws}/conversations/c-Chat-conv-{n}-1", admin))
                    .GetProperty("conversation").GetProperty("status").GetString() == "closed";
            case "supervisor: operator status":
                var status = (await world.GetJsonAsync($"/v1/workspaces/{Ws}/operator-states/ann", admin)).GetProperty("status").GetString();
                var happened = status == (n % 2 == 0 ? "away" : "offline");
                await world.OkAsync(HttpMethod.Put, $"/v1/workspaces/{Ws}/operators/ann/status", admin, new { status = "online" }); // a known state for the next probe
                return happened;
            default:
                return false;
        }
    }
}
