using System.Text.Json;
using Routing.Silo.Tests.Api;
using Routing.Silo.Tests.Realtime;
using Routing.Testing;
using Xunit.Abstractions;

namespace Routing.Silo.Tests.Cluster;

/// <summary>
/// Sessions of a silo killed with -9 (R23): an operator's console and two widgets on the victim reconnect to the survivor
/// with their resume parameters while messages flow. The replay buffer died with the victim, so the resume fails and
/// the fresh session is rebuilt from the durable state and message logs; applied as REALTIME.md says, each client ends
/// up with every message once, the dialogs it holds and the close it missed. The victim's rescue deadlines fire on the
/// survivor within failure detection plus 5 s.
/// </summary>
public sealed class ClusterResumeTests(ITestOutputHelper output)
{
    private const string W = "/v1/workspaces/acme";
    private const string Acme = "acme";
    private const int Rescued = 4;
    private const int ConversationFollowerPage = 100;

    /// <summary>Long after the kill, which follows the customers' last message at once: the victim dies with the deadline pending.</summary>
    private static readonly TimeSpan RescueAfter = TimeSpan.FromSeconds(12);

    private static readonly TimeSpan DeadlineSlack = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Sessions_of_a_killed_silo_rebuild_on_the_survivor_without_losing_a_message_and_its_rescues_fire()
    {
        await using var cluster = await SiloProcessCluster.StartAsync(2);
        var entry = cluster.Http[0]!;
        var admin = (await ApiWorld.OkAsync(entry, HttpMethod.Post, "/v1/workspaces", ApiWorld.BootstrapKey, new { workspaceId = Acme })).GetProperty("apiKey").GetString()!;
        var channel = (await ApiWorld.OkAsync(entry, HttpMethod.Post, $"{W}/api-keys", admin, new { scope = "channel" })).GetProperty("apiKey").GetString()!;
        await ApiWorld.OkAsync(entry, HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support" });
        await ApiWorld.OkAsync(entry, HttpMethod.Put, $"{W}/departments/rescue", admin,
            new { name = "Rescue", rescue = new { after = RescueAfter.ToString("c"), warningLead = "00:00:02" } });
        await ApiWorld.OkAsync(entry, HttpMethod.Put, $"{W}/entry-routing", admin,
            new { defaultDepartmentId = "support", rules = new[] { new { departmentId = "rescue", topics = new[] { "rescue" } } } });
        foreach (var (op, department) in new[] { ("ann", "support"), ("rob", "rescue") })
        {
            await ApiWorld.OkAsync(entry, HttpMethod.Put, $"{W}/operators/{op}", admin, new { capacity = Rescued, departments = new[] { new { departmentId = department } } });
            await ApiWorld.OkAsync(entry, HttpMethod.Put, $"{W}/operators/{op}/status", admin, new { status = "online" });
        }
        var chatting = await OpenAsync(entry, channel, "c1", topic: null);
        var closing = await OpenAsync(entry, channel, "c2", topic: null);
        var rescues = new List<string>();
        var robToken = await TokenAsync(entry, $"{W}/operators/rob/tokens", admin, new { });
        for (var r = 0; r < Rescued; r++) rescues.Add(await OpenAsync(entry, channel, $"r{r}", "rescue"));
        // rob answers once (the rescue clocks stop), then never again; the customers write again just before the kill,
        // so every rescue deadline is pending when the victim dies.
        foreach (var id in rescues)
            await ApiWorld.OkAsync(entry, HttpMethod.Post, $"{W}/operator/conversations/{id}/messages", robToken, new { text = "one moment" }, idempotencyKey: $"{id}-rob");

        // The victim is the silo hosting the most conversations (so most rescue deadlines die with it); the clients sit on it.
        var hosted = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => ClusterRequests.ActivationsAsync(cluster.Http[i]!, "conversation")));
        var victim = hosted[1] > hosted[0] ? 1 : 0;
        var survivor = cluster.Http[1 - victim]!;
        output.WriteLine($"conversations hosted per silo: {string.Join(", ", hosted)}; killing silo {victim}");
        Assert.True(hosted[victim] > 0, "the victim hosts conversations before it dies");
        var at = cluster.Http[victim]!.BaseAddress!;
        var annToken = await TokenAsync(entry, $"{W}/operators/ann/tokens", admin, new { });
        var c1Token = await TokenAsync(entry, $"{W}/customer-tokens", channel, new { externalCustomerId = "c1" });
        var c2Token = await TokenAsync(entry, $"{W}/customer-tokens", channel, new { externalCustomerId = "c2" });

        var ann = new ClientState();
        var c1 = new ClientState();
        var c2 = new ClientState();
        var annWs = await ConnectAsync(at, "operator", annToken, ann, resume: null);
        var c1Ws = await ConnectAsync(at, "customer", c1Token, c1, resume: null);
        var c2Ws = await ConnectAsync(at, "customer", c2Token, c2, resume: null);
        await ann.ApplyUntil(annWs, () => ann.Dialogs.SetEquals([chatting, closing]), "ann's console shows both dialogs");
        await c1.ApplyUntil(c1Ws, () => c1.Statuses.GetValueOrDefault(chatting) == "assigned", "c1's widget follows its dialog");
        await c2.ApplyUntil(c2Ws, () => c2.Statuses.GetValueOrDefault(closing) == "assigned", "c2's widget follows its dialog");

        // Customer and operator write to each other until the silo under them is killed; the command in flight then is
        // unanswered and sent again, under its clientMessageId, on the new session.
        var exchanged = new TaskCompletionSource();
        var unanswered = new List<(string Who, object Data)>();
        var flow = Task.Run(async () =>
        {
            for (var k = 1; ; k++)
            {
                foreach (var (client, who, data) in new (WsClient, string, object)[]
                         {
                             (c1Ws, "c1", new { text = $"c1 says {k}", clientMessageId = $"c1-{k}" }),
                             (annWs, "ann", new { conversationId = chatting, text = $"ann says {k}", clientMessageId = $"ann-{k}" }),
                         })
                {
                    try
                    {
                        await client.OkAsync("send", data);
                    }
                    catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.Net.WebSockets.WebSocketException)
                    {
                        unanswered.Add((who, data));
                        return;
                    }
                }
                if (k == 3) exchanged.SetResult();
            }
        });
        await exchanged.Task.WaitAsync(WsClient.Patience);
        for (var r = 0; r < Rescued; r++)
            await ApiWorld.OkAsync(entry, HttpMethod.Post, $"{W}/messages", channel, new { channel = "chat", externalCustomerId = $"r{r}", text = "still there?" }, idempotencyKey: $"r{r}-again");
        var rescueDue = await Task.WhenAll(rescues.Select(async id => (await ViewAsync(entry, admin, id)).GetProperty("awaitingReplySince").GetDateTimeOffset() + RescueAfter));
        cluster.Kill(victim);
        var killedAt = DateTimeOffset.UtcNow;
        var declaredDead = Task.Run(async () =>
        {
            await Eventually.True(async () => (await cluster.MembershipAsync())[cluster.SiloPort(victim)] == SiloProcessCluster.Dead, "the victim declared dead");
            return DateTimeOffset.UtcNow;
        });
        await flow.WaitAsync(WsClient.Patience);
        ann.Apply(annWs.Drain());
        c1.Apply(c1Ws.Drain());
        c2.Apply(c2Ws.Drain());

        // While they are away: the visitor writes from another tab, the operator from the REST API, a supervisor closes c2.
        await ClusterRequests.Retried(() => ApiWorld.OkAsync(survivor, HttpMethod.Post, $"{W}/messages", channel,
            new { channel = "chat", externalCustomerId = "c1", text = "c1 from another tab" }, idempotencyKey: "c1-tab"));
        var recovered = DateTimeOffset.UtcNow - killedAt;
        // More than a snapshot's page (100), so each client must read the hole with history.
        for (var m = 1; m <= ConversationFollowerPage; m++)
            await ClusterRequests.Retried(() => ApiWorld.OkAsync(survivor, HttpMethod.Post, $"{W}/operator/conversations/{chatting}/messages", annToken,
                new { text = $"ann from the API {m}" }, idempotencyKey: $"ann-api-{m}"));
        await ClusterRequests.Retried(() => ApiWorld.OkAsync(survivor, HttpMethod.Post, $"{W}/conversations/{closing}/close", admin));

        // Each client reconnects to the survivor with its resume parameters: the session died with the victim.
        var rebuilt = new List<WsClient>();
        foreach (var (old, state, role, token) in new[] { (annWs, ann, "operator", annToken), (c1Ws, c1, "customer", c1Token), (c2Ws, c2, "customer", c2Token) })
        {
            var fresh = await ConnectAsync(survivor.BaseAddress!, role, token, state, resume: old);
            Assert.False(fresh.Welcome.GetProperty("resumed").GetBoolean());
            Assert.Equal("unknown-or-expired", fresh.Welcome.GetProperty("resumeFailed").GetString());
            rebuilt.Add(fresh);
            await old.DisposeAsync();
        }
        (annWs, c1Ws, c2Ws) = (rebuilt[0], rebuilt[1], rebuilt[2]);
        foreach (var (who, data) in unanswered) await (who == "ann" ? annWs : c1Ws).OkAsync("send", data);
        await c1Ws.OkAsync("send", new { text = "c1 after", clientMessageId = "c1-after" });
        await annWs.OkAsync("send", new { conversationId = chatting, text = "ann after", clientMessageId = "ann-after" });

        // What each client ends up with, once it read its snapshot and filled any hole with history, is the stored log.
        var chatLog = await StoredAsync(survivor, admin, chatting);
        var closedLog = await StoredAsync(survivor, admin, closing);
        var last = chatLog.Count; // sequences run from 1 without gaps
        await ann.ApplyUntil(annWs, () => ann.LastSequence(chatting) == last && ann.Dialogs.SetEquals([chatting]), "ann's console caught up");
        Assert.True(ann.HasHoles(chatting), "the console's snapshot page did not reach what it had before the kill");
        await ann.FillHolesAsync(chatting, (from, limit) => annWs.OkAsync("history", new { conversationId = chatting, from, limit }));
        await c1.ApplyUntil(c1Ws, () => c1.LastSequence(chatting) == last, "c1's widget caught up");
        Assert.True(c1.HasHoles(chatting), "the widget's snapshot page did not reach what it had before the kill");
        await c1.FillHolesAsync(chatting, (from, limit) => c1Ws.OkAsync("history", new { from, limit }));
        await c2.ApplyUntil(c2Ws, () => c2.Statuses.GetValueOrDefault(closing) == "closed" && c2.LastSequence(closing) == closedLog.Count,
            "c2's widget learnt of the close");
        await c2.FillHolesAsync(closing, (from, limit) => c2Ws.OkAsync("history", new { from, limit }));

        Assert.Equal(chatLog, ann.Messages(chatting));
        Assert.Equal(chatLog, c1.Messages(chatting));
        Assert.Equal(closedLog, c2.Messages(closing));
        Assert.Equal([chatting], ann.Dialogs); // the closed dialog is gone from the console
        Assert.Equal("assigned", ann.Statuses[chatting]);
        Assert.Equal("assigned", c1.Statuses[chatting]);
        // Every text once: a resent command was stored once, and nothing the clients saw before the kill is missing.
        var texts = chatLog.Select(m => m[(m.IndexOf(' ', m.IndexOf(' ') + 1) + 1)..]).ToList();
        Assert.Equal(texts.Distinct().Count(), texts.Count);
        Assert.Contains("c1 from another tab", texts);
        Assert.Contains($"ann from the API {ConversationFollowerPage}", texts);
        Assert.Contains("c1 says 3", texts);
        Assert.Contains("ann says 3", texts);
        output.WriteLine($"kill -> the survivor took the first write: {recovered.TotalSeconds:F1} s; {chatLog.Count} messages in the chat; " +
                         $"sent again on the new session: {string.Join(", ", unanswered.Select(u => u.Who))}");

        // The victim's rescue deadlines fired on the survivor, after they fell due and within detection plus the slack.
        await Eventually.True(async () => (await Task.WhenAll(rescues.Select(id => ClusterRequests.TimelineAtAsync(survivor, W, admin, id, "rescued")))).All(r => r.Count == 1),
            "every rescue deadline fired", TimeSpan.FromSeconds(60));
        var declaredDeadBy = await declaredDead;
        foreach (var (id, due) in rescues.Zip(rescueDue))
        {
            var fired = Assert.Single(await ClusterRequests.TimelineAtAsync(survivor, W, admin, id, "rescued"));
            output.WriteLine($"{id}: due {due:O}, rescued {fired:O} ({(fired - killedAt).TotalSeconds:F1} s after the kill)");
            Assert.True(due > killedAt, $"{id}: due {due:O}, before the kill at {killedAt:O}");
            Assert.True(fired >= due, $"{id}: rescued at {fired:O}, before it was due at {due:O}");
            Assert.True(fired <= (due > declaredDeadBy ? due : declaredDeadBy) + DeadlineSlack, $"{id}: due {due:O}, declared dead by {declaredDeadBy:O}, rescued {fired:O}");
        }
        foreach (var client in rebuilt) await client.DisposeAsync();
    }

    /// <summary>Connects (or reconnects with the old connection's resume parameters) and applies the connection's first frames.</summary>
    private static async Task<WsClient> ConnectAsync(Uri silo, string role, string token, ClientState state, WsClient? resume)
    {
        var client = await WsClient.ConnectAsync(silo, Acme, role, token, resume?.SessionId, resume?.LastSeq);
        state.Connected(client.Welcome.GetProperty("resumed").GetBoolean());
        // The snapshot's last frame: `reminders` for a console, `ready` (then the conversation's frames) for a widget.
        var last = await client.NextAsync(role == "operator" ? "reminders" : "ready");
        state.Apply(client.Drain());
        state.Apply(last);
        return client;
    }

    private static async Task<string> OpenAsync(HttpClient http, string channel, string customer, string? topic) =>
        (await ApiWorld.OkAsync(http, HttpMethod.Post, $"{W}/messages", channel,
            new { channel = "chat", externalCustomerId = customer, text = $"hello from {customer}", topic }, idempotencyKey: $"{customer}-open"))
        .GetProperty("conversationId").GetString()!;

    private static async Task<string> TokenAsync(HttpClient http, string path, string key, object body) =>
        (await ApiWorld.OkAsync(http, HttpMethod.Post, path, key, body)).GetProperty("token").GetString()!;

    private static async Task<JsonElement> ViewAsync(HttpClient http, string admin, string conversation) =>
        (await ApiWorld.OkAsync(http, HttpMethod.Get, $"{W}/conversations/{conversation}", admin)).GetProperty("conversation");

    private static async Task<IReadOnlyList<string>> StoredAsync(HttpClient http, string admin, string conversation) =>
        (await ApiWorld.OkAsync(http, HttpMethod.Get, $"{W}/conversations/{conversation}/messages?limit=500", admin))
        .EnumerateArray().Select(ClientState.Describe).ToList();
}
