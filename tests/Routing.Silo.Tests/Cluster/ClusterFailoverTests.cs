using System.Diagnostics;
using Routing.Silo.Tests.Api;
using Routing.Testing;
using Xunit.Abstractions;

namespace Routing.Silo.Tests.Cluster;

/// <summary>
/// Three silo processes on one PostgreSQL (R22, R23): load through all three, kill -9 one, and the routing model's
/// invariants hold on the survivors; the killed silo's dialogs answer again, its deadlines fire, and it rejoins.
/// </summary>
public sealed class ClusterFailoverTests(ITestOutputHelper output)
{
    private const string W = "/v1/workspaces/acme";
    private const int Operators = 3;
    private const int Capacity = 4;
    private const int Customers = Operators * Capacity + 3; // every slot taken, three waiting
    private const int Entry = 2;

    /// <summary>Each dialog's first-response SLA: a durable deadline of its conversation, due while the victim is being declared dead.</summary>
    private static readonly TimeSpan SlaTarget = TimeSpan.FromSeconds(4);

    /// <summary>How long after failure detection a deadline of the dead silo may fire on a survivor (the issue's bound).</summary>
    private static readonly TimeSpan DeadlineSlack = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_killed_silos_dialogs_and_deadlines_carry_on_on_the_survivors_and_it_rejoins()
    {
        await using var cluster = await SiloProcessCluster.StartAsync(3);
        var admin = (await ApiWorld.OkAsync(cluster.Http[0]!, HttpMethod.Post, "/v1/workspaces", ApiWorld.BootstrapKey, new { workspaceId = "acme" }))
            .GetProperty("apiKey").GetString()!;
        var channel = (await ApiWorld.OkAsync(cluster.Http[1]!, HttpMethod.Post, $"{W}/api-keys", admin, new { scope = "channel" })).GetProperty("apiKey").GetString()!;
        await ApiWorld.OkAsync(cluster.Http[1]!, HttpMethod.Put, $"{W}/departments/support", admin,
            new { name = "Support", firstResponseTarget = SlaTarget.ToString("c") });
        for (var i = 0; i < Operators; i++)
        {
            var http = cluster.Http[i]!;
            await ApiWorld.OkAsync(http, HttpMethod.Put, $"{W}/operators/op{i}", admin, new { capacity = Capacity, departments = new[] { new { departmentId = "support" } } });
            await ApiWorld.OkAsync(http, HttpMethod.Put, $"{W}/operators/op{i}/status", admin, new { status = "online" });
        }
        // The dialogs arrive through one silo. Orleans' resource-optimized placement prefers the caller's silo but moves
        // activations to a less loaded one, so the victim is whichever silo ended up hosting the most conversations.
        var conversations = new List<string>();
        for (var c = 0; c < Customers; c++)
            conversations.Add((await ApiWorld.OkAsync(cluster.Http[Entry]!, HttpMethod.Post, $"{W}/messages", channel,
                new { channel = "chat", externalCustomerId = $"v{c}", text = $"first from v{c}" }, idempotencyKey: $"v{c}-1")).GetProperty("conversationId").GetString()!);
        var hosted = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => ClusterRequests.ActivationsAsync(cluster.Http[i]!, "conversation")));
        var victim = Array.IndexOf(hosted, hosted.Max());
        var survivors = Enumerable.Range(0, 3).Where(i => i != victim).ToArray();
        output.WriteLine($"conversations hosted per silo: {string.Join(", ", hosted)}; killing silo {victim}");
        Assert.True(hosted[victim] > 0, "the victim hosts conversations before it dies");

        cluster.Kill(victim);
        var killed = Stopwatch.StartNew();
        var killedAt = DateTimeOffset.UtcNow;

        // Every dialog answers and takes a message again through the survivors (retrying, as a client would, what failed
        // while the victim was not yet declared dead), each message acknowledged once under its idempotency key.
        await Task.WhenAll(Enumerable.Range(0, Customers).Select(c => ClusterRequests.Retried(() => ApiWorld.OkAsync(cluster.Http[survivors[c % 2]]!, HttpMethod.Post, $"{W}/messages", channel,
            new { channel = "chat", externalCustomerId = $"v{c}", text = $"second from v{c}" }, idempotencyKey: $"v{c}-2"))));
        var recovered = killed.Elapsed;
        await Eventually.True(async () => (await cluster.MembershipAsync())[cluster.SiloPort(victim)] == SiloProcessCluster.Dead, "the victim declared dead");
        var declaredDeadBy = DateTimeOffset.UtcNow;
        output.WriteLine($"kill -> every dialog took a message again: {recovered.TotalSeconds:F1} s; declared dead within {(declaredDeadBy - killedAt).TotalSeconds:F1} s");

        var survivor = cluster.Http[survivors[0]]!;
        foreach (var (conversation, c) in conversations.Select((id, c) => (id, c)))
        {
            // Nothing acknowledged is lost: both messages, once each, in order.
            var texts = (await ApiWorld.OkAsync(survivor, HttpMethod.Get, $"{W}/conversations/{conversation}/messages", admin))
                .EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToList();
            Assert.Equal([$"first from v{c}", $"second from v{c}"], texts);
        }
        // Every SLA deadline fired once, the victim's on a survivor within failure detection plus the slack.
        await Eventually.True(async () => (await Task.WhenAll(conversations.Select(id => SlaBreachesAsync(survivor, admin, id)))).All(b => b.Count == 1),
            "every dialog's SLA deadline fired", TimeSpan.FromSeconds(30));
        foreach (var conversation in conversations)
        {
            var view = (await ApiWorld.OkAsync(survivor, HttpMethod.Get, $"{W}/conversations/{conversation}", admin)).GetProperty("conversation");
            var due = view.GetProperty("slaDueAt").GetDateTimeOffset();
            var fired = Assert.Single(await SlaBreachesAsync(survivor, admin, conversation));
            Assert.True(fired >= due, $"{conversation}: fired at {fired:O}, before it was due at {due:O}");
            Assert.True(fired <= Later(due, declaredDeadBy) + DeadlineSlack, $"{conversation}: due {due:O}, declared dead by {declaredDeadBy:O}, fired {fired:O}");
        }
        await AssertEveryOpenDialogInExactlyOnePlaceAsync(survivor, admin, conversations);

        await cluster.StartSiloAsync(victim); // the same address and port: a new generation of the silo
        await cluster.WaitForMembershipAsync(3);
        await AssertEveryOpenDialogInExactlyOnePlaceAsync(cluster.Http[victim]!, admin, conversations);
        // While the victim was not yet declared dead, calls to its grains were answered 503 (retry), never as a fault of ours.
        Assert.DoesNotContain("responded 500", string.Concat(survivors.Select(cluster.Output)));
    }

    /// <summary>No operator above capacity; an assigned dialog in its operator's list only, a waiting one in the queue only.</summary>
    private static async Task AssertEveryOpenDialogInExactlyOnePlaceAsync(HttpClient http, string admin, IReadOnlyList<string> conversations)
    {
        var operators = (await ApiWorld.OkAsync(http, HttpMethod.Get, $"{W}/operator-states", admin)).EnumerateArray().ToList();
        var waiting = (await ApiWorld.OkAsync(http, HttpMethod.Get, $"{W}/queues/support?limit=100", admin)).GetProperty("waiting")
            .EnumerateArray().Select(w => w.GetProperty("conversationId").GetString()!).ToList();
        var places = new Dictionary<string, List<string>>();
        foreach (var state in operators)
        {
            var held = state.GetProperty("conversations").EnumerateArray().Select(c => c.GetString()!).ToList();
            Assert.True(held.Count <= state.GetProperty("capacity").GetInt32(), state.ToString());
            Assert.Equal(held.Count, state.GetProperty("load").GetInt32());
            foreach (var conversation in held) Place(places, conversation, state.GetProperty("operatorId").GetString()!);
        }
        foreach (var conversation in waiting) Place(places, conversation, "queue");

        foreach (var conversation in conversations)
        {
            var view = (await ApiWorld.OkAsync(http, HttpMethod.Get, $"{W}/conversations/{conversation}", admin)).GetProperty("conversation");
            var expected = view.GetProperty("status").GetString() switch
            {
                "assigned" => view.GetProperty("operatorId").GetString()!,
                "queued" => "queue",
                var status => throw new Xunit.Sdk.XunitException($"{conversation} is {status}"),
            };
            Assert.Equal([expected], places.GetValueOrDefault(conversation, []));
        }
        Assert.Equal(conversations.Order(), places.Keys.Order());
    }

    private static void Place(Dictionary<string, List<string>> places, string conversation, string place)
    {
        if (!places.TryGetValue(conversation, out var list)) places[conversation] = list = [];
        list.Add(place);
    }

    private static Task<IReadOnlyList<DateTimeOffset>> SlaBreachesAsync(HttpClient http, string admin, string conversation) =>
        ClusterRequests.TimelineAtAsync(http, W, admin, conversation, "sla-breached");

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
