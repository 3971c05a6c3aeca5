using System.Net;
using Routing.Silo.Tests.Api;
using Routing.Testing;

namespace Routing.Silo.Tests.Cluster;

/// <summary>
/// A duplicate activation, as while membership converges after a failure: two silos on one database that do not see
/// each other (two cluster ids) each activate the same conversation. ETag fencing lets only the activation that read the
/// newest version write; the other's write is refused (503, retry), it is dropped, and the retry reads the winner.
/// </summary>
public sealed class DuplicateActivationTests
{
    private const string W = "/v1/workspaces/acme";

    [Fact]
    public async Task Writes_of_the_stale_copy_are_refused_and_state_and_logs_stay_whole()
    {
        var server = await PostgresServer.GetSharedAsync();
        var database = await server.CreateDatabaseAsync("duplicate");
        try
        {
            await ProvokeAndCheckAsync(database);
        }
        finally
        {
            await server.DropDatabaseAsync(database); // once every silo on it stopped
        }
    }

    private static async Task ProvokeAndCheckAsync(string database)
    {
        string[] Args(string cluster) => ["--Storage:Provider=postgresql", $"--Storage:PostgreSql:ConnectionString={database}",
            $"--Cluster:ClusterId={cluster}", $"--Auth:BootstrapKey={ApiWorld.BootstrapKey}"];
        await using var a = await RunningSilo.StartAsync(Args("a"));
        await using var b = await RunningSilo.StartAsync(Args("b"));
        var admin = (await ApiWorld.OkAsync(a.Http, HttpMethod.Post, "/v1/workspaces", ApiWorld.BootstrapKey, new { workspaceId = "acme" })).GetProperty("apiKey").GetString()!;
        var channel = (await ApiWorld.OkAsync(a.Http, HttpMethod.Post, $"{W}/api-keys", admin, new { scope = "channel" })).GetProperty("apiKey").GetString()!;
        await ApiWorld.OkAsync(a.Http, HttpMethod.Put, $"{W}/departments/support", admin, new { name = "Support" });
        await ApiWorld.OkAsync(a.Http, HttpMethod.Put, $"{W}/operators/ann", admin, new { capacity = 3, departments = new[] { new { departmentId = "support" } } });
        await ApiWorld.OkAsync(a.Http, HttpMethod.Put, $"{W}/operators/ann/status", admin, new { status = "online" });

        // The customer's grains are active on both silos; each message goes through the other one than the last.
        var refused = 0;
        string? conversation = null;
        for (var m = 1; m <= 4; m++)
        {
            var silo = m % 2 == 1 ? a : b;
            var body = new { channel = "chat", externalCustomerId = "v1", text = $"message {m}" };
            for (var attempt = 1; ; attempt++)
            {
                using var response = await silo.Http.SendAsync(ApiWorld.Request(HttpMethod.Post, $"{W}/messages", channel, body, $"v1-{m}"));
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 5)
                {
                    refused++;
                    continue;
                }
                var answer = await ApiWorld.JsonAsync(response);
                Assert.True(response.IsSuccessStatusCode, $"message {m}, attempt {attempt}: {(int)response.StatusCode} {answer}\n{silo.Log.Errors}");
                Assert.Equal(conversation ??= answer.GetProperty("conversationId").GetString(), answer.GetProperty("conversationId").GetString());
                break;
            }
        }

        Assert.True(refused > 0, "a stale copy's write was refused");
        // What is stored, read by fresh activations (a silo of a third cluster): every acknowledged message once, in
        // order, and one consistent state around it. (A stale copy's reads stay stale until it writes: a real duplicate
        // lives only until membership converges, these two never do.)
        await using (var silo = await RunningSilo.StartAsync(Args("c")))
        {
            var messages = (await ApiWorld.OkAsync(silo.Http, HttpMethod.Get, $"{W}/conversations/{conversation}/messages", admin)).EnumerateArray().ToList();
            Assert.Equal(["message 1", "message 2", "message 3", "message 4"], messages.Select(m => m.GetProperty("text").GetString()));
            Assert.Equal([1L, 2L, 3L, 4L], messages.Select(m => m.GetProperty("sequence").GetInt64()));
            var view = (await ApiWorld.OkAsync(silo.Http, HttpMethod.Get, $"{W}/conversations/{conversation}", admin)).GetProperty("conversation");
            Assert.Equal((4, "ann"), (view.GetProperty("messageCount").GetInt32(), view.GetProperty("operatorId").GetString()));
            var ann = await ApiWorld.OkAsync(silo.Http, HttpMethod.Get, $"{W}/operator-states/ann", admin);
            Assert.Equal([conversation], ann.GetProperty("conversations").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(1, ann.GetProperty("load").GetInt32());
        }
    }
}
